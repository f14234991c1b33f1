#include "model/Perplexity.h"

#include "Error.h"
#include "train/LmTrainer.h"

#include <cmath>

namespace sonde {

PerplexityResult perplexity(const LanguageModel& model, const std::vector<int>& ids, int context, int maxWindows,
                            const JobContext& ctx)
{
    if (context <= 0)
        context = model.config().maxPositions;
    if (context < 2 || context > model.config().maxPositions)
        throw Error(QStringLiteral("perplexity window of %1 tokens: must be 2..%2 (the model's context)").arg(context).arg(model.config().maxPositions));
    const auto starts = evaluationWindows(ids.size(), context, maxWindows);
    if (starts.empty())
        throw Error(QStringLiteral("the text has %1 tokens; one window needs %2").arg(ids.size()).arg(context));
    PerplexityResult r;
    double total = 0;
    for (std::size_t w = 0; w < starts.size(); ++w) {
        ctx.checkCancelled();
        ctx.setProgress(double(w) / double(starts.size()), QStringLiteral("Perplexity"));
        const std::vector<int> window(ids.begin() + std::ptrdiff_t(starts[w]), ids.begin() + std::ptrdiff_t(starts[w] + std::size_t(context)));
        const HostTensor logits = model.forward(window).logits; // [context, vocab]
        const std::size_t vocab = std::size_t(logits.shape[1]);
        for (int t = 0; t + 1 < context; ++t) {
            const float* row = logits.data.data() + std::size_t(t) * vocab;
            double peak = row[0];
            for (std::size_t v = 1; v < vocab; ++v)
                peak = std::max(peak, double(row[v]));
            double sum = 0;
            for (std::size_t v = 0; v < vocab; ++v)
                sum += std::exp(double(row[v]) - peak);
            total += peak + std::log(sum) - double(row[window[std::size_t(t) + 1]]);
            ++r.predictedTokens;
        }
    }
    r.windows = starts.size();
    r.meanNll = total / double(r.predictedTokens);
    r.perplexity = std::exp(r.meanNll);
    return r;
}

} // namespace sonde
