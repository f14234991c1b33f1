#include "Prompter.h"

#include <QMessageBox>
#include <QPushButton>
#include <cstdio>

namespace sonde {

void DialogPrompter::error(const QString& title, const QString& message)
{
    QMessageBox::warning(m_parent, title, message);
}

int DialogPrompter::choose(const QString& title, const QString& text, const QStringList& options)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, m_parent);
    QList<QAbstractButton*> buttons;
    for (const QString& option : options)
        buttons << box.addButton(option, QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    return int(buttons.indexOf(box.clickedButton()));
}

void StderrPrompter::error(const QString& title, const QString& message)
{
    std::fprintf(stderr, "sonde: %s: %s\n", qPrintable(title), qPrintable(message));
}

int StderrPrompter::choose(const QString& title, const QString& text, const QStringList&)
{
    std::fprintf(stderr, "sonde: %s: %s (no one to ask: cancelled)\n", qPrintable(title), qPrintable(text));
    return -1;
}

} // namespace sonde
