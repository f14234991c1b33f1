// BERT family (bert, roberta): bidirectional encoder, post-layer-norm blocks,
// absolute positions (RoBERTa's start after the padding index), token types,
// and the masked-LM head when the checkpoint has one.
#include "model/TorchModel.h"

namespace sonde::detail {

namespace {

struct BertLayer {
    torch::Tensor qW, qB, kW, kB, vW, vB, oW, oB, ln1w, ln1b;
    torch::Tensor fcW, fcB, outW, outB, ln2w, ln2b;
};

class Bert : public ModelImpl {
public:
    torch::Tensor word, position, tokenType, embLnW, embLnB;
    std::vector<BertLayer> layers;
    bool hasHead = false;
    Activation headActivation = Activation::GeluErf;
    torch::Tensor headW, headB, headLnW, headLnB, decoder, decoderBias;

    torch::Tensor norm(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) const
    {
        return layerNorm(x, w, b, cfg.layerNormEps);
    }

    torch::Tensor hidden(const std::vector<int>& ids, int start, KvCache*, const CaptureOptions* capture, ForwardResult* out,
                         const std::vector<MlpAddHook>& hooks) const override
    {
        const int n = int(ids.size()), H = cfg.heads, hd = cfg.headDim;
        // A single segment: token type 0 everywhere.
        auto x = word.index_select(0, idsTensor(ids)) + position.narrow(0, cfg.positionOffset + start, n) + tokenType[0];
        x = norm(x, embLnW, embLnB);
        if (capture && capture->hiddenStates)
            out->hiddenStates.push_back(toHost(x));
        for (int l = 0; l < cfg.layers; ++l) {
            const BertLayer& L = layers[size_t(l)];
            const auto q = project(x, L.qW, L.qB).view({n, H, hd});
            const auto k = project(x, L.kW, L.kB).view({n, H, hd});
            const auto v = project(x, L.vW, L.vB).view({n, H, hd});
            const auto context = attend(q, k, v, start, nullptr, l, false, capture && capture->attentions ? &out->attentions : nullptr);
            x = norm(x + project(context, L.oW, L.oB), L.ln1w, L.ln1b);

            const auto act = activate(project(x, L.fcW, L.fcB), cfg.activation);
            const auto mlp = project(act, L.outW, L.outB);
            if (capture && capture->mlpIO) {
                out->mlpInputs.push_back(toHost(act));
                out->mlpOutputs.push_back(toHost(mlp));
            }
            x = norm(x + applyHooks(mlp, hooks, l, start, cfg.hiddenSize, device), L.ln2w, L.ln2b);
            if (capture && capture->hiddenStates)
                out->hiddenStates.push_back(toHost(x));
        }
        return x;
    }

    torch::Tensor logits(const torch::Tensor& h) const override
    {
        if (!hasHead)
            return {};
        const auto t = norm(activate(project(h, headW, headB), headActivation), headLnW, headLnB);
        return project(t, decoder, decoderBias);
    }

    std::unique_ptr<ModelImpl> clone() const override { return std::make_unique<Bert>(*this); }

