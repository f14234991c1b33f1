#pragma once
#include "project/Project.h"
#include <QUndoCommand>

namespace sonde {

// Edits a workspace's notes. Consecutive edits of the same workspace merge, so
// one undo takes back a whole burst of typing rather than a character.
class EditNotesCommand : public QUndoCommand {
public:
    static constexpr int kId = 1001;
    EditNotesCommand(Project* project, Workspace workspace, const QString& text);
    void redo() override;
    void undo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Project* m_project;
    Workspace m_workspace;
    QString m_old;
    QString m_new;
};

} // namespace sonde
