#pragma once
// Held-out perplexity of a loaded language model, computed through the
// inference path (LanguageModel::forward) in double precision. The windows are
// the trainer's (evaluationWindows), so the two figures are comparable.
#include "jobs/JobContext.h"
#include "model/LanguageModel.h"

#include <vector>

namespace sonde {

struct PerplexityResult {
    double meanNll = 0;  // nats per predicted token
    double perplexity = 0;
    std::size_t windows = 0, predictedTokens = 0;
};

// Windows of `context` tokens (the model's when 0); at most `maxWindows`, 0 = all.
// Throws sonde::Error when not even one window fits.
PerplexityResult perplexity(const LanguageModel& model, const std::vector<int>& ids, int context, int maxWindows,
                            const JobContext& ctx);

} // namespace sonde
