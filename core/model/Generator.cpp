#include "model/Generator.h"

#include "Error.h"
#include "jobs/JobContext.h"
#include "model/LanguageModel.h"
#include "tokenizer/Tokenizer.h"

#include <QElapsedTimer>
#include <algorithm>

namespace sonde {

namespace {

// Decoders emit U+FFFD (EF BF BD) while a multi-byte character is only partly
// generated (byte-fallback pieces); hold such text back until it completes.
bool endsIncomplete(const std::string& text)
{
    return text.size() >= 3 && text.compare(text.size() - 3, 3, "\xEF\xBF\xBD") == 0;
}

} // namespace

GenerationResult generate(const LanguageModel& model, const Tokenizer& tokenizer, const GenerationRequest& request,
                          const std::function<void(const std::string&)>& onText, const JobContext* context)
{
    const int contextLength = model.config().maxPositions;
    const int promptTokens = int(request.promptIds.size());
    if (promptTokens == 0)
        throw Error(QStringLiteral("the prompt has no tokens (add BOS or some text)"));
    if (promptTokens > contextLength)
        throw Error(QStringLiteral("the prompt has %1 tokens but the model's context length is %2").arg(promptTokens).arg(contextLength));

    GenerationResult result;
    result.stats.promptTokens = promptTokens;
    result.stats.seed = request.sampling.seed;
    Sampler sampler(request.sampling);
    const int capacity = std::min(contextLength, promptTokens + std::max(0, request.maxNewTokens));
    auto session = model.startSession(capacity);
    std::vector<int> history = request.promptIds;
    std::string streamed; // exactly what onText has been given

    // Streams the part of `text` beyond what was streamed, provided the decoded
    // text still begins with it (a decoder may revise its tail, never the past).
    auto stream = [&](const std::string& text) {
        if (text.size() <= streamed.size() || text.compare(0, streamed.size(), streamed) != 0)
            return;
        if (onText)
            onText(text.substr(streamed.size()));
        streamed = text;
    };

    QElapsedTimer clock;
    clock.start();
    std::vector<float> logits = session->feed(request.promptIds);
    const double prefillMs = double(clock.nsecsElapsed()) / 1e6;
    result.stats.prefillTokensPerSecond = promptTokens / std::max(prefillMs / 1000.0, 1e-9);
    qint64 firstTokenNs = 0;

    result.stats.stopReason = QStringLiteral("max tokens");
    for (int step = 0; step < request.maxNewTokens; ++step) {
        if (context && context->isCancelled()) {
            result.stats.stopReason = QStringLiteral("cancelled");
            break;
        }
        const int token = sampler.next(logits, history);
        if (step == 0) {
            firstTokenNs = clock.nsecsElapsed();
            result.stats.timeToFirstTokenMs = double(firstTokenNs) / 1e6;
        }
        if (std::find(request.eosIds.begin(), request.eosIds.end(), token) != request.eosIds.end()) {
            result.stats.stopReason = QStringLiteral("eos");
            break;
        }
        result.tokens.push_back(token);
        history.push_back(token);

        std::string text = tokenizer.decode(result.tokens);
        bool stop = false;
        for (const std::string& s : request.stopStrings) {
            const size_t at = s.empty() ? std::string::npos : text.find(s);
            if (at != std::string::npos) {
                text.resize(at);
                stop = true;
            }
        }
        if (stop || !endsIncomplete(text))
            stream(text);
        result.text = text;
        if (stop) {
            result.stats.stopReason = QStringLiteral("stop string");
            break;
        }
        if (step + 1 == request.maxNewTokens)
            break;
        if (session->position() >= session->capacity()) {
            result.stats.stopReason = QStringLiteral("context full");
            break;
        }
        logits = session->feed({token});
    }
    stream(result.text); // whatever was held back as incomplete is final now
    result.stats.generatedTokens = int(result.tokens.size());
    const double decodeSeconds = double(clock.nsecsElapsed() - firstTokenNs) / 1e9;
    if (result.stats.generatedTokens > 1)
        result.stats.tokensPerSecond = (result.stats.generatedTokens - 1) / std::max(decodeSeconds, 1e-9);
    return result;
}

} // namespace sonde
