#include "workspace/ViewRegistry.h"

#include "Error.h"
#include "planned/PlannedPage.h"
#include "syntax/SyntaxViews.h"

namespace sonde {

void ViewRegistry::add(WorkspaceView view)
{
    if (find(view.key))
        throw Error(QStringLiteral("the views of workspace \"%1\" are registered twice").arg(view.key));
    m_views.append(std::move(view));
}

const WorkspaceView* ViewRegistry::find(const QString& key) const
{
    for (const WorkspaceView& v : m_views)
        if (v.key == key)
            return &v;
    return nullptr;
}

const ViewRegistry& ViewRegistry::builtin()
{
    static const ViewRegistry registry = [] {
        ViewRegistry r;
        registerSyntaxViews(r);
        registerPlannedViews(r);
        return r;
    }();
    return registry;
}

} // namespace sonde
