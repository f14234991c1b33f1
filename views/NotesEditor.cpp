#include "NotesEditor.h"

#include "project/commands/EditNotesCommand.h"

#include <QUndoStack>

namespace sonde {

NotesEditor::NotesEditor(Workspace workspace, Project* project, QUndoStack* undoStack, QWidget* parent)
    : QPlainTextEdit(parent), m_workspace(workspace), m_project(project), m_undoStack(undoStack)
{
    setObjectName(QStringLiteral("notes"));
    setPlaceholderText(QStringLiteral("Hypotheses, observations, what to try next…"));
    setUndoRedoEnabled(false); // the project's undo stack owns undo
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_syncing || toPlainText() == m_project->notes(m_workspace))
            return;
        m_undoStack->push(new EditNotesCommand(m_project, m_workspace, toPlainText()));
    });
    connect(m_project, &Project::workspaceChanged, this, [this](Workspace w) {
        if (w == m_workspace)
            syncFromProject();
    });
    syncFromProject();
}

void NotesEditor::syncFromProject()
{
    const QString text = m_project->notes(m_workspace);
    if (toPlainText() == text)
        return;
    m_syncing = true;
    setPlainText(text);
    moveCursor(QTextCursor::End);
    m_syncing = false;
}

} // namespace sonde
