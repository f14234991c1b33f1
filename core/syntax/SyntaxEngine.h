#pragma once
// What the Attention & Syntax workspace needs of the models, behind a
// torch-free interface: the page and its jobs call this, sonde_torch
// implements it over a ModelStore (modelSyntaxEngine), and a test can supply
// hand-made attention instead. Each call reads the treebank, gets the model
// (shared with every other user of the store) and its tokenizer.
#include "syntax/SyntaxScorer.h"
#include "syntax/SyntaxSection.h"

#include <memory>

namespace sonde {

class JobContext;
class ModelStore;

struct SyntaxRequest {
    QString modelFolder;
    QString device = QStringLiteral("cpu");
    SyntaxData data;
};

class SyntaxEngine {
public:
    virtual ~SyntaxEngine() = default;
    // Every head against the treebank's gold trees. Throws sonde::Error; honours cancellation.
    virtual SyntaxScores score(const SyntaxRequest& request, const ScoringOptions& options, const JobContext* context) const = 0;
    // Where one head is right and wrong, sentence by sentence, on `relation` ("all" for every word).
    virtual HeadReport head(const SyntaxRequest& request, int layer, int head, const QString& direction, const QString& relation,
                            const JobContext* context) const = 0;
    // Treebank sentence `index` seen through one head.
    virtual SentenceView sentence(const SyntaxRequest& request, int index, int layer, int head, const QString& direction,
                                  const JobContext* context) const = 0;
};

// The engine over real models (sonde_torch).
std::shared_ptr<SyntaxEngine> modelSyntaxEngine(ModelStore& models);

} // namespace sonde
