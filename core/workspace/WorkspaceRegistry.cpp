#include "workspace/WorkspaceRegistry.h"

#include "Error.h"
#include "syntax/SyntaxWorkspace.h"
#include "workspace/PlannedWorkspaces.h"

namespace sonde {

void WorkspaceRegistry::add(WorkspaceInfo info)
{
    if (info.key.isEmpty())
        throw Error(QStringLiteral("a workspace needs a key"));
    if (find(info.key))
        throw Error(QStringLiteral("workspace \"%1\" is registered twice").arg(info.key));
    m_workspaces.append(std::move(info));
}

const WorkspaceInfo* WorkspaceRegistry::find(const QString& key) const
{
    for (const WorkspaceInfo& w : m_workspaces)
        if (w.key == key)
            return &w;
    return nullptr;
}

const WorkspaceRegistry& WorkspaceRegistry::builtin()
{
    static const WorkspaceRegistry registry = [] {
        WorkspaceRegistry r;
        registerSyntaxWorkspace(r);
        registerPlannedWorkspaces(r);
        return r;
    }();
    return registry;
}

} // namespace sonde
