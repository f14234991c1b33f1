// The Llama-family forward pass (llama, mistral, qwen2) on LibTorch, written to
// match Hugging Face's modeling_llama numerics: RMSNorm in F32, rotate-half
// RoPE with F32 tables, grouped-query attention, SiLU-gated MLP.
#include "model/LanguageModel.h"

#include "Error.h"
#include "io/Safetensors.h"

#include <QDir>
#include <QSet>
#include <cstring>
#include <torch/torch.h>

namespace sonde {

namespace {

struct Layer {
    torch::Tensor attnNorm, wq, wk, wv, wo, bq, bk, bv;
    torch::Tensor mlpNorm, wGate, wUp, wDown;
};

HostTensor toHost(const torch::Tensor& t)
{
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat).contiguous();
    HostTensor h;
    h.shape.assign(c.sizes().begin(), c.sizes().end());
    h.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return h;
}

// x [n, in] · Wᵀ (+ b). One row (decoding) goes through a matrix-vector product:
// BLAS gemv streams the weights at memory speed, where gemm with a single row
// runs two to five times slower.
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b = {})
{
    if (x.size(0) != 1)
        return torch::linear(x, w, b);
    auto y = torch::mv(w, x[0]);
    if (b.defined())
        y += b;
    return y.unsqueeze(0);
}

QString shapeText(const std::vector<std::int64_t>& shape)
{
    QStringList parts;
    for (auto d : shape)
        parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// Reads named tensors from the weight set, checking presence and shape first
// so that every problem is reported before any memory is spent.
class WeightLoader {
public:
    WeightLoader(const WeightSet& weights, const QString& folder, const torch::Device& device)
        : m_weights(weights), m_folder(folder), m_device(device)
    {
    }

    void expect(const QString& name, std::vector<std::int64_t> shape, torch::Tensor* target)
    {
        m_expected.push_back({name, std::move(shape), target});
    }

    QStringList load()
    {
        QStringList missing;
        for (const auto& e : m_expected)
            if (!m_weights.find(e.name))
                missing << e.name;
        if (!missing.isEmpty())
            throw Error(QStringLiteral("%1: %2 tensor(s) missing from the weights: %3%4")
                            .arg(m_folder)
                            .arg(missing.size())
                            .arg(QStringList(missing.mid(0, 8)).join(QStringLiteral(", ")),
                                 missing.size() > 8 ? QStringLiteral(", …") : QString()));
        for (const auto& e : m_expected) {
            const TensorInfo& info = *m_weights.find(e.name)->info;
            if (info.shape != e.shape)
                throw Error(QStringLiteral("%1: tensor '%2' has shape %3 but config.json implies %4; "
                                           "the config does not match these weights")
                                .arg(QFileInfo(m_weights.find(e.name)->file->path()).fileName(), e.name,
                                     info.shapeString(), shapeText(e.shape)));
        }
        QStringList warnings;
        QSet<QString> used;
        for (const auto& e : m_expected) {
            *e.target = read(e.name, warnings);
            used.insert(e.name);
        }
        QStringList ignored;
        for (const QString& name : m_weights.tensorNames())
            if (!used.contains(name) && !name.endsWith(QLatin1String("rotary_emb.inv_freq")))
                ignored << name;
        if (!ignored.isEmpty())
            warnings << QStringLiteral("%1 tensor(s) in the weights are not used by this architecture: %2%3")
                            .arg(ignored.size())
                            .arg(QStringList(ignored.mid(0, 5)).join(QStringLiteral(", ")),
                                 ignored.size() > 5 ? QStringLiteral(", …") : QString());
        return warnings;
    }

private:
    // Copies out of the mapping (tensors must own editable memory) and widens to F32.
    torch::Tensor read(const QString& name, QStringList& warnings) const
    {
        const WeightSet::Entry e = *m_weights.find(name);
        const TensorInfo& info = *e.info;
        torch::ScalarType stored;
        switch (info.dtype) {
        case DType::F32: stored = torch::kFloat; break;
        case DType::F16: stored = torch::kHalf; break;
        case DType::BF16: stored = torch::kBFloat16; break;
        case DType::F64: stored = torch::kDouble; break;
        default:
            throw Error(QStringLiteral("%1: tensor '%2' is %3; expected a floating-point type")
                            .arg(QFileInfo(e.file->path()).fileName(), name, dtypeName(info.dtype)));
        }
        torch::Tensor t = torch::empty(info.shape, torch::TensorOptions().dtype(stored));
        std::memcpy(t.data_ptr(), e.file->data(info), info.byteSize());
        t = t.to(torch::kFloat);
        const std::int64_t nans = torch::isnan(t).sum().item<std::int64_t>();
        if (nans > 0)
            warnings << QStringLiteral("tensor '%1' contains %2 NaN value(s); outputs will be NaN").arg(name).arg(nans);
        return t.to(m_device);
    }

    struct Expected {
        QString name;
        std::vector<std::int64_t> shape;
        torch::Tensor* target;
    };
    const WeightSet& m_weights;
    QString m_folder;
    torch::Device m_device;
    std::vector<Expected> m_expected;
};

} // namespace

