#pragma once
// A decoder-only language model loaded from a Hugging Face folder (Llama
// family today). Torch stays behind the pimpl; everything here is plain C++.
//
// Weights are ordinary (editable) tensors; forward passes run without
// autograd. Captures are computed only when asked for, and attention
// probabilities are always computed explicitly so they can be captured.
#include "model/HostTensor.h"
#include "model/ModelConfig.h"
#include "model/WeightEdit.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace sonde {

struct CaptureOptions {
    bool attentions = false;   // per layer [heads, T, T]
    bool hiddenStates = false; // L+1 entries of [T, D]: embeddings, then each layer's output (the last after the final norm, as HF)
    bool mlpIO = false;        // per layer: input [T, intermediate] and output [T, D] of the MLP's down projection
};

// Adds `vector` (length hidden size) to layer `layer`'s MLP output at `positions`
// (all positions when empty) before the residual sum. Fact editing uses this.
struct MlpAddHook {
    int layer = 0;
    std::vector<float> vector;
    std::vector<int> positions;
};

struct ForwardResult {
    HostTensor logits; // [T, vocab]
    std::vector<HostTensor> attentions;
    std::vector<HostTensor> hiddenStates;
    std::vector<HostTensor> mlpInputs;
    std::vector<HostTensor> mlpOutputs;
};

// The precision weights and activations are computed in. Norms and softmax
// always run in F32, as Hugging Face does. F32 is the CPU's; BF16 and F16 are
// for CUDA (BF16 also runs on the CPU, slowly: useful to check its numerics).
enum class ComputeDType { F32, BF16, F16 };
ComputeDType parseComputeDType(const QString& name); // "f32", "bf16", "f16"; throws

class LanguageModel {
public:
    // `device`: "cpu" or "cuda:N". Throws sonde::Error for a missing tensor, a
    // wrong shape, a config that disagrees with the weights, a bad file, or a
    // precision the device cannot compute in.
    static std::unique_ptr<LanguageModel> load(const QString& folder, const QString& device = QStringLiteral("cpu"),
                                               ComputeDType dtype = ComputeDType::F32);
    ComputeDType computeDType() const;
    ~LanguageModel();

    const ModelConfig& config() const;
    QStringList warnings() const; // e.g. NaN values in a tensor, ignored tensors
    QString device() const;
    QString folder() const;
    std::int64_t parameterCount() const;
    // Bytes of weights this model holds itself: all of them for a loaded
    // model, only the edited matrices for one made by withEdits.
    std::uint64_t ownBytes() const;
    const std::vector<WeightEdit>& edits() const; // applied on the base; empty for a loaded model

    // This model with `edits` applied (on top of any it already has): every
    // untouched tensor is shared, each edited matrix is a copy computed from
    // the loaded weights as (W in F32 + Σ U Vᵀ) cast to the compute precision,
    // so chained edits round once. This model is not changed. Throws
    // sonde::Error naming an unknown matrix or a wrong shape.
    std::unique_ptr<LanguageModel> withEdits(const std::vector<WeightEdit>& edits) const;

    // One pass over a whole sequence. Throws when it exceeds the context length.
    ForwardResult forward(const std::vector<int>& ids, const CaptureOptions& capture = {},
                          const std::vector<MlpAddHook>& hooks = {}) const;

    // Incremental decoding with a KV cache.
    class Session {
    public:
        ~Session();
        // Appends tokens and returns the logits of the last one (length vocab).
        std::vector<float> feed(const std::vector<int>& ids);
        int position() const; // tokens consumed so far
        int capacity() const;

    private:
        friend class LanguageModel;
        struct Impl;
        explicit Session(std::unique_ptr<Impl> impl);
        std::unique_ptr<Impl> d;
    };
    // A session that can hold up to `capacity` tokens (at most the context
    // length). It shares the weights, so it stays valid after this object goes.
    std::unique_ptr<Session> startSession(int capacity) const;

    struct Impl;

private:
    explicit LanguageModel(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> d;
};

} // namespace sonde
