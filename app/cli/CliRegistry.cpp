#include "cli/CliCommands.h"

#include "Error.h"
#include "syntax/SyntaxCommands.h"

namespace sonde::cli {

void Registry::add(Command command)
{
    if (find(command.name))
        throw Error(QStringLiteral("sonde-cli command \"%1\" is registered twice").arg(command.name));
    m_commands.append(std::move(command));
}

const Command* Registry::find(const QString& name) const
{
    for (const Command& c : m_commands)
        if (c.name == name)
            return &c;
    return nullptr;
}

void registerBuiltinCommands(Registry& registry)
{
    registerModelCommands(registry);
    registerSyntaxCommands(registry);
    registerTrainCommands(registry);
    registerProjectCommands(registry);
}

} // namespace sonde::cli
