#include "project/commands/RenameProjectCommand.h"

namespace sonde {

RenameProjectCommand::RenameProjectCommand(Project* project, const QString& name)
    : QUndoCommand(QStringLiteral("Rename Project")), m_project(project), m_old(project->name()), m_new(name)
{
}

void RenameProjectCommand::redo()
{
    m_project->setName(m_new);
}

void RenameProjectCommand::undo()
{
    m_project->setName(m_old);
}

} // namespace sonde
