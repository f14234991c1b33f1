#include "project/commands/SetWorkspaceCommand.h"

namespace sonde {

SetWorkspaceCommand::SetWorkspaceCommand(Project* project, Workspace workspace, const QJsonObject& section, const QString& text)
    : QUndoCommand(text), m_project(project), m_workspace(workspace), m_old(project->workspace(workspace)), m_new(section)
{
}

void SetWorkspaceCommand::redo()
{
    m_project->setWorkspace(m_workspace, m_new);
}

void SetWorkspaceCommand::undo()
{
    m_project->setWorkspace(m_workspace, m_old);
}

} // namespace sonde
