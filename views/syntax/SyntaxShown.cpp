#include "syntax/SyntaxShown.h"

#include "project/Project.h"

namespace sonde {

QString SyntaxShown::selectionText() const
{
    return QStringLiteral("%1 on %2").arg(modelName.isEmpty() ? QStringLiteral("no model") : modelName, data.describe());
}

QString SyntaxShown::missingRunText() const
{
    if (modelId.isEmpty() && !run)
        return QStringLiteral("No model in the project yet: add one with Model ▸ Open Model Folder…, then Score Heads.");
    return QStringLiteral("No run of %1 yet: Score Heads to score every head of it.").arg(selectionText());
}

bool SyntaxShown::runFromOtherWeights() const
{
    if (!run || !project)
        return false;
    const ModelRef* model = project->model(run->modelId);
    return model && !run->weights.isEmpty() && model->fileHashes != run->weights;
}

} // namespace sonde
