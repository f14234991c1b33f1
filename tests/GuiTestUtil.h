#pragma once
// For the GUI tests: a Prompter that answers in place of a person and keeps
// what the window said, so a test asserts the errors and questions a user
// would have seen instead of a dialog blocking the run.
#include "MainWindow.h"
#include "Prompter.h"

#include <QList>
#include <QStringList>

namespace testutil {

class ScriptedPrompter : public sonde::Prompter {
public:
    QStringList errors;     // "title: message"
    QStringList questions;  // the texts asked
    QList<int> answers;     // given in turn; when none are left, the question is cancelled

    void error(const QString& title, const QString& message) override { errors << title + QStringLiteral(": ") + message; }
    int choose(const QString& title, const QString& text, const QStringList&) override
    {
        questions << title + QStringLiteral(": ") + text;
        return answers.isEmpty() ? -1 : answers.takeFirst();
    }
};

// Installs a ScriptedPrompter on `window` and returns it (owned by the window).
inline ScriptedPrompter* scriptPrompts(sonde::MainWindow& window)
{
    auto prompter = std::make_unique<ScriptedPrompter>();
    ScriptedPrompter* raw = prompter.get();
    window.setPrompter(std::move(prompter));
    return raw;
}

} // namespace testutil
