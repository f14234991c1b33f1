#include "project/commands/ReplaceModelCommand.h"

#include "Error.h"

namespace sonde {

ReplaceModelCommand::ReplaceModelCommand(Project* project, const ModelRef& model)
    : QUndoCommand(QStringLiteral("Update Model %1").arg(model.name)), m_project(project), m_new(model)
{
    const ModelRef* old = project->model(model.id);
    if (!old)
        throw Error(QStringLiteral("no model with id %1 in the project").arg(model.id));
    m_old = *old;
}

void ReplaceModelCommand::redo()
{
    m_project->replaceModel(m_new);
}

void ReplaceModelCommand::undo()
{
    m_project->replaceModel(m_old);
}

} // namespace sonde
