#include "project/commands/RemoveModelCommand.h"

namespace sonde {

RemoveModelCommand::RemoveModelCommand(Project* project, const QString& modelId)
    : m_project(project), m_id(modelId)
{
    const ModelRef* m = project->model(modelId);
    setText(QStringLiteral("Remove Model %1").arg(m ? m->name : modelId));
}

void RemoveModelCommand::redo()
{
    m_removed = m_project->removeModel(m_id, &m_index);
}

void RemoveModelCommand::undo()
{
    m_project->insertModel(m_index, m_removed);
}

} // namespace sonde