struct LanguageModel::Impl {
    ModelConfig cfg;
    QString folder;
    torch::Device device{torch::kCPU};
    QStringList warnings;
    torch::Tensor embed, finalNorm, lmHead;
    std::vector<Layer> layers;
    torch::Tensor ropeCos, ropeSin; // [maxPositions, headDim]
    std::int64_t parameters = 0;

    struct Cache {
        std::vector<torch::Tensor> k, v; // per layer [kvHeads, capacity, headDim]
        int capacity = 0;
    };

    Cache makeCache(int capacity) const
    {
        Cache c;
        c.capacity = capacity;
        const auto opts = torch::TensorOptions().dtype(torch::kFloat).device(device);
        for (int l = 0; l < cfg.layers; ++l) {
            c.k.push_back(torch::empty({cfg.kvHeads, capacity, cfg.headDim}, opts));
            c.v.push_back(torch::empty({cfg.kvHeads, capacity, cfg.headDim}, opts));
        }
        return c;
    }

    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w) const
    {
        return x * torch::rsqrt(x.pow(2).mean(-1, true) + cfg.rmsNormEps) * w;
    }

    // x: [n, heads, headDim] at absolute positions start..start+n-1.
    torch::Tensor rope(const torch::Tensor& x, int start) const
    {
        const int n = int(x.size(0));
        const auto cos = ropeCos.narrow(0, start, n).unsqueeze(1);
        const auto sin = ropeSin.narrow(0, start, n).unsqueeze(1);
        const int half = cfg.headDim / 2;
        const auto rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
        return x * cos + rotated * sin;
    }

    torch::Tensor embedIds(const std::vector<int>& ids) const
    {
        for (int id : ids)
            if (id < 0 || id >= cfg.vocabSize)
                throw Error(QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(cfg.vocabSize - 1));
        std::vector<std::int64_t> wide(ids.begin(), ids.end());
        const auto t = torch::tensor(wide, torch::TensorOptions().dtype(torch::kLong)).to(device);
        return embed.index_select(0, t);
    }

    // Runs every layer over x [n, D] at positions start.., filling the cache.
    // Returns the last layer's output before the final norm.
    torch::Tensor run(torch::Tensor x, int start, Cache& cache, const CaptureOptions* capture, ForwardResult* out,
                      const std::vector<MlpAddHook>& hooks) const
    {
        const int n = int(x.size(0));
        const int t = start + n;
        if (t > cache.capacity)
            throw Error(QStringLiteral("context full: %1 tokens do not fit in %2 (the model's context length is %3)")
                            .arg(t).arg(cache.capacity).arg(cfg.maxPositions));
        const int H = cfg.heads, KV = cfg.kvHeads, hd = cfg.headDim, group = H / KV;
        const double scale = 1.0 / std::sqrt(double(hd));
        torch::Tensor mask;
        if (n > 1) // query i (absolute start+i) may not see keys after it
            mask = torch::ones({n, t}, torch::TensorOptions().dtype(torch::kBool).device(device)).triu(start + 1);

        for (int l = 0; l < cfg.layers; ++l) {
            const Layer& L = layers[size_t(l)];
            if (capture && capture->hiddenStates)
                out->hiddenStates.push_back(toHost(x));

            const auto h = rmsNorm(x, L.attnNorm);
            auto q = rope(project(h, L.wq, L.bq).view({n, H, hd}), start);
            const auto k = rope(project(h, L.wk, L.bk).view({n, KV, hd}), start);
            const auto v = project(h, L.wv, L.bv).view({n, KV, hd});
            cache.k[size_t(l)].narrow(1, start, n).copy_(k.transpose(0, 1));
            cache.v[size_t(l)].narrow(1, start, n).copy_(v.transpose(0, 1));
            const auto keys = cache.k[size_t(l)].narrow(1, 0, t);
            const auto values = cache.v[size_t(l)].narrow(1, 0, t);

            // Query heads h*group..h*group+group-1 share key/value head h (HF's repeat_kv),
            // so group them instead of copying keys.
            const auto qGrouped = q.transpose(0, 1).reshape({KV, group * n, hd});
            auto scores = torch::matmul(qGrouped, keys.transpose(1, 2)).mul_(scale).view({H, n, t});
            if (mask.defined())
                scores.masked_fill_(mask, -std::numeric_limits<float>::infinity());
            const auto probs = torch::softmax(scores, -1);
            if (capture && capture->attentions)
                out->attentions.push_back(toHost(probs));
            const auto context = torch::matmul(probs.view({KV, group * n, t}), values)
                                     .view({H, n, hd})
                                     .transpose(0, 1)
                                     .reshape({n, H * hd});
            x = x + project(context, L.wo);

            const auto h2 = rmsNorm(x, L.mlpNorm);
            const auto act = torch::silu(project(h2, L.wGate)) * project(h2, L.wUp);
            auto mlp = project(act, L.wDown);
            if (capture && capture->mlpIO) {
                out->mlpInputs.push_back(toHost(act));
                out->mlpOutputs.push_back(toHost(mlp));
            }
            for (const MlpAddHook& hook : hooks)
                if (hook.layer == l)
                    addHook(mlp, hook, start);
            x = x + mlp;
        }
        return x;
    }

    void addHook(torch::Tensor& mlp, const MlpAddHook& hook, int start) const
    {
        if (int(hook.vector.size()) != cfg.hiddenSize)
            throw Error(QStringLiteral("MLP hook vector has %1 values; the hidden size is %2").arg(hook.vector.size()).arg(cfg.hiddenSize));
        const auto vec = torch::from_blob(const_cast<float*>(hook.vector.data()), {cfg.hiddenSize}).to(device);
        const int n = int(mlp.size(0));
        if (hook.positions.empty()) {
            mlp = mlp + vec;
            return;
        }
        mlp = mlp.clone();
        for (int p : hook.positions)
            if (p >= start && p < start + n)
                mlp[p - start] += vec;
    }
};

