// The built-in workspaces' engines over real models: one line per workspace.
#include "model/ModelStore.h"
#include "syntax/SyntaxEngine.h"
#include "workspace/Engines.h"

namespace sonde {

void registerModelEngines(Engines& engines, ModelStore& models)
{
    engines.add<SyntaxEngine>(modelSyntaxEngine(models));
}

} // namespace sonde
