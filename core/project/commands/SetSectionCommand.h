#pragma once
// The one command that changes a workspace's section of the project: a new
// value for the whole section, undone by the old one. Workspaces build the new
// value from their typed section (toJson) and push this; nothing else writes a
// section. Commands with the same MergeId on the same section merge.
#include "project/Project.h"
#include "project/commands/MergeIds.h"

#include <QUndoCommand>

namespace sonde {

class SetSectionCommand : public QUndoCommand {
public:
    SetSectionCommand(Project* project, const QString& key, const QJsonObject& section, const QString& text,
                      MergeId merge = MergeId::None);
    void redo() override;
    void undo() override;
    int id() const override { return int(m_merge); }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Project* m_project;
    QString m_key;
    QJsonObject m_old;
    QJsonObject m_new;
    MergeId m_merge;
};

// A section with its "notes" replaced, as a SetSectionCommand that merges
// with the edit before it.
SetSectionCommand* editNotesCommand(Project* project, const QString& key, const QString& notes);

} // namespace sonde
