#pragma once
// Helpers shared by the test executables: hand-built safetensors files and
// model folders, so expected values are known by construction rather than
// taken from the code under test.
#include "jobs/JobRunner.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QString>
#include <QtEndian>
#include <vector>

namespace testutil {

struct RawTensor {
    QString name;
    QString dtype;
    QString shape;     // JSON array text, e.g. "[2, 3]"
    QByteArray bytes;  // the data, written in order
};

inline QByteArray rawSafetensors(const QByteArray& header, const QByteArray& data)
{
    QByteArray out(8, '\0');
    qToLittleEndian<quint64>(quint64(header.size()), out.data());
    return out + header + data;
}

// Header JSON written by hand with offsets laid out contiguously.
inline QByteArray safetensorsBytes(const std::vector<RawTensor>& tensors, const QString& metadata = QString())
{
    QString json = QStringLiteral("{");
    qint64 offset = 0;
    QByteArray data;
    bool first = true;
    if (!metadata.isEmpty()) {
        json += QStringLiteral("\"__metadata__\":") + metadata;
        first = false;
    }
    for (const RawTensor& t : tensors) {
        if (!first)
            json += QLatin1Char(',');
        first = false;
        json += QStringLiteral("\"%1\":{\"dtype\":\"%2\",\"shape\":%3,\"data_offsets\":[%4,%5]}")
                    .arg(t.name, t.dtype, t.shape)
                    .arg(offset)
                    .arg(offset + t.bytes.size());
        offset += t.bytes.size();
        data += t.bytes;
    }
    json += QLatin1Char('}');
    return rawSafetensors(json.toUtf8(), data);
}

inline QByteArray floats(std::initializer_list<float> values)
{
    QByteArray b;
    for (float v : values) {
        char raw[4];
        qToLittleEndian(v, raw);
        b.append(raw, 4);
    }
    return b;
}

inline void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

// A tiny Llama-shaped model folder: config.json plus weights whose parameter
// count is easy to work out by hand (vocab 16, dim 4, 1 layer, MLP 8).
inline qint64 writeTinyLlama(const QString& dir)
{
    QDir().mkpath(dir);
    writeFile(QDir(dir).filePath(QStringLiteral("config.json")),
              R"({"model_type":"llama","architectures":["LlamaForCausalLM"],"hidden_size":4,"intermediate_size":8,
                  "num_hidden_layers":1,"num_attention_heads":2,"num_key_value_heads":1,"vocab_size":16,
                  "max_position_embeddings":32})");
    auto zeros = [](int n) { return QByteArray(n * 4, '\0'); };
    std::vector<RawTensor> t = {
        {QStringLiteral("model.embed_tokens.weight"), QStringLiteral("F32"), QStringLiteral("[16, 4]"), zeros(64)},
        {QStringLiteral("model.layers.0.self_attn.q_proj.weight"), QStringLiteral("F32"), QStringLiteral("[4, 4]"), zeros(16)},
        {QStringLiteral("model.layers.0.self_attn.k_proj.weight"), QStringLiteral("F32"), QStringLiteral("[2, 4]"), zeros(8)},
        {QStringLiteral("model.layers.0.self_attn.v_proj.weight"), QStringLiteral("F32"), QStringLiteral("[2, 4]"), zeros(8)},
        {QStringLiteral("model.layers.0.self_attn.o_proj.weight"), QStringLiteral("F32"), QStringLiteral("[4, 4]"), zeros(16)},
        {QStringLiteral("model.layers.0.mlp.gate_proj.weight"), QStringLiteral("F32"), QStringLiteral("[8, 4]"), zeros(32)},
        {QStringLiteral("model.layers.0.mlp.up_proj.weight"), QStringLiteral("F32"), QStringLiteral("[8, 4]"), zeros(32)},
        {QStringLiteral("model.layers.0.mlp.down_proj.weight"), QStringLiteral("F32"), QStringLiteral("[4, 8]"), zeros(32)},
        {QStringLiteral("model.layers.0.input_layernorm.weight"), QStringLiteral("F32"), QStringLiteral("[4]"), zeros(4)},
        {QStringLiteral("model.layers.0.post_attention_layernorm.weight"), QStringLiteral("F32"), QStringLiteral("[4]"), zeros(4)},
        {QStringLiteral("model.norm.weight"), QStringLiteral("F32"), QStringLiteral("[4]"), zeros(4)},
    };
    writeFile(QDir(dir).filePath(QStringLiteral("model.safetensors")), safetensorsBytes(t));
    return 64 + 16 + 8 + 8 + 16 + 32 + 32 + 32 + 4 + 4 + 4;
}

// Processes events until no job of `jobs` runs or `msecs` pass; true when idle.
inline bool waitForIdle(const sonde::JobRunner& jobs, int msecs)
{
    QDeadlineTimer deadline(msecs);
    while (jobs.runningCount() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return jobs.runningCount() == 0;
}

// ../shared beside the checkout, found from the source tree (CI) or an override.
inline QString sharedDir()
{
    const QString env = qEnvironmentVariable("SONDE_SHARED_DIR");
    if (!env.isEmpty())
        return env;
    return QDir::cleanPath(QStringLiteral(SONDE_SOURCE_DIR "/../shared"));
}

} // namespace testutil
