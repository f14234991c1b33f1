// The public face of the model families: loading, dispatch and the decoding
// session. The families live in LlamaModel.cpp, Gpt2Model.cpp, BertModel.cpp.
#include "model/LanguageModel.h"

#include "Error.h"
#include "model/TorchModel.h"

#include <QDir>

#include <algorithm>

namespace sonde {

struct LanguageModel::Impl {
    std::shared_ptr<const detail::ModelImpl> family; // shared with sessions and edited variants
    std::shared_ptr<const detail::ModelImpl> base;   // the loaded model an edited variant was computed from
    ComputeDType dtype = ComputeDType::F32;
    std::uint64_t ownBytes = 0;
    std::vector<WeightEdit> edits;
};

ComputeDType parseComputeDType(const QString& name)
{
    if (name == QLatin1String("f32"))
        return ComputeDType::F32;
    if (name == QLatin1String("bf16"))
        return ComputeDType::BF16;
    if (name == QLatin1String("f16"))
        return ComputeDType::F16;
    throw Error(QStringLiteral("unknown precision \"%1\" (f32, bf16 or f16)").arg(name));
}

LanguageModel::LanguageModel(std::shared_ptr<Impl> impl) : d(std::move(impl)) {}
LanguageModel::~LanguageModel() = default;

std::unique_ptr<LanguageModel> LanguageModel::load(const QString& folder, const QString& device, ComputeDType dtype)
{
    const QString absolute = QDir(folder).absolutePath();
    const ModelConfig cfg = ModelConfig::fromFolder(folder);
    torch::Device dev(torch::kCPU);
    try {
        dev = torch::Device(device.toStdString());
    } catch (const c10::Error&) {
        throw Error(QStringLiteral("unknown device \"%1\"").arg(device));
    }
    const torch::ScalarType scalar = dtype == ComputeDType::BF16 ? torch::kBFloat16 : dtype == ComputeDType::F16 ? torch::kHalf : torch::kFloat;
    // LibTorch's CPU kernels lack half precision for matrix products.
    if (dtype == ComputeDType::F16 && dev.is_cpu())
        throw Error(QStringLiteral("F16 compute needs a CUDA device; on the CPU use F32 (or BF16)"));
    const WeightSet weights = WeightSet::open(absolute);
    auto impl = std::make_shared<Impl>();
    impl->dtype = dtype;
    std::unique_ptr<detail::ModelImpl> family;
    switch (cfg.family) {
    case ModelFamily::Llama: family = detail::loadLlama(cfg, weights, absolute, dev, scalar); break;
    case ModelFamily::Gpt2: family = detail::loadGpt2(cfg, weights, absolute, dev, scalar); break;
    case ModelFamily::Bert: family = detail::loadBert(cfg, weights, absolute, dev, scalar); break;
    }
    detail::ModelImpl& m = *family;
    m.cfg = cfg;
    m.folder = absolute;
    m.device = dev;
    m.parameters = weights.parameterCount();
    m.dtype = scalar;
    if (dtype == ComputeDType::BF16 && dev.is_cpu())
        m.warnings << QStringLiteral("BF16 on the CPU is much slower than F32; it is meant for checking reduced-precision numerics");
    m.warnings = cfg.warnings + weights.warnings() + m.warnings;
    impl->ownBytes = std::uint64_t(m.parameters) * std::uint64_t(torch::elementSize(scalar));
    impl->family = std::move(family);
    return std::unique_ptr<LanguageModel>(new LanguageModel(std::move(impl)));
}

namespace {

void checkEdit(const WeightEdit& e)
{
    if (e.rank < 1 || e.rows < 1 || e.cols < 1 || e.u.size() != size_t(e.rows) * size_t(e.rank)
        || e.v.size() != size_t(e.cols) * size_t(e.rank))
        throw Error(QStringLiteral("weight edit of %1 in layer %2: U must be [%3, %4] and V [%5, %4] (rank %4), they hold %6 and %7 values")
                        .arg(e.matrix)
                        .arg(e.layer)
                        .arg(e.rows)
                        .arg(e.rank)
                        .arg(e.cols)
                        .arg(e.u.size())
                        .arg(e.v.size()));
}

} // namespace

std::unique_ptr<LanguageModel> LanguageModel::withEdits(const std::vector<WeightEdit>& edits) const
{
    // Always from the loaded weights, with this model's edits and the new ones:
    // every edit of one matrix is summed in F32 on the base and cast once, so a
    // chain of edits rounds once whatever the compute precision, and applying
    // a and then b is bit for bit applying both.
    const std::shared_ptr<const detail::ModelImpl> baseFamily = d->base ? d->base : d->family;
    const detail::ModelImpl& base = *baseFamily;
    std::unique_ptr<detail::ModelImpl> family = base.clone();
    std::vector<WeightEdit> all = d->edits;
    all.insert(all.end(), edits.begin(), edits.end());
    struct Target {
        torch::Tensor* weight;
        bool transposed;
        torch::Tensor delta; // [out, in], F32
    };
    std::vector<Target> targets;
    c10::InferenceMode off(false); // the edited copies are ordinary tensors
    torch::NoGradGuard noGrad;
    for (const WeightEdit& e : all) {
        checkEdit(e);
        bool transposed = false;
        torch::Tensor* w = family->matrix(e.layer, e.matrix, &transposed);
        if (!w)
            throw Error(QStringLiteral("%1 has no matrix \"%2\" in layer %3 (mlp.out, mlp.in, attn.out; unembed in layer 0)")
                            .arg(base.folder, e.matrix)
                            .arg(e.layer));
        const std::int64_t out = transposed ? w->size(1) : w->size(0), in = transposed ? w->size(0) : w->size(1);
        if (out != e.rows || in != e.cols)
            throw Error(QStringLiteral("weight edit of %1 in layer %2 is [%3, %4]; the matrix is [%5, %6]")
                            .arg(e.matrix)
                            .arg(e.layer)
                            .arg(e.rows)
                            .arg(e.cols)
                            .arg(out)
                            .arg(in));
        const auto u = torch::from_blob(const_cast<float*>(e.u.data()), {e.rows, e.rank}).clone();
        const auto v = torch::from_blob(const_cast<float*>(e.v.data()), {e.cols, e.rank}).clone();
        const auto delta = torch::matmul(u, v.t()).to(w->device());
        auto it = std::find_if(targets.begin(), targets.end(), [&](const Target& t) { return t.weight == w; });
        if (it == targets.end())
            targets.push_back({w, transposed, delta});
        else
            it->delta += delta;
    }
    std::uint64_t own = 0;
    for (Target& t : targets) {
        const auto f32 = t.weight->to(torch::kFloat);
        *t.weight = (f32 + (t.transposed ? t.delta.t() : t.delta)).to(base.dtype).contiguous();
        own += std::uint64_t(t.weight->nbytes());
    }
    auto impl = std::make_shared<Impl>();
    impl->dtype = d->dtype;
    impl->ownBytes = own;
    impl->edits = std::move(all);
    impl->base = baseFamily;
    impl->family = std::move(family);
    return std::unique_ptr<LanguageModel>(new LanguageModel(std::move(impl)));
}

const ModelConfig& LanguageModel::config() const { return d->family->cfg; }
ComputeDType LanguageModel::computeDType() const { return d->dtype; }
QStringList LanguageModel::warnings() const { return d->family->warnings; }
QString LanguageModel::device() const { return QString::fromStdString(d->family->device.str()); }
QString LanguageModel::folder() const { return d->family->folder; }
std::int64_t LanguageModel::parameterCount() const { return d->family->parameters; }
std::uint64_t LanguageModel::ownBytes() const { return d->ownBytes; }
const std::vector<WeightEdit>& LanguageModel::edits() const { return d->edits; }

ForwardResult LanguageModel::forward(const std::vector<int>& ids, const CaptureOptions& capture,
                                     const std::vector<MlpAddHook>& hooks) const
{
    const detail::ModelImpl& m = *d->family;
    if (ids.empty())
        throw Error(QStringLiteral("forward pass over an empty token sequence"));
    if (int(ids.size()) > m.cfg.maxPositions)
        throw Error(QStringLiteral("%1 tokens exceed the model's context length of %2").arg(ids.size()).arg(m.cfg.maxPositions));
    c10::InferenceMode guard;
    ForwardResult out;
    detail::KvCache cache;
    if (!m.cfg.isEncoder())
        cache = m.makeCache(int(ids.size()));
    const auto h = m.hidden(ids, 0, m.cfg.isEncoder() ? nullptr : &cache, &capture, &out, hooks);
    const auto logits = m.logits(h);
    if (logits.defined())
        out.logits = detail::toHost(logits);
    return out;
}

struct LanguageModel::Session::Impl {
    std::shared_ptr<const detail::ModelImpl> model; // keeps the weights alive
    detail::KvCache cache;
    int position = 0;
};

LanguageModel::Session::Session(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
LanguageModel::Session::~Session() = default;

std::unique_ptr<LanguageModel::Session> LanguageModel::startSession(int capacity) const
{
    const detail::ModelImpl& m = *d->family;
    if (m.cfg.isEncoder())
        throw Error(QStringLiteral("%1 is an encoder (%2): it scores text but does not generate it").arg(m.folder, m.cfg.modelType));
    if (capacity < 1 || capacity > m.cfg.maxPositions)
        throw Error(QStringLiteral("session capacity %1 is outside 1..%2 (the context length)").arg(capacity).arg(m.cfg.maxPositions));
    c10::InferenceMode guard;
    auto impl = std::make_unique<Session::Impl>();
    impl->model = d->family;
    impl->cache = m.makeCache(capacity);
    return std::unique_ptr<Session>(new Session(std::move(impl)));
}

std::vector<float> LanguageModel::Session::feed(const std::vector<int>& ids)
{
    if (ids.empty())
        throw Error(QStringLiteral("nothing to feed"));
    if (d->position + int(ids.size()) > d->cache.capacity)
        throw Error(QStringLiteral("context full: %1 tokens do not fit in %2 (the model's context length is %3)")
                        .arg(d->position + int(ids.size()))
                        .arg(d->cache.capacity)
                        .arg(d->model->cfg.maxPositions));
    c10::InferenceMode guard;
    const auto h = d->model->hidden(ids, d->position, &d->cache, nullptr, nullptr, {});
    d->position += int(ids.size());
    // Only the last position's logits are needed to pick the next token.
    const auto logits = d->model->logits(h.narrow(0, h.size(0) - 1, 1)).to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

int LanguageModel::Session::position() const { return d->position; }
int LanguageModel::Session::capacity() const { return d->cache.capacity; }

} // namespace sonde
