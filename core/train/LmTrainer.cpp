// The trainer's model is its own batched implementation of the Llama
// architecture, with autograd; the inference core's (model/LlamaModel.cpp)
// serves as its independent check: a saved model must score the same there
// (tests/tst_train.cpp).
#include "train/LmTrainer.h"

#include "Error.h"
#include "io/SafetensorsWriter.h"
#include "runtime/Runtime.h"
#include "util/JsonFile.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <torch/torch.h>

#include <cmath>
#include <random>

namespace sonde {

void LmShape::validate() const
{
    auto positive = [](int v, const char* what) {
        if (v <= 0)
            throw Error(QStringLiteral("model shape: %1 must be positive (got %2)").arg(QLatin1String(what)).arg(v));
    };
    positive(vocab, "vocabulary size");
    positive(hidden, "hidden size");
    positive(layers, "layers");
    positive(heads, "heads");
    positive(kvHeads, "key/value heads");
    positive(intermediate, "intermediate size");
    if (context < 2)
        throw Error(QStringLiteral("model shape: the context must hold at least 2 tokens (got %1)").arg(context));
    if (hidden % heads != 0 || (hidden / heads) % 2 != 0)
        throw Error(QStringLiteral("model shape: hidden size %1 must split into %2 heads of an even size").arg(hidden).arg(heads));
    if (heads % kvHeads != 0)
        throw Error(QStringLiteral("model shape: %1 heads cannot share %2 key/value heads evenly").arg(heads).arg(kvHeads));
}

QJsonObject LmShape::toJson() const
{
    return {{QStringLiteral("vocab"), vocab},           {QStringLiteral("hidden"), hidden},
            {QStringLiteral("layers"), layers},         {QStringLiteral("heads"), heads},
            {QStringLiteral("kv_heads"), kvHeads},      {QStringLiteral("intermediate"), intermediate},
            {QStringLiteral("context"), context},       {QStringLiteral("rope_theta"), ropeTheta},
            {QStringLiteral("rms_norm_eps"), rmsNormEps}};
}

void TrainOptions::validate() const
{
    if (batch < 1 || steps < 1 || warmup < 0 || evalEvery < 1 || evalWindows < 0)
        throw Error(QStringLiteral("training options: batch, steps and evaluation interval must be positive"));
    if (!(lr > 0) || !(minLr >= 0) || minLr > lr)
        throw Error(QStringLiteral("training options: need 0 ≤ minimum learning rate ≤ learning rate > 0 (got %1, %2)").arg(minLr).arg(lr));
    if (weightDecay < 0 || clip < 0)
        throw Error(QStringLiteral("training options: weight decay and clipping cannot be negative"));
}

QJsonObject TrainOptions::toJson() const
{
    return {{QStringLiteral("batch"), batch},
            {QStringLiteral("steps"), steps},
            {QStringLiteral("lr"), lr},
            {QStringLiteral("min_lr"), minLr},
            {QStringLiteral("warmup"), warmup},
            {QStringLiteral("weight_decay"), weightDecay},
            {QStringLiteral("clip"), clip},
            {QStringLiteral("seed"), QString::number(seed)},
            {QStringLiteral("eval_every"), evalEvery},
            {QStringLiteral("eval_windows"), evalWindows},
            {QStringLiteral("optimizer"), QStringLiteral("AdamW, betas 0.9/0.95, eps 1e-8")},
            {QStringLiteral("schedule"), QStringLiteral("linear warm-up, cosine decay to min_lr")}};
}

std::vector<std::size_t> evaluationWindows(std::size_t tokens, int context, int maxWindows)
{
    const std::size_t all = tokens / std::size_t(context);
    const std::size_t taken = maxWindows > 0 ? std::min(all, std::size_t(maxWindows)) : all;
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < taken; ++i) // evenly spread, so every part of the text counts
        starts.push_back(i * all / taken * std::size_t(context));
    return starts;
}

namespace {

struct Layer {
    torch::Tensor attnNorm, wq, wk, wv, wo, mlpNorm, wGate, wUp, wDown;
};

// One named parameter, in the order and with the names of the HF layout.
struct Named {
    QString name;
    torch::Tensor* tensor;
};

double scheduledLr(const TrainOptions& o, int step) // step counts from 0
{
    if (step < o.warmup)
        return o.lr * double(step + 1) / double(o.warmup);
    const double progress = o.steps > o.warmup ? double(step - o.warmup) / double(o.steps - o.warmup) : 1.0;
    return o.minLr + 0.5 * (o.lr - o.minLr) * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

void checkIds(const std::vector<int>& ids, int vocab, const char* what)
{
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= vocab)
            throw Error(QStringLiteral("%1 token stream: id %2 at position %3 is outside the vocabulary (0..%4)")
                            .arg(QLatin1String(what))
                            .arg(ids[i])
                            .arg(i)
                            .arg(vocab - 1));
}

} // namespace

