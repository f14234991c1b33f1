#include "syntax/SyntaxViews.h"

#include "syntax/SyntaxFigures.h"
#include "syntax/SyntaxPage.h"
#include "syntax/SyntaxWorkspace.h"
#include "workspace/ViewRegistry.h"

namespace sonde {

void registerSyntaxViews(ViewRegistry& registry)
{
    registry.add({kSyntaxKey, [](const WorkspaceContext& context, QWidget* parent) -> WorkspacePage* { return new SyntaxPage(context, parent); },
                  exportSyntaxFigures});
}

} // namespace sonde
