// GPT-2 family (gpt2, DialoGPT): pre-layer-norm blocks, learned positions,
// Conv1D weights stored [in, out], GELU (tanh approximation by default),
// head tied to the token embeddings.
#include "model/TorchModel.h"

namespace sonde::detail {

namespace {

struct Gpt2Layer {
    torch::Tensor ln1w, ln1b, attnW, attnB, projW, projB;
    torch::Tensor ln2w, ln2b, fcW, fcB, outW, outB;
};

class Gpt2 : public ModelImpl {
public:
    torch::Tensor wte, wpe, lnfW, lnfB, lmHead;
    std::vector<Gpt2Layer> layers;

    torch::Tensor norm(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) const
    {
        return layerNorm(x, w, b, cfg.layerNormEps);
    }

    torch::Tensor hidden(const std::vector<int>& ids, int start, KvCache* cache, const CaptureOptions* capture,
                         ForwardResult* out, const std::vector<MlpAddHook>& hooks) const override
    {
        const int n = int(ids.size()), H = cfg.heads, hd = cfg.headDim, D = cfg.hiddenSize;
        auto x = wte.index_select(0, idsTensor(ids)) + wpe.narrow(0, start, n);
        for (int l = 0; l < cfg.layers; ++l) {
            const Gpt2Layer& L = layers[size_t(l)];
            if (capture && capture->hiddenStates)
                out->hiddenStates.push_back(toHost(x));
            const auto qkv = conv1d(norm(x, L.ln1w, L.ln1b), L.attnW, L.attnB);
            const auto q = qkv.narrow(1, 0, D).view({n, H, hd});
            const auto k = qkv.narrow(1, D, D).view({n, H, hd});
            const auto v = qkv.narrow(1, 2 * D, D).view({n, H, hd});
            const auto context = attend(q, k, v, start, cache, l, true, capture && capture->attentions ? &out->attentions : nullptr);
            x = x + conv1d(context, L.projW, L.projB);

            const auto act = activate(conv1d(norm(x, L.ln2w, L.ln2b), L.fcW, L.fcB), cfg.activation);
            const auto mlp = conv1d(act, L.outW, L.outB);
            if (capture && capture->mlpIO) {
                out->mlpInputs.push_back(toHost(act));
                out->mlpOutputs.push_back(toHost(mlp));
            }
            x = x + applyHooks(mlp, hooks, l, start, D, device);
        }
        x = norm(x, lnfW, lnfB);
        if (capture && capture->hiddenStates) // HF: the last entry is after ln_f
            out->hiddenStates.push_back(toHost(x));
        return x;
    }

    torch::Tensor logits(const torch::Tensor& h) const override { return project(h, lmHead); }

    std::unique_ptr<ModelImpl> clone() const override { return std::make_unique<Gpt2>(*this); }

    torch::Tensor* matrix(int layer, const QString& name, bool* transposed) override
    {
        if (name == QLatin1String("unembed")) {
            *transposed = false; // the head is [vocab, D]; a tied one gets its own copy
            return layer == 0 ? &lmHead : nullptr;
        }
        *transposed = true; // Conv1D: [in, out]
        if (layer < 0 || layer >= int(layers.size()))
            return nullptr;
        Gpt2Layer& L = layers[size_t(layer)];
        if (name == QLatin1String("mlp.out"))
            return &L.outW;
        if (name == QLatin1String("mlp.in"))
            return &L.fcW;
        if (name == QLatin1String("attn.out"))
            return &L.projW;
        return nullptr;
    }
};

} // namespace

std::unique_ptr<ModelImpl> loadGpt2(const ModelConfig& c, const WeightSet& weights, const QString& folder, const torch::Device& device,
                                     torch::ScalarType dtype)
{
    auto m = std::make_unique<Gpt2>();
    // GPT2LMHeadModel checkpoints (DialoGPT) prefix "transformer."; GPT2Model ones (gpt2) do not.
    const QString p = weights.find(QStringLiteral("transformer.wte.weight")) ? QStringLiteral("transformer.") : QString();
    const std::int64_t D = c.hiddenSize, I = c.intermediateSize;
    WeightLoader loader(weights, folder, device, dtype);
    loader.expect(p + QStringLiteral("wte.weight"), {c.vocabSize, D}, &m->wte);
    loader.expect(p + QStringLiteral("wpe.weight"), {c.maxPositions, D}, &m->wpe);
    loader.expect(p + QStringLiteral("ln_f.weight"), {D}, &m->lnfW);
    loader.expect(p + QStringLiteral("ln_f.bias"), {D}, &m->lnfB);
    const bool ownHead = !c.tieWordEmbeddings && loader.expectOptional(QStringLiteral("lm_head.weight"), {c.vocabSize, D}, &m->lmHead);
    m->layers.resize(size_t(c.layers));
    for (int l = 0; l < c.layers; ++l) {
        Gpt2Layer& L = m->layers[size_t(l)];
        const QString b = p + QStringLiteral("h.%1.").arg(l);
        loader.expect(b + QStringLiteral("ln_1.weight"), {D}, &L.ln1w);
        loader.expect(b + QStringLiteral("ln_1.bias"), {D}, &L.ln1b);
        loader.expect(b + QStringLiteral("attn.c_attn.weight"), {D, 3 * D}, &L.attnW);
        loader.expect(b + QStringLiteral("attn.c_attn.bias"), {3 * D}, &L.attnB);
        loader.expect(b + QStringLiteral("attn.c_proj.weight"), {D, D}, &L.projW);
        loader.expect(b + QStringLiteral("attn.c_proj.bias"), {D}, &L.projB);
        loader.expect(b + QStringLiteral("ln_2.weight"), {D}, &L.ln2w);
        loader.expect(b + QStringLiteral("ln_2.bias"), {D}, &L.ln2b);
        loader.expect(b + QStringLiteral("mlp.c_fc.weight"), {D, I}, &L.fcW);
        loader.expect(b + QStringLiteral("mlp.c_fc.bias"), {I}, &L.fcB);
        loader.expect(b + QStringLiteral("mlp.c_proj.weight"), {I, D}, &L.outW);
        loader.expect(b + QStringLiteral("mlp.c_proj.bias"), {D}, &L.outB);
    }
    // Old checkpoints carry the causal-mask buffers and a copy of the tied head.
    m->warnings << loader.load({QStringLiteral(".attn.bias"), QStringLiteral(".attn.masked_bias"), QStringLiteral("lm_head.weight")});
    if (!ownHead)
        m->lmHead = m->wte;
    return m;
}

} // namespace sonde::detail