    torch::Tensor* matrix(int layer, const QString& name, bool* transposed) override
    {
        *transposed = false; // nn.Linear: [out, in]
        if (name == QLatin1String("unembed"))
            return layer == 0 && hasHead ? &decoder : nullptr;
        if (layer < 0 || layer >= int(layers.size()))
            return nullptr;
        BertLayer& L = layers[size_t(layer)];
        if (name == QLatin1String("mlp.out"))
            return &L.outW;
        if (name == QLatin1String("mlp.in"))
            return &L.fcW;
        if (name == QLatin1String("attn.out"))
            return &L.oW;
        return nullptr;
    }
};

} // namespace

std::unique_ptr<ModelImpl> loadBert(const ModelConfig& c, const WeightSet& weights, const QString& folder, const torch::Device& device,
                                     torch::ScalarType dtype)
{
    auto m = std::make_unique<Bert>();
    const bool roberta = c.modelType == QLatin1String("roberta");
    // BertForMaskedLM / RobertaForMaskedLM prefix the encoder; BertModel does not.
    const QString family = roberta ? QStringLiteral("roberta.") : QStringLiteral("bert.");
    const QString p = weights.find(family + QStringLiteral("embeddings.word_embeddings.weight")) ? family : QString();
    const std::int64_t D = c.hiddenSize, I = c.intermediateSize, V = c.vocabSize;
    WeightLoader loader(weights, folder, device, dtype);
    loader.expect(p + QStringLiteral("embeddings.word_embeddings.weight"), {V, D}, &m->word);
    loader.expect(p + QStringLiteral("embeddings.position_embeddings.weight"), {c.maxPositions + c.positionOffset, D}, &m->position);
    loader.expect(p + QStringLiteral("embeddings.token_type_embeddings.weight"), {c.typeVocabSize, D}, &m->tokenType);
    loader.expect(p + QStringLiteral("embeddings.LayerNorm.weight"), {D}, &m->embLnW);
    loader.expect(p + QStringLiteral("embeddings.LayerNorm.bias"), {D}, &m->embLnB);
    m->layers.resize(size_t(c.layers));
    for (int l = 0; l < c.layers; ++l) {
        BertLayer& L = m->layers[size_t(l)];
        const QString b = p + QStringLiteral("encoder.layer.%1.").arg(l);
        loader.expect(b + QStringLiteral("attention.self.query.weight"), {D, D}, &L.qW);
        loader.expect(b + QStringLiteral("attention.self.query.bias"), {D}, &L.qB);
        loader.expect(b + QStringLiteral("attention.self.key.weight"), {D, D}, &L.kW);
        loader.expect(b + QStringLiteral("attention.self.key.bias"), {D}, &L.kB);
        loader.expect(b + QStringLiteral("attention.self.value.weight"), {D, D}, &L.vW);
        loader.expect(b + QStringLiteral("attention.self.value.bias"), {D}, &L.vB);
        loader.expect(b + QStringLiteral("attention.output.dense.weight"), {D, D}, &L.oW);
        loader.expect(b + QStringLiteral("attention.output.dense.bias"), {D}, &L.oB);
        loader.expect(b + QStringLiteral("attention.output.LayerNorm.weight"), {D}, &L.ln1w);
        loader.expect(b + QStringLiteral("attention.output.LayerNorm.bias"), {D}, &L.ln1b);
        loader.expect(b + QStringLiteral("intermediate.dense.weight"), {I, D}, &L.fcW);
        loader.expect(b + QStringLiteral("intermediate.dense.bias"), {I}, &L.fcB);
        loader.expect(b + QStringLiteral("output.dense.weight"), {D, I}, &L.outW);
        loader.expect(b + QStringLiteral("output.dense.bias"), {D}, &L.outB);
        loader.expect(b + QStringLiteral("output.LayerNorm.weight"), {D}, &L.ln2w);
        loader.expect(b + QStringLiteral("output.LayerNorm.bias"), {D}, &L.ln2b);
    }
    // The masked-LM head, named differently in the two families.
    const QString h = roberta ? QStringLiteral("lm_head.") : QStringLiteral("cls.predictions.");
    const QString dense = roberta ? QStringLiteral("dense") : QStringLiteral("transform.dense");
    const QString ln = roberta ? QStringLiteral("layer_norm") : QStringLiteral("transform.LayerNorm");
    m->hasHead = loader.expectOptional(h + dense + QStringLiteral(".weight"), {D, D}, &m->headW);
    if (m->hasHead) {
        loader.expect(h + dense + QStringLiteral(".bias"), {D}, &m->headB);
        loader.expect(h + ln + QStringLiteral(".weight"), {D}, &m->headLnW);
        loader.expect(h + ln + QStringLiteral(".bias"), {D}, &m->headLnB);
        if (!loader.expectOptional(h + QStringLiteral("bias"), {V}, &m->decoderBias))
            loader.expect(h + QStringLiteral("decoder.bias"), {V}, &m->decoderBias);
        loader.expectOptional(h + QStringLiteral("decoder.weight"), {V, D}, &m->decoder);
        m->headActivation = roberta ? Activation::GeluErf : c.activation;
    }
    // The pooler and next-sentence head serve other tasks; position_ids is a
    // buffer; decoder.bias duplicates the head's bias.
    m->warnings << loader.load({QStringLiteral("position_ids"), QStringLiteral("decoder.bias"), QStringLiteral("pooler.dense.weight"),
                                QStringLiteral("pooler.dense.bias"), QStringLiteral("seq_relationship.weight"),
                                QStringLiteral("seq_relationship.bias")});
    if (m->hasHead && !m->decoder.defined())
        m->decoder = m->word; // tied, as in every released BERT and RoBERTa
    if (!m->hasHead)
        m->warnings << QStringLiteral("no masked-LM head in the weights: logits are unavailable, hidden states and attentions are");
    return m;
}

} // namespace sonde::detail
