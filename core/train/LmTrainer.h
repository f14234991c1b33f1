#pragma once
// Trains a small Llama-style language model from scratch on a token stream
// and saves it as a Hugging Face folder (config.json + model.safetensors) that
// the rest of Sonde loads like any downloaded model. Torch stays behind the
// pimpl. The demo models of every workspace are built with this (see
// tools/train-demo-model.sh).
#include "io/Safetensors.h"
#include "jobs/JobContext.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace sonde {

struct LmShape {
    int vocab = 0;
    int hidden = 192;
    int layers = 6;
    int heads = 6;
    int kvHeads = 6;
    int intermediate = 512;
    int context = 256;
    double ropeTheta = 10000.0;
    double rmsNormEps = 1e-5;
    void validate() const; // throws sonde::Error naming the bad value
    QJsonObject toJson() const;
};

struct TrainOptions {
    int batch = 16;         // sequences of `context` tokens per step
    int steps = 1000;
    double lr = 3e-3;       // peak, reached after `warmup` steps, then cosine down to minLr
    double minLr = 3e-4;
    int warmup = 100;
    double weightDecay = 0.1; // on matrices only, not on norm gains
    double clip = 1.0;        // global gradient-norm clipping; 0 = off
    std::uint64_t seed = 1;   // initial weights and batch order
    int evalEvery = 100;      // steps between held-out evaluations (and at the end)
    int evalWindows = 0;      // windows per evaluation; 0 = the whole held-out stream
    void validate() const;
    QJsonObject toJson() const;
};

struct TrainPoint {
    int step = 0; // steps completed
    double lr = 0;
    double trainLoss = 0;   // mean over the step's batch
    double heldOutLoss = -1; // mean NLL per token; -1 when not evaluated at this step
    double seconds = 0;
};

class LmTrainer {
public:
    // Fresh weights drawn from `options.seed` (normal, std 0.02; residual
    // output projections scaled by 1/sqrt(2·layers), as GPT-2), drawn on the
    // CPU so a seed gives the same model on every device; trained on `device`
    // ("cpu", "cuda:0"). Throws on a bad shape.
    LmTrainer(const LmShape& shape, const TrainOptions& options, const QString& device = QStringLiteral("cpu"));
    ~LmTrainer();

    std::int64_t parameterCount() const;

    // Runs options.steps steps of AdamW on random windows of `train`,
    // evaluating on `heldOut` every evalEvery steps and at the end. Reports each
    // step to `onPoint`. Throws JobCancelled when cancelled (the weights keep
    // the last completed step), sonde::Error when a stream is too short or a
    // token id is outside the vocabulary.
    std::vector<TrainPoint> train(const std::vector<int>& train, const std::vector<int>& heldOut, const JobContext& ctx,
                                  const std::function<void(const TrainPoint&)>& onPoint = {});

    // Mean negative log-likelihood per predicted token over consecutive,
    // non-overlapping windows of `context` tokens (each window predicts its
    // tokens 2..context from the tokens before them in the window); at most
    // `maxWindows` windows spread over the text, 0 = all. exp() of it is the perplexity.
    double evaluate(const std::vector<int>& ids, int maxWindows = 0) const;

    // Writes config.json and model.safetensors (F32, F16 or BF16) into `folder`
    // (created if needed). `bos`/`eos` go into config.json; -1 leaves them out.
    void save(const QString& folder, DType dtype, int bos, int eos) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// The evaluation windows shared by LmTrainer::evaluate and perplexity(): the
// starts of the consecutive complete windows of `context` tokens, or of
// `maxWindows` of them spread evenly over the text when that is fewer.
std::vector<std::size_t> evaluationWindows(std::size_t tokens, int context, int maxWindows);

} // namespace sonde
