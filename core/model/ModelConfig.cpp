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

} // namespace

QStringList ModelConfig::supportedModelTypes()
{
    return {QStringLiteral("llama"), QStringLiteral("mistral"), QStringLiteral("qwen2")};
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
    c.vocabSize = requirePositive(o, "vocab_size", file);
    c.hiddenSize = requirePositive(o, "hidden_size", file);
    c.intermediateSize = requirePositive(o, "intermediate_size", file);
    c.layers = requirePositive(o, "num_hidden_layers", file);
    c.heads = requirePositive(o, "num_attention_heads", file);
    c.kvHeads = o.contains(QStringLiteral("num_key_value_heads")) ? requirePositive(o, "num_key_value_heads", file) : c.heads;
    c.headDim = o.contains(QStringLiteral("head_dim")) && !o.value(QStringLiteral("head_dim")).isNull()
        ? requirePositive(o, "head_dim", file)
        : c.hiddenSize / c.heads;
    c.maxPositions = requirePositive(o, "max_position_embeddings", file);
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
    return c;
}

} // namespace sonde