struct LmTrainer::Impl {
    LmShape shape;
    TrainOptions options;
    torch::Device device{torch::kCPU};
    torch::Tensor embed, finalNorm;
    std::vector<Layer> layers;
    torch::Tensor ropeCos, ropeSin, causalMask;

    std::vector<Named> named()
    {
        std::vector<Named> all{{QStringLiteral("model.embed_tokens.weight"), &embed}};
        for (int l = 0; l < shape.layers; ++l) {
            Layer& L = layers[size_t(l)];
            const QString p = QStringLiteral("model.layers.%1.").arg(l);
            all.push_back({p + QStringLiteral("input_layernorm.weight"), &L.attnNorm});
            all.push_back({p + QStringLiteral("self_attn.q_proj.weight"), &L.wq});
            all.push_back({p + QStringLiteral("self_attn.k_proj.weight"), &L.wk});
            all.push_back({p + QStringLiteral("self_attn.v_proj.weight"), &L.wv});
            all.push_back({p + QStringLiteral("self_attn.o_proj.weight"), &L.wo});
            all.push_back({p + QStringLiteral("post_attention_layernorm.weight"), &L.mlpNorm});
            all.push_back({p + QStringLiteral("mlp.gate_proj.weight"), &L.wGate});
            all.push_back({p + QStringLiteral("mlp.up_proj.weight"), &L.wUp});
            all.push_back({p + QStringLiteral("mlp.down_proj.weight"), &L.wDown});
        }
        all.push_back({QStringLiteral("model.norm.weight"), &finalNorm});
        return all;
    }

    void initialise()
    {
        auto gen = at::detail::createCPUGenerator(options.seed);
        const auto f32 = torch::TensorOptions().dtype(torch::kFloat);
        const int D = shape.hidden, hd = D / shape.heads, I = shape.intermediate;
        const double residualStd = 0.02 / std::sqrt(2.0 * shape.layers);
        auto normal = [&](std::int64_t rows, std::int64_t cols, double std) {
            return (torch::randn({rows, cols}, gen, f32) * std).to(device).requires_grad_();
        };
        auto ones = [&](std::int64_t n) { return torch::ones({n}, f32).to(device).requires_grad_(); };
        embed = normal(shape.vocab, D, 0.02);
        layers.resize(size_t(shape.layers));
        for (Layer& L : layers) {
            L.attnNorm = ones(D);
            L.wq = normal(shape.heads * hd, D, 0.02);
            L.wk = normal(shape.kvHeads * hd, D, 0.02);
            L.wv = normal(shape.kvHeads * hd, D, 0.02);
            L.wo = normal(D, shape.heads * hd, residualStd);
            L.mlpNorm = ones(D);
            L.wGate = normal(I, D, 0.02);
            L.wUp = normal(I, D, 0.02);
            L.wDown = normal(D, I, residualStd);
        }
        finalNorm = ones(D);

        // RoPE tables as the inference core and HF compute them.
        const auto invFreq = 1.0 / torch::pow(torch::tensor(shape.ropeTheta, torch::kFloat),
                                              torch::arange(0, hd, 2, torch::kLong).to(torch::kFloat) / float(hd));
        const auto freqs = torch::outer(torch::arange(shape.context, torch::kLong).to(torch::kFloat), invFreq);
        const auto angles = torch::cat({freqs, freqs}, -1);
        ropeCos = angles.cos().to(device);
        ropeSin = angles.sin().to(device);
        causalMask = torch::full({shape.context, shape.context}, -std::numeric_limits<float>::infinity()).triu(1).to(device);
    }

    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w) const
    {
        return x * torch::rsqrt(x.pow(2).mean(-1, true) + shape.rmsNormEps) * w;
    }

    // x [B, heads, T, hd]
    torch::Tensor rope(const torch::Tensor& x) const
    {
        const int T = int(x.size(2)), half = int(x.size(3)) / 2;
        const auto rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
        return x * ropeCos.narrow(0, 0, T) + rotated * ropeSin.narrow(0, 0, T);
    }

    // ids [B, T] → logits [B, T, vocab]
    torch::Tensor logits(const torch::Tensor& ids) const
    {
        const std::int64_t B = ids.size(0), T = ids.size(1), H = shape.heads, KV = shape.kvHeads, hd = shape.hidden / shape.heads;
        auto x = embed.index_select(0, ids.flatten()).view({B, T, shape.hidden});
        const auto mask = causalMask.narrow(0, 0, T).narrow(1, 0, T);
        for (const Layer& L : layers) {
            const auto h = rmsNorm(x, L.attnNorm);
            const auto q = rope(torch::linear(h, L.wq).view({B, T, H, hd}).transpose(1, 2));
            auto k = rope(torch::linear(h, L.wk).view({B, T, KV, hd}).transpose(1, 2));
            auto v = torch::linear(h, L.wv).view({B, T, KV, hd}).transpose(1, 2);
            if (KV != H) { // query head j reads key/value head j / (H/KV), as HF's repeat_kv
                k = k.repeat_interleave(H / KV, 1);
                v = v.repeat_interleave(H / KV, 1);
            }
            const auto scores = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(hd))) + mask;
            const auto context = torch::matmul(torch::softmax(scores, -1), v).transpose(1, 2).reshape({B, T, H * hd});
            x = x + torch::linear(context, L.wo);
            const auto h2 = rmsNorm(x, L.mlpNorm);
            x = x + torch::linear(torch::silu(torch::linear(h2, L.wGate)) * torch::linear(h2, L.wUp), L.wDown);
        }
        return torch::linear(rmsNorm(x, finalNorm), embed); // tied embeddings
    }

    // Mean cross-entropy of predicting tokens[:, 1:] from tokens[:, :-1].
    torch::Tensor loss(const torch::Tensor& tokens) const
    {
        const std::int64_t T = tokens.size(1) - 1;
        const auto out = logits(tokens.narrow(1, 0, T));
        return torch::nn::functional::cross_entropy(out.reshape({-1, shape.vocab}), tokens.narrow(1, 1, T).reshape({-1}));
    }

    torch::Tensor windows(const std::vector<int>& ids, const std::vector<std::size_t>& starts, int length) const
    {
        auto t = torch::empty({std::int64_t(starts.size()), length}, torch::kLong);
        auto acc = t.accessor<std::int64_t, 2>();
        for (std::size_t b = 0; b < starts.size(); ++b)
            for (int i = 0; i < length; ++i)
                acc[std::int64_t(b)][i] = ids[starts[b] + std::size_t(i)];
        return t.to(device);
    }
};

