#pragma once
// What the Attention & Syntax page shows at a moment, derived from the
// project's section and the page's one selection (a model, a data set, the
// run of them on display) and handed to every tab, which keep nothing of it.
#include "syntax/SyntaxSection.h"

namespace sonde {

class Project;

struct SyntaxShown {
    const Project* project = nullptr;
    const SyntaxSection* section = nullptr;
    QString modelId;   // selected model ("" when the project has none)
    QString modelName; // its name, or the run's when the model was removed
    SyntaxData data;
    const SyntaxRun* run = nullptr;      // the run on display, or null
    const SyntaxRun* compared = nullptr; // the run it is compared with, or null

    // "gpt2 on sonde-mini (built in), all sentences"
    QString selectionText() const;
    // Why a tab is empty: what is missing for the selection, and what to do.
    QString missingRunText() const;
    // The run was scored with other weights than the model's recorded ones.
    bool runFromOtherWeights() const;
};

} // namespace sonde
