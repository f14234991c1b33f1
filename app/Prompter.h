#pragma once
// What the window tells or asks its user goes through a Prompter, so that the
// same window runs with dialogs on a desktop, with stderr in a headless batch
// export, and with scripted answers in a test, instead of each caller checking
// which of those it is in.
#include <QString>
#include <QStringList>

class QWidget;

namespace sonde {

class Prompter {
public:
    virtual ~Prompter() = default;
    virtual void error(const QString& title, const QString& message) = 0;
    // Offers `options` (labels of buttons); returns the index chosen, or -1
    // when the user cancels.
    virtual int choose(const QString& title, const QString& text, const QStringList& options) = 0;
};

// Modal message boxes over `parent`.
class DialogPrompter : public Prompter {
public:
    explicit DialogPrompter(QWidget* parent) : m_parent(parent) {}
    void error(const QString& title, const QString& message) override;
    int choose(const QString& title, const QString& text, const QStringList& options) override;

private:
    QWidget* m_parent;
};

// No one to ask: errors go to stderr and every question is cancelled.
class StderrPrompter : public Prompter {
public:
    void error(const QString& title, const QString& message) override;
    int choose(const QString& title, const QString& text, const QStringList& options) override;
};

} // namespace sonde
