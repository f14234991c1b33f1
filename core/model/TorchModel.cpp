#include "model/TorchModel.h"

#include "Error.h"
#include "model/Gemv.h"
#include "runtime/Runtime.h"

#include <QFileInfo>
#include <QSet>
#include <cstring>

namespace sonde::detail {

HostTensor toHost(const torch::Tensor& t)
{
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat).contiguous();
    HostTensor h;
    h.shape.assign(c.sizes().begin(), c.sizes().end());
    h.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return h;
}

torch::Tensor project(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b)
{
    if (x.size(0) != 1)
        return torch::linear(x, w, b);
    // One row (decoding): a matrix-vector product, since gemm with a single row
    // runs two to five times slower. Single-threaded, our own kernel streams the
    // weights ~20% faster than BLAS gemv; with more threads OpenBLAS's threaded
    // gemv wins (both measured by bench/bench_decode), so it takes over.
    if (w.is_cpu() && w.scalar_type() == torch::kFloat && w.is_contiguous() && computeThreads() == 1) {
        const auto xv = x[0].contiguous();
        auto y = torch::empty({w.size(0)}, x.options());
        gemvRows(w.data_ptr<float>(), xv.data_ptr<float>(), y.data_ptr<float>(), w.size(1), 0, w.size(0));
        if (b.defined())
            y += b;
        return y.unsqueeze(0);
    }
    auto y = torch::mv(w, x[0]);
    if (b.defined())
        y += b;
    return y.unsqueeze(0);
}

torch::Tensor conv1d(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b)
{
    if (x.size(0) == 1) // gemv on the transposed view, for the same reason as project()
        return torch::addmv(b, w.t(), x[0]).unsqueeze(0);
    return torch::addmm(b, x, w);
}

torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, double eps)
{
    return torch::layer_norm(x.to(torch::kFloat), {x.size(-1)}, w.to(torch::kFloat), b.to(torch::kFloat), eps).to(x.scalar_type());
}

torch::Tensor activate(const torch::Tensor& x, Activation a)
{
    switch (a) {
    case Activation::SiLU: return torch::silu(x);
    case Activation::GeluTanh: return torch::gelu(x, "tanh");
    case Activation::GeluErf: return torch::gelu(x);
    case Activation::ReLU: return torch::relu(x);
    }
    return x;
}

namespace {

QString shapeText(const std::vector<std::int64_t>& shape)
{
    QStringList parts;
    for (auto d : shape)
        parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

WeightLoader::WeightLoader(const WeightSet& weights, const QString& folder, const torch::Device& device, torch::ScalarType dtype)
    : m_weights(weights), m_folder(folder), m_device(device), m_dtype(dtype)
{
}

void WeightLoader::expect(const QString& name, std::vector<std::int64_t> shape, torch::Tensor* target)
{
    m_expected.push_back({name, std::move(shape), target});
}

bool WeightLoader::expectOptional(const QString& name, std::vector<std::int64_t> shape, torch::Tensor* target)
{
    if (!m_weights.find(name))
        return false;
    expect(name, std::move(shape), target);
    return true;
}

QStringList WeightLoader::load(const QStringList& ignorableSuffixes)
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
        const auto entry = *m_weights.find(e.name);
        if (entry.info->shape != e.shape)
            throw Error(QStringLiteral("%1: tensor '%2' has shape %3 but config.json implies %4; "
                                       "the config does not match these weights")
                            .arg(QFileInfo(entry.file->path()).fileName(), e.name, entry.info->shapeString(), shapeText(e.shape)));
    }
    QStringList warnings;
    QSet<QString> used;
    for (const auto& e : m_expected) {
        *e.target = read(e.name, warnings);
        used.insert(e.name);
    }
    QStringList ignored;
    for (const QString& name : m_weights.tensorNames()) {
        bool ignorable = false;
        for (const QString& suffix : ignorableSuffixes)
            ignorable |= name.endsWith(suffix);
        if (!used.contains(name) && !ignorable)
            ignored << name;
    }
    if (!ignored.isEmpty())
        warnings << QStringLiteral("%1 tensor(s) in the weights are not used by this architecture: %2%3")
                        .arg(ignored.size())
                        .arg(QStringList(ignored.mid(0, 5)).join(QStringLiteral(", ")), ignored.size() > 5 ? QStringLiteral(", …") : QString());
    return warnings;
}

