#include "project/commands/EditNotesCommand.h"

namespace sonde {

EditNotesCommand::EditNotesCommand(Project* project, Workspace workspace, const QString& text)
    : QUndoCommand(QStringLiteral("Edit %1 Notes").arg(workspaceTitle(workspace))), m_project(project),
      m_workspace(workspace), m_old(project->notes(workspace)), m_new(text)
{
}

void EditNotesCommand::redo()
{
    m_project->setNotes(m_workspace, m_new);
}

void EditNotesCommand::undo()
{
    m_project->setNotes(m_workspace, m_old);
}

bool EditNotesCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const EditNotesCommand*>(other);
    if (next->m_project != m_project || next->m_workspace != m_workspace)
        return false;
    m_new = next->m_new;
    return true;
}

} // namespace sonde
