#pragma once
// Private to the torch translation units of core/model: the building blocks the
// model families share and the interface each family implements. Never
// included by views or the CLI (they use LanguageModel.h).
#include "io/Safetensors.h"
#include "model/LanguageModel.h"

#include <torch/torch.h>

namespace sonde::detail {

HostTensor toHost(const torch::Tensor& t);

// x [n, in] · Wᵀ (+ b); one row goes through gemv (memory-speed decoding).
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b = {});

// GPT-2's Conv1D stores weights [in, out]: x [n, in] · W (+ b).
torch::Tensor conv1d(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b);

torch::Tensor activate(const torch::Tensor& x, Activation a);

// Reads named tensors, checking presence and shape of all of them before
// loading any, so every problem is reported at once and no memory is wasted.
class WeightLoader {
public:
    WeightLoader(const WeightSet& weights, const QString& folder, const torch::Device& device, torch::ScalarType dtype);
    void expect(const QString& name, std::vector<std::int64_t> shape, torch::Tensor* target);
    // Loads only when present (e.g. an optional head); returns whether it was.
    bool expectOptional(const QString& name, std::vector<std::int64_t> shape, torch::Tensor* target);
    // Loads everything; returns warnings (NaNs, unused tensors).
    QStringList load(const QStringList& ignorableSuffixes = {});

private:
    torch::Tensor read(const QString& name, QStringList& warnings) const;
    struct Expected {
        QString name;
        std::vector<std::int64_t> shape;
        torch::Tensor* target;
    };
    const WeightSet& m_weights;
    QString m_folder;
    torch::Device m_device;
    torch::ScalarType m_dtype;
    std::vector<Expected> m_expected;
};

// Keys and values of every layer for incremental decoding.
struct KvCache {
    std::vector<torch::Tensor> k, v; // per layer [kvHeads, capacity, headDim]
    int capacity = 0;
};

// Scaled dot-product attention, computed explicitly so probabilities can be
// captured. q [n, H, hd], k and v [n, KV, hd] for positions start..start+n-1.
// With a cache, k and v are appended to it and attention covers every cached
// position; `causal` hides later positions. Returns [n, H·hd].
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int start, KvCache* cache,
                     int layer, bool causal, std::vector<HostTensor>* capture);

// Adds each hook for `layer` to an MLP output [n, D] covering positions start...
torch::Tensor applyHooks(torch::Tensor mlp, const std::vector<MlpAddHook>& hooks, int layer, int start, int hidden,
                         const torch::Device& device);

// One model family. The public LanguageModel drives it.
class ModelImpl {
public:
    virtual ~ModelImpl() = default;
    // Runs `ids` at positions start.., returning the representation the head
    // reads ([n, D]: after the final norm for decoders). Fills `cache` when given;
    // records captures into `out` when `capture` is given.
    virtual torch::Tensor hidden(const std::vector<int>& ids, int start, KvCache* cache, const CaptureOptions* capture,
                                 ForwardResult* out, const std::vector<MlpAddHook>& hooks) const = 0;
    // Logits [n, vocab]; undefined when the model has no head.
    virtual torch::Tensor logits(const torch::Tensor& hidden) const = 0;

    // Shares every tensor: the start of an edited variant.
    virtual std::unique_ptr<ModelImpl> clone() const = 0;
    // The tensor behind a logical matrix (WeightEdit::matrix) of `layer`, and
    // whether it is stored [in, out] rather than [out, in]; null when absent.
    virtual torch::Tensor* matrix(int layer, const QString& name, bool* transposed) = 0;

    KvCache makeCache(int capacity) const;
    torch::Tensor idsTensor(const std::vector<int>& ids) const; // validated against the vocabulary

    ModelConfig cfg;
    QString folder;
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat; // compute precision
    QStringList warnings;
    std::int64_t parameters = 0;
};

// Layer norm computed in F32 whatever the compute precision.
torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, double eps);

std::unique_ptr<ModelImpl> loadLlama(const ModelConfig& cfg, const WeightSet& weights, const QString& folder, const torch::Device& device,
                                     torch::ScalarType dtype);
std::unique_ptr<ModelImpl> loadGpt2(const ModelConfig& cfg, const WeightSet& weights, const QString& folder, const torch::Device& device,
                                    torch::ScalarType dtype);
std::unique_ptr<ModelImpl> loadBert(const ModelConfig& cfg, const WeightSet& weights, const QString& folder, const torch::Device& device,
                                    torch::ScalarType dtype);

} // namespace sonde::detail
