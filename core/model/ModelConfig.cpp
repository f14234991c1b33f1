#include "model/ModelConfig.h"

#include "Error.h"
#include "tokenizer/TokenIds.h"
#include "util/JsonFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

namespace sonde {

namespace {

// Upper bounds far above any released model, so that every size and every
// product of sizes below stays exact in 64-bit arithmetic and a corrupt config
// is refused before anything is allocated from it.
constexpr qint64 kMaxHidden = 1 << 18;
constexpr qint64 kMaxIntermediate = 1 << 22;
constexpr qint64 kMaxLayers = 1 << 12;
constexpr qint64 kMaxHeads = 1 << 12;
constexpr qint64 kMaxHeadDim = 1 << 14;
constexpr qint64 kMaxPositions = 1 << 24;
constexpr qint64 kMaxTypeVocab = 1 << 16;

// One config.json, read with its path in every message.
class ConfigReader {
public:
    ConfigReader(const QJsonObject& o, const QString& file) : m_o(o), m_file(file) {}

    const QString& file() const { return m_file; }
    bool has(const char* key) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull(); // HF writes null for "not set"
    }

    // An integer in [minimum, maximum]; throws naming the key when absent or wrong.
    int integer(const char* key, qint64 minimum, qint64 maximum) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!has(key))
            throw Error(QStringLiteral("%1: \"%2\" is missing").arg(m_file, QLatin1String(key)));
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::floor(d) != d)
            throw Error(QStringLiteral("%1: \"%2\" must be an integer, not %3").arg(m_file, QLatin1String(key), describe(v)));
        if (d < double(minimum) || d > double(maximum))
            throw Error(QStringLiteral("%1: \"%2\" is %3; it must be from %4 to %5")
                            .arg(m_file, QLatin1String(key), describe(v))
                            .arg(minimum)
                            .arg(maximum));
        return int(d);
    }
    int integer(const char* key, qint64 minimum, qint64 maximum, int fallback) const
    {
        return has(key) ? integer(key, minimum, maximum) : fallback;
    }

    // A finite number with minimum < value (exclusive) and value <= maximum.
    double number(const char* key, double fallback, double exclusiveMinimum, double maximum) const
    {
        if (!has(key))
            return fallback;
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isDouble())
            throw Error(QStringLiteral("%1: \"%2\" must be a number, not %3").arg(m_file, QLatin1String(key), describe(v)));
        const double d = v.toDouble();
        if (!(d > exclusiveMinimum) || d > maximum)
            throw Error(QStringLiteral("%1: \"%2\" is %3; it must be above %4 and at most %5")
                            .arg(m_file, QLatin1String(key), describe(v))
                            .arg(exclusiveMinimum)
                            .arg(maximum));
        return d;
    }

    bool boolean(const char* key, bool fallback) const
    {
        if (!has(key))
            return fallback;
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isBool())
            throw Error(QStringLiteral("%1: \"%2\" must be true or false, not %3").arg(m_file, QLatin1String(key), describe(v)));
        return v.toBool();
    }

    QString string(const char* key, const QString& fallback) const
    {
        if (!has(key))
            return fallback;
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isString())
            throw Error(QStringLiteral("%1: \"%2\" must be a string, not %3").arg(m_file, QLatin1String(key), describe(v)));
        return v.toString();
    }

    QJsonValue value(const char* key) const { return m_o.value(QLatin1String(key)); }

    static QString describe(const QJsonValue& v)
    {
        switch (v.type()) {
        case QJsonValue::Double: return QString::number(v.toDouble(), 'g', 17);
        case QJsonValue::String: return QStringLiteral("the string \"%1\"").arg(v.toString().left(40));
        case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Array: return QStringLiteral("a list");
        case QJsonValue::Object: return QStringLiteral("an object");
        default: return QStringLiteral("null");
        }
    }

private:
    QJsonObject m_o;
    QString m_file;
};