LanguageModel::LanguageModel(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
LanguageModel::~LanguageModel() = default;

std::unique_ptr<LanguageModel> LanguageModel::load(const QString& folder, const QString& device)
{
    auto impl = std::make_unique<Impl>();
    impl->folder = QDir(folder).absolutePath();
    impl->cfg = ModelConfig::fromFolder(folder);
    try {
        impl->device = torch::Device(device.toStdString());
    } catch (const c10::Error&) {
        throw Error(QStringLiteral("unknown device \"%1\"").arg(device));
    }
    const ModelConfig& c = impl->cfg;
    const WeightSet weights = WeightSet::open(impl->folder);

    // Weights are loaded outside InferenceMode so that edits can change them later.
    WeightLoader loader(weights, impl->folder, impl->device);
    const std::int64_t D = c.hiddenSize, I = c.intermediateSize, qDim = c.heads * c.headDim, kvDim = c.kvHeads * c.headDim;
    loader.expect(QStringLiteral("model.embed_tokens.weight"), {c.vocabSize, D}, &impl->embed);
    loader.expect(QStringLiteral("model.norm.weight"), {D}, &impl->finalNorm);
    if (!c.tieWordEmbeddings)
        loader.expect(QStringLiteral("lm_head.weight"), {c.vocabSize, D}, &impl->lmHead);
    impl->layers.resize(size_t(c.layers));
    for (int l = 0; l < c.layers; ++l) {
        Layer& L = impl->layers[size_t(l)];
        const QString p = QStringLiteral("model.layers.%1.").arg(l);
        loader.expect(p + QStringLiteral("input_layernorm.weight"), {D}, &L.attnNorm);
        loader.expect(p + QStringLiteral("self_attn.q_proj.weight"), {qDim, D}, &L.wq);
        loader.expect(p + QStringLiteral("self_attn.k_proj.weight"), {kvDim, D}, &L.wk);
        loader.expect(p + QStringLiteral("self_attn.v_proj.weight"), {kvDim, D}, &L.wv);
        loader.expect(p + QStringLiteral("self_attn.o_proj.weight"), {D, qDim}, &L.wo);
        if (c.qkvBias) {
            loader.expect(p + QStringLiteral("self_attn.q_proj.bias"), {qDim}, &L.bq);
            loader.expect(p + QStringLiteral("self_attn.k_proj.bias"), {kvDim}, &L.bk);
            loader.expect(p + QStringLiteral("self_attn.v_proj.bias"), {kvDim}, &L.bv);
        }
        loader.expect(p + QStringLiteral("post_attention_layernorm.weight"), {D}, &L.mlpNorm);
        loader.expect(p + QStringLiteral("mlp.gate_proj.weight"), {I, D}, &L.wGate);
        loader.expect(p + QStringLiteral("mlp.up_proj.weight"), {I, D}, &L.wUp);
        loader.expect(p + QStringLiteral("mlp.down_proj.weight"), {D, I}, &L.wDown);
    }
    impl->warnings = c.warnings;
    impl->warnings << weights.warnings() << loader.load();
    if (c.tieWordEmbeddings)
        impl->lmHead = impl->embed;
    impl->parameters = weights.parameterCount();

    // RoPE tables in F32, computed as HF does: inv_freq = 1 / theta^(2i/d), positions / linear factor.
    const auto invFreq = 1.0 / torch::pow(torch::tensor(c.ropeTheta, torch::kFloat),
                                          torch::arange(0, c.headDim, 2, torch::kLong).to(torch::kFloat) / float(c.headDim));
    const auto positions = torch::arange(c.maxPositions, torch::kLong).to(torch::kFloat) / float(c.ropeLinearFactor);
    const auto freqs = torch::outer(positions, invFreq);
    const auto angles = torch::cat({freqs, freqs}, -1);
    impl->ropeCos = angles.cos().to(impl->device);
    impl->ropeSin = angles.sin().to(impl->device);
    return std::unique_ptr<LanguageModel>(new LanguageModel(std::move(impl)));
}

const ModelConfig& LanguageModel::config() const { return d->cfg; }
QStringList LanguageModel::warnings() const { return d->warnings; }
QString LanguageModel::device() const { return QString::fromStdString(d->device.str()); }
QString LanguageModel::folder() const { return d->folder; }
std::int64_t LanguageModel::parameterCount() const { return d->parameters; }

ForwardResult LanguageModel::forward(const std::vector<int>& ids, const CaptureOptions& capture,
                                     const std::vector<MlpAddHook>& hooks) const
{
    if (ids.empty())
        throw Error(QStringLiteral("forward pass over an empty token sequence"));
    if (int(ids.size()) > d->cfg.maxPositions)
        throw Error(QStringLiteral("%1 tokens exceed the model's context length of %2").arg(ids.size()).arg(d->cfg.maxPositions));
    c10::InferenceMode guard;
    ForwardResult out;
    Impl::Cache cache = d->makeCache(int(ids.size()));
    auto x = d->run(d->embedIds(ids), 0, cache, &capture, &out, hooks);
    x = d->rmsNorm(x, d->finalNorm);
    if (capture.hiddenStates)
        out.hiddenStates.push_back(toHost(x));
    out.logits = toHost(torch::linear(x, d->lmHead));
    return out;
}

struct LanguageModel::Session::Impl {
    const LanguageModel::Impl* model;
    LanguageModel::Impl::Cache cache;
    int position = 0;
};

LanguageModel::Session::Session(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
LanguageModel::Session::~Session() = default;

std::unique_ptr<LanguageModel::Session> LanguageModel::startSession(int capacity) const
{
    if (capacity < 1 || capacity > d->cfg.maxPositions)
        throw Error(QStringLiteral("session capacity %1 is outside 1..%2 (the context length)").arg(capacity).arg(d->cfg.maxPositions));
    c10::InferenceMode guard;
    auto impl = std::make_unique<Session::Impl>();
    impl->model = d.get();
    impl->cache = d->makeCache(capacity);
    return std::unique_ptr<Session>(new Session(std::move(impl)));
}

std::vector<float> LanguageModel::Session::feed(const std::vector<int>& ids)
{
    if (ids.empty())
        throw Error(QStringLiteral("nothing to feed"));
    c10::InferenceMode guard;
    const auto* m = d->model;
    auto x = m->run(m->embedIds(ids), d->position, d->cache, nullptr, nullptr, {});
    d->position += int(ids.size());
    // Only the last position's logits are needed to pick the next token.
    const auto last = m->rmsNorm(x.narrow(0, x.size(0) - 1, 1), m->finalNorm);
    const auto logits = project(last, m->lmHead).to(torch::kCPU).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

int LanguageModel::Session::position() const { return d->position; }
int LanguageModel::Session::capacity() const { return d->cache.capacity; }

} // namespace sonde
