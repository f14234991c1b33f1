#pragma once
#include "project/Project.h"
#include <QUndoCommand>

namespace sonde {

// Replaces a workspace's section of the project (its settings and results),
// e.g. when an analysis finishes. Undo restores the previous section.
class SetWorkspaceCommand : public QUndoCommand {
public:
    SetWorkspaceCommand(Project* project, Workspace workspace, const QJsonObject& section, const QString& text);
    void redo() override;
    void undo() override;

private:
    Project* m_project;
    Workspace m_workspace;
    QJsonObject m_old;
    QJsonObject m_new;
};

} // namespace sonde