// "eos_token_id": an id, a list of ids, or null; each inside the vocabulary.
std::vector<int> tokenIds(const QJsonValue& v, const char* key, const ConfigReader& r, int vocabSize)
{
    const TokenIdRange range{vocabSize, QStringLiteral("vocab_size")};
    const QString where = QStringLiteral("%1: \"%2\"").arg(r.file(), QLatin1String(key));
    std::vector<int> out;
    if (v.isUndefined() || v.isNull())
        return out;
    if (v.isArray()) {
        for (const QJsonValue& e : v.toArray())
            out.push_back(parseTokenId(e, range, where));
        return out;
    }
    out.push_back(parseTokenId(v, range, where));
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
void readStandardShape(const ConfigReader& r, ModelConfig& c)
{
    c.vocabSize = r.integer("vocab_size", 1, kMaxTokenIds);
    c.hiddenSize = r.integer("hidden_size", 1, kMaxHidden);
    c.intermediateSize = r.integer("intermediate_size", 1, kMaxIntermediate);
    c.layers = r.integer("num_hidden_layers", 1, kMaxLayers);
    c.heads = r.integer("num_attention_heads", 1, kMaxHeads);
    c.maxPositions = r.integer("max_position_embeddings", 1, kMaxPositions);
    c.kvHeads = c.heads;
    c.headDim = c.hiddenSize / c.heads;
}

void readLlama(const ConfigReader& r, ModelConfig& c)
{
    const QString& file = r.file();
    c.family = ModelFamily::Llama;
    readStandardShape(r, c);
    c.kvHeads = r.integer("num_key_value_heads", 1, c.heads, c.heads);
    c.headDim = r.integer("head_dim", 1, kMaxHeadDim, c.headDim);
    if (c.headDim == 0)
        throw Error(QStringLiteral("%1: hidden_size %2 is smaller than num_attention_heads %3").arg(file).arg(c.hiddenSize).arg(c.heads));
    if (c.heads % c.kvHeads != 0)
        throw Error(QStringLiteral("%1: num_attention_heads (%2) is not a multiple of num_key_value_heads (%3)")
                        .arg(file).arg(c.heads).arg(c.kvHeads));
    if (c.headDim % 2 != 0)
        throw Error(QStringLiteral("%1: head dimension %2 is odd; rotary embeddings need an even one").arg(file).arg(c.headDim));
    c.rmsNormEps = r.number("rms_norm_eps", 1e-6, 0.0, 1.0);
    c.ropeTheta = r.number("rope_theta", 10000.0, 0.0, 1e12);
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", false);
    c.qkvBias = c.modelType == QLatin1String("qwen2") || r.boolean("attention_bias", false);

    const QJsonValue scaling = r.value("rope_scaling");
    if (scaling.isObject()) {
        const ConfigReader s(scaling.toObject(), file + QStringLiteral(" (rope_scaling)"));
        const QString type = s.string("type", s.string("rope_type", QString()));
        if (type != QLatin1String("linear") && type != QLatin1String("default"))
            throw Error(QStringLiteral("%1: rope_scaling type \"%2\" is not supported (only \"linear\")").arg(file, type));
        if (type == QLatin1String("linear")) {
            if (!s.has("factor"))
                throw Error(QStringLiteral("%1: rope_scaling of type linear needs a \"factor\"").arg(file));
            c.ropeLinearFactor = s.number("factor", 1.0, 0.0, 1e6);
        }
    } else if (r.has("rope_scaling")) {
        throw Error(QStringLiteral("%1: \"rope_scaling\" must be an object or null").arg(file));
    }
    const QString hiddenAct = r.string("hidden_act", QStringLiteral("silu"));
    if (hiddenAct != QLatin1String("silu"))
        throw Error(QStringLiteral("%1: hidden_act \"%2\" is not supported for %3 (expected silu)").arg(file, hiddenAct, c.modelType));

    const int window = r.integer("sliding_window", 0, kMaxPositions, 0);
    if (window > 0 && r.boolean("use_sliding_window", true)) {
        c.slidingWindow = window;
        if (c.slidingWindow < c.maxPositions)
            c.warnings << QStringLiteral("sliding-window attention (%1 tokens) is not applied: contexts longer than "
                                         "%1 tokens attend to every earlier token")
                              .arg(c.slidingWindow);
    }
}

// GPT-2's config names (n_embd, n_layer, …) differ from everything else's.
void readGpt2(const ConfigReader& r, ModelConfig& c)
{
    c.family = ModelFamily::Gpt2;
    c.vocabSize = r.integer("vocab_size", 1, kMaxTokenIds);
    c.hiddenSize = r.integer("n_embd", 1, kMaxHidden);
    c.layers = r.integer("n_layer", 1, kMaxLayers);
    c.heads = r.integer("n_head", 1, kMaxHeads);
    c.kvHeads = c.heads;
    c.headDim = c.hiddenSize / c.heads;
    c.maxPositions = r.has("n_positions") ? r.integer("n_positions", 1, kMaxPositions) : r.integer("n_ctx", 1, kMaxPositions);
    c.intermediateSize = r.integer("n_inner", 1, kMaxIntermediate, 4 * c.hiddenSize);
    c.layerNormEps = r.number("layer_norm_epsilon", 1e-5, 0.0, 1.0);
    c.activation = parseActivation(r.string("activation_function", QStringLiteral("gelu_new")), r.file());
    c.tieWordEmbeddings = r.boolean("tie_word_embeddings", true);
    if (r.boolean("scale_attn_by_inverse_layer_idx", false))
        throw Error(QStringLiteral("%1: scale_attn_by_inverse_layer_idx is not supported").arg(r.file()));
}

void readBert(const ConfigReader& r, ModelConfig& c)
{
    const QString& file = r.file();
    const bool roberta = c.modelType == QLatin1String("roberta");
    c.family = ModelFamily::Bert;
    readStandardShape(r, c);
    c.typeVocabSize = r.integer("type_vocab_size", 1, kMaxTypeVocab, roberta ? 1 : 2);
    c.layerNormEps = r.number("layer_norm_eps", 1e-12, 0.0, 1.0);
    c.activation = parseActivation(r.string("hidden_act", QStringLiteral("gelu")), file);
    const QString positions = r.string("position_embedding_type", QStringLiteral("absolute"));
    if (positions != QLatin1String("absolute"))
        throw Error(QStringLiteral("%1: position_embedding_type \"%2\" is not supported (absolute only)").arg(file, positions));
    if (roberta) {
        // RoBERTa numbers positions from padding_idx + 1, so the usable context is
        // two shorter than the position table.
        c.positionOffset = r.integer("pad_token_id", 0, kMaxPositions, 1) + 1;
        c.maxPositions -= c.positionOffset;
        if (c.maxPositions < 1)
            throw Error(QStringLiteral("%1: max_position_embeddings leaves no room after the padding offset").arg(file));
    }
}

void readSpecialTokens(const ConfigReader& r, const QString& folder, ModelConfig& c)
{
    const auto bos = tokenIds(r.value("bos_token_id"), "bos_token_id", r, c.vocabSize);
    c.bosTokenId = bos.empty() ? -1 : bos.front();
    c.eosTokenIds = tokenIds(r.value("eos_token_id"), "eos_token_id", r, c.vocabSize);
    // generation_config.json overrides: chat models often list several EOS ids there.
    const QString genFile = QDir(folder).filePath(QStringLiteral("generation_config.json"));
    if (QFileInfo::exists(genFile)) {
        const ConfigReader g(readJsonObjectFile(genFile), genFile);
        if (g.has("eos_token_id"))
            c.eosTokenIds = tokenIds(g.value("eos_token_id"), "eos_token_id", g, c.vocabSize);
        if (g.has("bos_token_id"))
            c.bosTokenId = tokenIds(g.value("bos_token_id"), "bos_token_id", g, c.vocabSize).front();
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
    const ConfigReader r(readJsonObjectFile(file), file);

    ModelConfig c;
    c.modelType = r.string("model_type", QString());
    if (!supportedModelTypes().contains(c.modelType))
        throw Error(QStringLiteral("%1: model_type \"%2\" is not supported yet (supported: %3)")
                        .arg(file, c.modelType, supportedModelTypes().join(QStringLiteral(", "))));
    if (c.modelType == QLatin1String("gpt2"))
        readGpt2(r, c);
    else if (c.modelType == QLatin1String("bert") || c.modelType == QLatin1String("roberta"))
        readBert(r, c);
    else
        readLlama(r, c);
    if (c.hiddenSize % c.heads != 0 && c.family != ModelFamily::Llama)
        throw Error(QStringLiteral("%1: hidden size %2 is not a multiple of the %3 heads").arg(file).arg(c.hiddenSize).arg(c.heads));
    readSpecialTokens(r, folder, c);
    return c;
}

} // namespace sonde
