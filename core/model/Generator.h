#pragma once
// Text generation: prompt → tokens → KV-cached decoding → streamed text.
#include "model/Sampler.h"

#include <QString>
#include <functional>
#include <string>
#include <vector>

namespace sonde {

class JobContext;
class LanguageModel;
class Tokenizer;

struct GenerationRequest {
    std::vector<int> promptIds;
    SamplingOptions sampling;
    int maxNewTokens = 256;
    std::vector<int> eosIds;              // stop when one is generated (not included in the text)
    std::vector<std::string> stopStrings; // stop when the text contains one (cut before it)
};

struct GenerationStats {
    int promptTokens = 0;
    int generatedTokens = 0;
    double timeToFirstTokenMs = 0; // prompt processing + first sample
    double tokensPerSecond = 0;    // decoding speed after the first token
    double prefillTokensPerSecond = 0;
    QString stopReason;            // "max tokens", "eos", "stop string", "context full", "cancelled"
    std::uint64_t seed = 0;
};

struct GenerationResult {
    std::vector<int> tokens; // generated ids (an EOS that ended generation excluded)
    std::string text;
    GenerationStats stats;
};

// `onText` receives each new piece of text as soon as it is complete UTF-8.
// Cancellation is checked between tokens. Throws sonde::Error when the prompt
// alone exceeds the context length.
GenerationResult generate(const LanguageModel& model, const Tokenizer& tokenizer, const GenerationRequest& request,
                          const std::function<void(const std::string&)>& onText = {}, const JobContext* context = nullptr);

} // namespace sonde
