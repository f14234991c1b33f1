// Llama family (llama, mistral, qwen2), matching Hugging Face's modeling_llama
// numerics: RMSNorm in F32, rotate-half RoPE with F32 tables, grouped-query
// attention, SiLU-gated MLP.
#include "model/TorchModel.h"

namespace sonde::detail {

namespace {

struct LlamaLayer {
    torch::Tensor attnNorm, wq, wk, wv, wo, bq, bk, bv;
    torch::Tensor mlpNorm, wGate, wUp, wDown;
};

class Llama : public ModelImpl {
public:
    torch::Tensor embed, finalNorm, lmHead;
    std::vector<LlamaLayer> layers;
    torch::Tensor invFreq; // [headDim / 2], F32, on the device

    struct Rotary {
        torch::Tensor cos, sin; // [n, 1, headDim] in the compute precision
    };
    // RoPE angles for positions start..start+n-1 only, computed per forward as HF
    // does: a table for the whole context would cost memory in proportion to
    // max_position_embeddings, which a config can set to anything.
    Rotary rotary(int start, int n) const
    {
        const auto positions = torch::arange(start, start + n, torch::TensorOptions().dtype(torch::kLong).device(device))
                                   .to(torch::kFloat)
            / float(cfg.ropeLinearFactor);
        const auto freqs = torch::outer(positions, invFreq);
        const auto angles = torch::cat({freqs, freqs}, -1);
        return {angles.cos().to(dtype).unsqueeze(1), angles.sin().to(dtype).unsqueeze(1)};
    }

    // In F32, then back to the compute precision before the weight, as HF's LlamaRMSNorm.
    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w) const
    {
        if (x.scalar_type() == torch::kFloat)
            return x * torch::rsqrt(x.pow(2).mean(-1, true) + cfg.rmsNormEps) * w;
        const auto f = x.to(torch::kFloat);
        return w * (f * torch::rsqrt(f.pow(2).mean(-1, true) + cfg.rmsNormEps)).to(x.scalar_type());
    }

    // x [n, heads, headDim] at the positions `r` was computed for.
    torch::Tensor rope(const torch::Tensor& x, const Rotary& r) const
    {
        const int half = cfg.headDim / 2;
        const auto rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
        return x * r.cos + rotated * r.sin;
    }

    torch::Tensor hidden(const std::vector<int>& ids, int start, KvCache* cache, const CaptureOptions* capture,
                         ForwardResult* out, const std::vector<MlpAddHook>& hooks) const override
    {
        const int n = int(ids.size()), H = cfg.heads, KV = cfg.kvHeads, hd = cfg.headDim;
        auto x = embed.index_select(0, idsTensor(ids));
        const Rotary r = rotary(start, n);
        for (int l = 0; l < cfg.layers; ++l) {
            const LlamaLayer& L = layers[size_t(l)];
            if (capture && capture->hiddenStates)
                out->hiddenStates.push_back(toHost(x));
            const auto h = rmsNorm(x, L.attnNorm);
            const auto q = rope(project(h, L.wq, L.bq).view({n, H, hd}), r);
            const auto k = rope(project(h, L.wk, L.bk).view({n, KV, hd}), r);
            const auto v = project(h, L.wv, L.bv).view({n, KV, hd});
            const auto context = attend(q, k, v, start, cache, l, true,
                                        capture && capture->attentions ? &out->attentions : nullptr);
            x = x + project(context, L.wo);

            const auto h2 = rmsNorm(x, L.mlpNorm);
            const auto act = torch::silu(project(h2, L.wGate)) * project(h2, L.wUp);
            const auto mlp = project(act, L.wDown);
            if (capture && capture->mlpIO) {
                out->mlpInputs.push_back(toHost(act));
                out->mlpOutputs.push_back(toHost(mlp));
            }
            x = x + applyHooks(mlp, hooks, l, start, cfg.hiddenSize, device);
        }
        x = rmsNorm(x, finalNorm);
        if (capture && capture->hiddenStates) // HF: the last entry is after the final norm
            out->hiddenStates.push_back(toHost(x));
        return x;
    }

    torch::Tensor logits(const torch::Tensor& h) const override { return project(h, lmHead); }

    std::unique_ptr<ModelImpl> clone() const override { return std::make_unique<Llama>(*this); }

    torch::Tensor* matrix(int layer, const QString& name, bool* transposed) override
    {
        *transposed = false; // nn.Linear: [out, in]
        if (name == QLatin1String("unembed"))
            return layer == 0 ? &lmHead : nullptr; // a tied head gets its own copy; the embedding stays
        if (layer < 0 || layer >= int(layers.size()))
            return nullptr;
        LlamaLayer& L = layers[size_t(layer)];
        if (name == QLatin1String("mlp.out"))
            return &L.wDown;
        if (name == QLatin1String("mlp.in"))
            return &L.wUp;
        if (name == QLatin1String("attn.out"))
            return &L.wo;
        return nullptr;
    }
};

} // namespace

std::unique_ptr<ModelImpl> loadLlama(const ModelConfig& c, const WeightSet& weights, const QString& folder, const torch::Device& device,
                                     torch::ScalarType dtype)
{
    auto m = std::make_unique<Llama>();
    WeightLoader loader(weights, folder, device, dtype);
    const std::int64_t D = c.hiddenSize, I = c.intermediateSize, qDim = c.heads * c.headDim, kvDim = c.kvHeads * c.headDim;
    loader.expect(QStringLiteral("model.embed_tokens.weight"), {c.vocabSize, D}, &m->embed);
    loader.expect(QStringLiteral("model.norm.weight"), {D}, &m->finalNorm);
    if (!c.tieWordEmbeddings)
        loader.expect(QStringLiteral("lm_head.weight"), {c.vocabSize, D}, &m->lmHead);
    m->layers.resize(size_t(c.layers));
    for (int l = 0; l < c.layers; ++l) {
        LlamaLayer& L = m->layers[size_t(l)];
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
    m->warnings << loader.load({QStringLiteral("rotary_emb.inv_freq")});
    if (c.tieWordEmbeddings)
        m->lmHead = m->embed;

    // In F32, as HF computes it: inv_freq = 1 / theta^(2i/d).
    m->invFreq = (1.0 / torch::pow(torch::tensor(c.ropeTheta, torch::kFloat),
                                   torch::arange(0, c.headDim, 2, torch::kLong).to(torch::kFloat) / float(c.headDim)))
                     .to(device);
    return m;
}

} // namespace sonde::detail