// Copies out of the mapping (tensors own editable memory, loaded outside
// InferenceMode so edits can change them) and widens to F32.
torch::Tensor WeightLoader::read(const QString& name, QStringList& warnings) const
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
    return t.to(m_device, m_dtype);
}

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int start, KvCache* cache,
                     int layer, bool causal, std::vector<HostTensor>* capture)
{
    const int n = int(q.size(0)), H = int(q.size(1)), hd = int(q.size(2)), KV = int(k.size(1)), group = H / KV;
    torch::Tensor keys = k.transpose(0, 1), values = v.transpose(0, 1); // [KV, n, hd]
    int t = n;
    if (cache) {
        t = start + n;
        if (t > cache->capacity)
            throw Error(QStringLiteral("context full: %1 tokens do not fit in %2").arg(t).arg(cache->capacity));
        cache->k[size_t(layer)].narrow(1, start, n).copy_(keys);
        cache->v[size_t(layer)].narrow(1, start, n).copy_(values);
        keys = cache->k[size_t(layer)].narrow(1, 0, t);
        values = cache->v[size_t(layer)].narrow(1, 0, t);
    }
    // Query heads h·group … h·group+group-1 share key/value head h (HF's
    // repeat_kv), so they are grouped rather than copying keys per head.
    const auto qGrouped = q.transpose(0, 1).reshape({KV, group * n, hd});
    auto scores = torch::matmul(qGrouped, keys.transpose(1, 2)).mul_(1.0 / std::sqrt(double(hd))).view({H, n, t});
    if (causal && n > 1) // query i (absolute start+i) may not see keys after it
        scores.masked_fill_(torch::ones({n, t}, torch::TensorOptions().dtype(torch::kBool).device(q.device())).triu(t - n + 1),
                            -std::numeric_limits<float>::infinity());
    // Softmax in F32 (HF does the same in reduced precision).
    const auto probs = torch::softmax(scores, -1, torch::kFloat).to(q.scalar_type());
    if (capture)
        capture->push_back(toHost(probs));
    return torch::matmul(probs.view({KV, group * n, t}), values).view({H, n, hd}).transpose(0, 1).reshape({n, H * hd});
}

torch::Tensor applyHooks(torch::Tensor mlp, const std::vector<MlpAddHook>& hooks, int layer, int start, int hidden,
                         const torch::Device& device)
{
    for (const MlpAddHook& hook : hooks) {
        if (hook.layer != layer)
            continue;
        if (int(hook.vector.size()) != hidden)
            throw Error(QStringLiteral("MLP hook vector has %1 values; the hidden size is %2").arg(hook.vector.size()).arg(hidden));
        const auto vec = torch::from_blob(const_cast<float*>(hook.vector.data()), {hidden}).to(device, mlp.scalar_type());
        if (hook.positions.empty()) {
            mlp = mlp + vec;
            continue;
        }
        mlp = mlp.clone();
        const int n = int(mlp.size(0));
        for (int p : hook.positions)
            if (p >= start && p < start + n)
                mlp[p - start] += vec;
    }
    return mlp;
}

KvCache ModelImpl::makeCache(int capacity) const
{
    KvCache c;
    c.capacity = capacity;
    const auto opts = torch::TensorOptions().dtype(dtype).device(device);
    for (int l = 0; l < cfg.layers; ++l) {
        c.k.push_back(torch::empty({cfg.kvHeads, capacity, cfg.headDim}, opts));
        c.v.push_back(torch::empty({cfg.kvHeads, capacity, cfg.headDim}, opts));
    }
    return c;
}

torch::Tensor ModelImpl::idsTensor(const std::vector<int>& ids) const
{
    for (int id : ids)
        if (id < 0 || id >= cfg.vocabSize)
            throw Error(QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(cfg.vocabSize - 1));
    std::vector<std::int64_t> wide(ids.begin(), ids.end());
    return torch::tensor(wide, torch::TensorOptions().dtype(torch::kLong)).to(device);
}

} // namespace sonde::detail
