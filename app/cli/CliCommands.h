#pragma once
// sonde-cli's commands, registered by groups (models, training, projects) and
// by each workspace (syntax), so the entry point loops over them and names
// none. Adding a workspace's commands: a register function in app/<ws>/ and
// one line in registerBuiltinCommands().
#include <QList>
#include <QStringList>
#include <QTextStream>
#include <functional>

namespace sonde::cli {

QTextStream& out();
QTextStream& err();

struct Command {
    QString name;
    QString usage; // the lines `sonde-cli --help` shows for it, indented as the others
    // Draws figures: needs a QGuiApplication (offscreen when there is no display).
    bool needsGui = false;
    // Returns the exit code; usage errors throw UsageError, failures sonde::Error.
    std::function<int(const QStringList& args)> run;
};

class Registry {
public:
    void add(Command command);
    const Command* find(const QString& name) const;
    const QList<Command>& all() const { return m_commands; }

private:
    QList<Command> m_commands;
};

void registerBuiltinCommands(Registry& registry);
void registerModelCommands(Registry& registry);   // info, generate, dump
void registerTrainCommands(Registry& registry);   // corpus, train, perplexity
void registerProjectCommands(Registry& registry); // export

class Args;
// --device auto|cpu|cuda and --threads N, shared by the model commands: sets
// the threads and returns the device ("cpu", "cuda:0").
QString applyComputeOptions(const Args& args);

} // namespace sonde::cli