LmTrainer::LmTrainer(const LmShape& shape, const TrainOptions& options, const QString& device) : d(std::make_unique<Impl>())
{
    shape.validate();
    options.validate();
    d->shape = shape;
    d->options = options;
    d->device = torch::Device(device.toStdString());
    d->initialise();
}

LmTrainer::~LmTrainer() = default;

std::int64_t LmTrainer::parameterCount() const
{
    std::int64_t n = 0;
    for (const Named& p : d->named())
        n += p.tensor->numel();
    return n;
}

std::vector<TrainPoint> LmTrainer::train(const std::vector<int>& trainIds, const std::vector<int>& heldOut, const JobContext& ctx,
                                         const std::function<void(const TrainPoint&)>& onPoint)
{
    const TrainOptions& o = d->options;
    const int window = d->shape.context + 1; // inputs plus the next token
    if (trainIds.size() < std::size_t(window))
        throw Error(QStringLiteral("the training text has %1 tokens; one window needs %2").arg(trainIds.size()).arg(window));
    if (heldOut.size() < std::size_t(d->shape.context))
        throw Error(QStringLiteral("the held-out text has %1 tokens; one evaluation window needs %2").arg(heldOut.size()).arg(d->shape.context));
    checkIds(trainIds, d->shape.vocab, "training");
    checkIds(heldOut, d->shape.vocab, "held-out");

    retainFreedMemory();
    std::vector<torch::Tensor> decay, noDecay;
    for (const Named& p : d->named())
        (p.tensor->dim() == 2 ? decay : noDecay).push_back(*p.tensor);
    auto groupOptions = [&](double wd) {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(o.lr).betas({0.9, 0.95}).eps(1e-8).weight_decay(wd));
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, groupOptions(o.weightDecay));
    groups.emplace_back(noDecay, groupOptions(0.0));
    torch::optim::AdamW optimizer(std::move(groups), torch::optim::AdamWOptions(o.lr));
    std::vector<torch::Tensor> all = decay;
    all.insert(all.end(), noDecay.begin(), noDecay.end());

    std::mt19937_64 rng(o.seed * 0x9E3779B97F4A7C15ull + 1);
    std::uniform_int_distribution<std::size_t> pick(0, trainIds.size() - std::size_t(window));
    std::vector<TrainPoint> curve;
    QElapsedTimer clock;
    clock.start();
    for (int step = 0; step < o.steps; ++step) {
        ctx.checkCancelled();
        std::vector<std::size_t> starts(std::size_t(o.batch));
        for (auto& s : starts)
            s = pick(rng);
        const double lr = scheduledLr(o, step);
        for (auto& g : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);

        optimizer.zero_grad();
        const auto loss = d->loss(d->windows(trainIds, starts, window));
        loss.backward();
        if (o.clip > 0)
            torch::nn::utils::clip_grad_norm_(all, o.clip);
        optimizer.step();

        TrainPoint point;
        point.step = step + 1;
        point.lr = lr;
        point.trainLoss = loss.item<double>();
        if (!std::isfinite(point.trainLoss))
            throw Error(QStringLiteral("training diverged at step %1 (loss %2); lower the learning rate").arg(step + 1).arg(point.trainLoss));
        if (point.step % o.evalEvery == 0 || point.step == o.steps)
            point.heldOutLoss = evaluate(heldOut, o.evalWindows);
        point.seconds = double(clock.nsecsElapsed()) / 1e9;
        curve.push_back(point);
        if (onPoint)
            onPoint(point);
        ctx.setProgress(double(point.step) / o.steps,
                        QStringLiteral("Step %1 of %2, loss %3").arg(point.step).arg(o.steps).arg(point.trainLoss, 0, 'f', 3));
    }
    return curve;
}

