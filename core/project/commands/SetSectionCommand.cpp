#include "project/commands/SetSectionCommand.h"

#include "workspace/WorkspaceRegistry.h"

namespace sonde {

SetSectionCommand::SetSectionCommand(Project* project, const QString& key, const QJsonObject& section, const QString& text,
                                     MergeId merge)
    : QUndoCommand(text), m_project(project), m_key(key), m_old(project->section(key)), m_new(section), m_merge(merge)
{
}

void SetSectionCommand::redo()
{
    m_project->setSection(m_key, m_new);
}

void SetSectionCommand::undo()
{
    m_project->setSection(m_key, m_old);
}

bool SetSectionCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const SetSectionCommand*>(other); // same id: same type
    if (next->m_project != m_project || next->m_key != m_key)
        return false;
    m_new = next->m_new;
    return true;
}

SetSectionCommand* editNotesCommand(Project* project, const QString& key, const QString& notes)
{
    QJsonObject section = project->section(key);
    section.insert(QStringLiteral("notes"), notes);
    const WorkspaceInfo* info = project->registry().find(key);
    return new SetSectionCommand(project, key, section, QStringLiteral("Edit %1 Notes").arg(info ? info->title : key), MergeId::Notes);
}

} // namespace sonde
