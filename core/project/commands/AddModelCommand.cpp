#include "project/commands/AddModelCommand.h"

namespace sonde {

AddModelCommand::AddModelCommand(Project* project, const ModelRef& model)
    : QUndoCommand(QStringLiteral("Add Model %1").arg(model.name)), m_project(project), m_model(model)
{
}

void AddModelCommand::redo()
{
    m_project->insertModel(int(m_project->models().size()), m_model);
}

void AddModelCommand::undo()
{
    m_project->removeModel(m_model.id);
}

} // namespace sonde