double LmTrainer::evaluate(const std::vector<int>& ids, int maxWindows) const
{
    checkIds(ids, d->shape.vocab, "evaluation");
    const auto starts = evaluationWindows(ids.size(), d->shape.context, maxWindows);
    if (starts.empty())
        throw Error(QStringLiteral("the evaluation text has %1 tokens; one window needs %2").arg(ids.size()).arg(d->shape.context));
    torch::NoGradGuard noGrad;
    double total = 0;
    const std::size_t chunk = std::size_t(std::max(1, d->options.batch));
    for (std::size_t b = 0; b < starts.size(); b += chunk) {
        const std::vector<std::size_t> part(starts.begin() + std::ptrdiff_t(b), starts.begin() + std::ptrdiff_t(std::min(starts.size(), b + chunk)));
        total += d->loss(d->windows(ids, part, d->shape.context)).item<double>() * double(part.size());
    }
    return total / double(starts.size());
}

void LmTrainer::save(const QString& folder, DType dtype, int bos, int eos) const
{
    torch::ScalarType stored;
    switch (dtype) {
    case DType::F32: stored = torch::kFloat; break;
    case DType::F16: stored = torch::kHalf; break;
    case DType::BF16: stored = torch::kBFloat16; break;
    default: throw Error(QStringLiteral("weights can be saved as F32, F16 or BF16, not %1").arg(dtypeName(dtype)));
    }
    if (!QDir().mkpath(folder))
        throw Error(QStringLiteral("%1: cannot create the folder").arg(folder));

    std::vector<torch::Tensor> keep; // owns the converted data while it is written
    std::vector<TensorToWrite> tensors;
    for (const Named& p : d->named()) {
        keep.push_back(p.tensor->detach().to(torch::kCPU, stored).contiguous());
        tensors.push_back({p.name, dtype, std::vector<std::int64_t>(keep.back().sizes().begin(), keep.back().sizes().end()),
                           keep.back().data_ptr()});
    }
    writeSafetensors(QDir(folder).filePath(QStringLiteral("model.safetensors")), tensors, {{QStringLiteral("format"), QStringLiteral("pt")}});

    const LmShape& s = d->shape;
    QJsonObject config{{QStringLiteral("architectures"), QJsonArray{QStringLiteral("LlamaForCausalLM")}},
                       {QStringLiteral("model_type"), QStringLiteral("llama")},
                       {QStringLiteral("vocab_size"), s.vocab},
                       {QStringLiteral("hidden_size"), s.hidden},
                       {QStringLiteral("intermediate_size"), s.intermediate},
                       {QStringLiteral("num_hidden_layers"), s.layers},
                       {QStringLiteral("num_attention_heads"), s.heads},
                       {QStringLiteral("num_key_value_heads"), s.kvHeads},
                       {QStringLiteral("max_position_embeddings"), s.context},
                       {QStringLiteral("rms_norm_eps"), s.rmsNormEps},
                       {QStringLiteral("rope_theta"), s.ropeTheta},
                       {QStringLiteral("hidden_act"), QStringLiteral("silu")},
                       {QStringLiteral("tie_word_embeddings"), true},
                       {QStringLiteral("torch_dtype"), dtype == DType::F32 ? QStringLiteral("float32")
                                                       : dtype == DType::F16 ? QStringLiteral("float16")
                                                                             : QStringLiteral("bfloat16")}};
    if (bos >= 0)
        config.insert(QStringLiteral("bos_token_id"), bos);
    if (eos >= 0)
        config.insert(QStringLiteral("eos_token_id"), eos);
    writeJsonObjectFile(QDir(folder).filePath(QStringLiteral("config.json")), config);
}

} // namespace sonde
