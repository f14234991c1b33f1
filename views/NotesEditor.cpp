#include "NotesEditor.h"

#include "project/Project.h"
#include "project/commands/SetSectionCommand.h"

#include <QMimeData>
#include <QUndoStack>

namespace sonde {

namespace {

// Qt lays out a paragraph with no break opportunity in time quadratic in its
// length when it wraps at word boundaries (20 MB of one line took minutes to
// show or export); wrapping anywhere is linear. Ordinary notes keep word wrap.
constexpr qsizetype kLongestWordForWordWrap = 2000;

bool hasVeryLongWord(const QString& text)
{
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c.isSpace() ? 0 : run + 1;
        if (run > kLongestWordForWordWrap)
            return true;
    }
    return false;
}

} // namespace

NotesEditor::NotesEditor(const WorkspaceContext& context, const QString& key, QWidget* parent)
    : QPlainTextEdit(parent), m_context(context), m_key(key)
{
    setObjectName(QStringLiteral("notes"));
    setPlaceholderText(QStringLiteral("Hypotheses, observations, what to try next…"));
    setUndoRedoEnabled(false); // the project's undo stack owns undo
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_syncing)
            return;
        const QString text = toPlainText();
        setWrapping(hasVeryLongWord(text));
        if (text != m_context.project->notes(m_key) && !m_context.project->isSectionNewer(m_key))
            m_context.undo->push(editNotesCommand(m_context.project, m_key, text));
    });
    connect(m_context.project, &Project::sectionChanged, this, [this](const QString& key) {
        if (key == m_key)
            syncFromProject();
    });
    setReadOnly(m_context.project->isSectionNewer(m_key));
    syncFromProject();
}

void NotesEditor::syncFromProject()
{
    setReadOnly(m_context.project->isSectionNewer(m_key)); // a newer Sonde's section is kept as it is
    const QString text = m_context.project->notes(m_key);
    if (toPlainText() == text)
        return;
    m_syncing = true;
    // Wrapping anywhere goes on before a long line arrives and word wrap
    // comes back only after it has gone, so it is never laid out word-wrapped.
    const bool longWord = hasVeryLongWord(text);
    if (longWord)
        setWrapping(true);
    setPlainText(text);
    if (!longWord)
        setWrapping(false);
    moveCursor(QTextCursor::End);
    m_syncing = false;
}

void NotesEditor::setWrapping(bool anywhere)
{
    const auto mode = anywhere ? QTextOption::WrapAnywhere : QTextOption::WrapAtWordBoundaryOrAnywhere;
    if (wordWrapMode() != mode)
        setWordWrapMode(mode);
}

void NotesEditor::insertFromMimeData(const QMimeData* source)
{
    if (source->hasText() && hasVeryLongWord(source->text()))
        setWrapping(true); // before the paste is laid out
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace sonde
