#include "model/ModelConfig.h"

#include "Error.h"
#include "util/JsonFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace sonde {

namespace {

int requirePositive(const QJsonObject& o, const char* key, const QString& file)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() <= 0)
        throw Error(QStringLiteral("%1: \"%2\" must be a positive integer").arg(file, QLatin1String(key)));
    return v.toInt();
}

// "eos_token_id" is an int or a list of ints in HF configs.
std::vector<int> tokenIds(const QJsonValue& v)
{
    std::vector<int> out;
    if (v.isDouble())
        out.push_back(v.toInt());
    for (const QJsonValue& e : v.toArray())
        if (e.isDouble())
            out.push_back(e.toInt());
    return out;
}

Activation parseActivation(const QString& name, const QString& file)
{
    if (name == QLatin1String("silu") || name == QLatin1String("swish"))
        return Activation::SiLU;
    if (name == QLatin1String("gelu_new") || name == QLatin1String("gelu_pytorch_tanh") || name == QLatin1String("gelu_fast"))
        return Activation::GeluTanh;
    if (name == QLatin1String("gelu"))
        return Activation::GeluErf;
    if (name == QLatin1String("relu"))
        return Activation::ReLU;
    throw Error(QStringLiteral("%1: activation \"%2\" is not supported (silu, gelu, gelu_new, relu)").arg(file, name));
}

// The sizes under Hugging Face's standard names (Llama and BERT families);
// every head its own key/value head, of hidden / heads dimensions.
void readStandardShape(const QJsonObject& o, const QString& file, ModelConfig& c)
{
    c.vocabSize = requirePositive(o, "vocab_size", file);
    c.hiddenSize = requirePositive(o, "hidden_size", file);
    c.intermediateSize = requirePositive(o, "intermediate_size", file);
    c.layers = requirePositive(o, "num_hidden_layers", file);
    c.heads = requirePositive(o, "num_attention_heads", file);
    c.maxPositions = requirePositive(o, "max_position_embeddings", file);
    c.kvHeads = c.heads;
    c.headDim = c.hiddenSize / c.heads;
}

void readLlama(const QJsonObject& o, const QString& file, ModelConfig& c)
{
    c.family = ModelFamily::Llama;
    readStandardShape(o, file, c);
    if (o.contains(QStringLiteral("num_key_value_heads")))
        c.kvHeads = requirePositive(o, "num_key_value_heads", file);
    if (o.contains(QStringLiteral("head_dim")) && !o.value(QStringLiteral("head_dim")).isNull())
        c.headDim = requirePositive(o, "head_dim", file);
    if (c.heads % c.kvHeads != 0)
        throw Error(QStringLiteral("%1: num_attention_heads (%2) is not a multiple of num_key_value_heads (%3)")
                        .arg(file).arg(c.heads).arg(c.kvHeads));
    if (c.headDim % 2 != 0)
        throw Error(QStringLiteral("%1: head dimension %2 is odd; rotary embeddings need an even one").arg(file).arg(c.headDim));
    c.rmsNormEps = o.value(QStringLiteral("rms_norm_eps")).toDouble(1e-6);
    c.ropeTheta = o.value(QStringLiteral("rope_theta")).toDouble(10000.0);
    c.tieWordEmbeddings = o.value(QStringLiteral("tie_word_embeddings")).toBool(false);
    c.qkvBias = c.modelType == QLatin1String("qwen2") || o.value(QStringLiteral("attention_bias")).toBool(false);

    const QJsonValue scaling = o.value(QStringLiteral("rope_scaling"));
    if (scaling.isObject()) {
        const QJsonObject s = scaling.toObject();
        const QString type = s.value(QStringLiteral("type")).toString(s.value(QStringLiteral("rope_type")).toString());
        if (type != QLatin1String("linear") && type != QLatin1String("default"))
            throw Error(QStringLiteral("%1: rope_scaling type \"%2\" is not supported (only \"linear\")").arg(file, type));
        if (type == QLatin1String("linear")) {
            c.ropeLinearFactor = s.value(QStringLiteral("factor")).toDouble(0.0);
            if (!(c.ropeLinearFactor > 0.0))
                throw Error(QStringLiteral("%1: rope_scaling factor must be positive").arg(file));
        }
    }
    const QString hiddenAct = o.value(QStringLiteral("hidden_act")).toString(QStringLiteral("silu"));
    if (hiddenAct != QLatin1String("silu"))
        throw Error(QStringLiteral("%1: hidden_act \"%2\" is not supported for %3 (expected silu)").arg(file, hiddenAct, c.modelType));

    const QJsonValue window = o.value(QStringLiteral("sliding_window"));
    if (window.isDouble() && window.toInt() > 0 && o.value(QStringLiteral("use_sliding_window")).toBool(true)) {
        c.slidingWindow = window.toInt();
        if (c.slidingWindow < c.maxPositions)
            c.warnings << QStringLiteral("sliding-window attention (%1 tokens) is not applied: contexts longer than "
                                         "%1 tokens attend to every earlier token")
                              .arg(c.slidingWindow);
    }
}

// GPT-2's config names (n_embd, n_layer, …) differ from everything else's.
void readGpt2(const QJsonObject& o, const QString& file, ModelConfig& c)
{
    c.family = ModelFamily::Gpt2;
    c.vocabSize = requirePositive(o, "vocab_size", file);
    c.hiddenSize = requirePositive(o, "n_embd", file);
    c.layers = requirePositive(o, "n_layer", file);
    c.heads = requirePositive(o, "n_head", file);
    c.kvHeads = c.heads;
    c.headDim = c.hiddenSize / c.heads;
    c.maxPositions = o.contains(QStringLiteral("n_positions")) ? requirePositive(o, "n_positions", file)
                                                               : requirePositive(o, "n_ctx", file);
    c.intermediateSize = o.value(QStringLiteral("n_inner")).isDouble() ? requirePositive(o, "n_inner", file) : 4 * c.hiddenSize;
    c.layerNormEps = o.value(QStringLiteral("layer_norm_epsilon")).toDouble(1e-5);
    c.activation = parseActivation(o.value(QStringLiteral("activation_function")).toString(QStringLiteral("gelu_new")), file);
    c.tieWordEmbeddings = o.value(QStringLiteral("tie_word_embeddings")).toBool(true);
    if (o.value(QStringLiteral("scale_attn_by_inverse_layer_idx")).toBool(false))
        throw Error(QStringLiteral("%1: scale_attn_by_inverse_layer_idx is not supported").arg(file));
}

void readBert(const QJsonObject& o, const QString& file, ModelConfig& c)
{
    const bool roberta = c.modelType == QLatin1String("roberta");
    c.family = ModelFamily::Bert;
    readStandardShape(o, file, c);
    c.typeVocabSize = o.value(QStringLiteral("type_vocab_size")).toInt(roberta ? 1 : 2);
    c.layerNormEps = o.value(QStringLiteral("layer_norm_eps")).toDouble(1e-12);
    c.activation = parseActivation(o.value(QStringLiteral("hidden_act")).toString(QStringLiteral("gelu")), file);
    const QString positions = o.value(QStringLiteral("position_embedding_type")).toString(QStringLiteral("absolute"));
    if (positions != QLatin1String("absolute"))
        throw Error(QStringLiteral("%1: position_embedding_type \"%2\" is not supported (absolute only)").arg(file, positions));
    if (roberta) {
        // RoBERTa numbers positions from padding_idx + 1, so the usable context is
        // two shorter than the position table.
        c.positionOffset = o.value(QStringLiteral("pad_token_id")).toInt(1) + 1;
        c.maxPositions -= c.positionOffset;
        if (c.maxPositions < 1)
            throw Error(QStringLiteral("%1: max_position_embeddings leaves no room after the padding offset").arg(file));
    }
}

void readSpecialTokens(const QJsonObject& o, const QString& folder, ModelConfig& c)
{
    c.bosTokenId = o.value(QStringLiteral("bos_token_id")).toInt(-1);
    c.eosTokenIds = tokenIds(o.value(QStringLiteral("eos_token_id")));
    // generation_config.json overrides: chat models often list several EOS ids there.
    const QString genFile = QDir(folder).filePath(QStringLiteral("generation_config.json"));
    if (QFileInfo::exists(genFile)) {
        const QJsonObject g = readJsonObjectFile(genFile);
        if (g.contains(QStringLiteral("eos_token_id")))
            c.eosTokenIds = tokenIds(g.value(QStringLiteral("eos_token_id")));
        if (g.value(QStringLiteral("bos_token_id")).isDouble())
            c.bosTokenId = g.value(QStringLiteral("bos_token_id")).toInt();
    }
}

} // namespace

QStringList ModelConfig::supportedModelTypes()
{
    return {QStringLiteral("llama"), QStringLiteral("mistral"), QStringLiteral("qwen2"), QStringLiteral("gpt2"),
            QStringLiteral("bert"), QStringLiteral("roberta")};
}

ModelConfig ModelConfig::fromFolder(const QString& folder)
{
    const QString file = QDir(folder).filePath(QStringLiteral("config.json"));
    if (!QFileInfo::exists(file))
        throw Error(QStringLiteral("%1: missing config.json").arg(folder));
    const QJsonObject o = readJsonObjectFile(file);

    ModelConfig c;
    c.modelType = o.value(QStringLiteral("model_type")).toString();
    if (!supportedModelTypes().contains(c.modelType))
        throw Error(QStringLiteral("%1: model_type \"%2\" is not supported yet (supported: %3)")
                        .arg(file, c.modelType, supportedModelTypes().join(QStringLiteral(", "))));
    if (c.modelType == QLatin1String("gpt2"))
        readGpt2(o, file, c);
    else if (c.modelType == QLatin1String("bert") || c.modelType == QLatin1String("roberta"))
        readBert(o, file, c);
    else
        readLlama(o, file, c);
    if (c.hiddenSize % c.heads != 0 && c.family != ModelFamily::Llama)
        throw Error(QStringLiteral("%1: hidden size %2 is not a multiple of the %3 heads").arg(file).arg(c.hiddenSize).arg(c.heads));
    readSpecialTokens(o, folder, c);
    return c;
}

} // namespace sonde
