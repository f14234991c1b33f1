#include "io/ModelFolder.h"

#include "Error.h"
#include "io/FingerprintCache.h"
#include "io/Safetensors.h"
#include "jobs/JobContext.h"
#include "util/JsonFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <openssl/evp.h>
#include <cmath>
#include <memory>

namespace sonde {

namespace {

// Config keys differ between families (GPT-2 says n_layer where Llama says
// num_hidden_layers); the first key present wins. A value that is not a
// non-negative integer is reported as a warning and read as `fallback`.
qint64 configInt(const QJsonObject& config, std::initializer_list<const char*> keys, ModelInfo& info, qint64 fallback = 0)
{
    for (const char* k : keys) {
        const QJsonValue v = config.value(QLatin1String(k));
        if (v.isUndefined() || v.isNull())
            continue;
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > 9007199254740992.0 || std::floor(d) != d) {
            info.warnings << QStringLiteral("config.json: \"%1\" is not a non-negative integer").arg(QLatin1String(k));
            return fallback;
        }
        return qint64(d);
    }
    return fallback;
}

// A snapshot folder of the HF cache (…/models--org--name/snapshots/<hash>) is
// named after the repository, not the hash.
QString displayName(const QDir& dir)
{
    QDir up = dir;
    if (up.cdUp() && up.dirName() == QLatin1String("snapshots") && up.cdUp() && up.dirName().startsWith(QLatin1String("models--")))
        return up.dirName().mid(8).replace(QLatin1String("--"), QLatin1String("/"));
    return dir.dirName();
}

void detectTokenizer(const QDir& dir, ModelInfo& info)
{
    // The same order as loadTokenizer(): SentencePiece first.
    if (dir.exists(QStringLiteral("tokenizer.model"))) {
        info.tokenizer = TokenizerKind::SentencePiece;
    } else if (dir.exists(QStringLiteral("tokenizer.json"))) {
        info.tokenizer = TokenizerKind::HfTokenizerJson;
    } else if (dir.exists(QStringLiteral("vocab.json")) && dir.exists(QStringLiteral("merges.txt"))) {
        info.tokenizer = TokenizerKind::BpeVocabMerges;
    } else if (dir.exists(QStringLiteral("vocab.txt"))) {
        info.tokenizer = TokenizerKind::WordPieceVocab;
    } else {
        info.warnings << QStringLiteral("no tokenizer files (tokenizer.json, tokenizer.model, vocab.json + merges.txt or vocab.txt)");
    }
}

} // namespace

QString tokenizerKindName(TokenizerKind k)
{
    switch (k) {
    case TokenizerKind::None: return QStringLiteral("none");
    case TokenizerKind::SentencePiece: return QStringLiteral("SentencePiece (tokenizer.model)");
    case TokenizerKind::HfTokenizerJson: return QStringLiteral("Hugging Face tokenizer.json");
    case TokenizerKind::BpeVocabMerges: return QStringLiteral("byte-level BPE (vocab.json + merges.txt)");
    case TokenizerKind::WordPieceVocab: return QStringLiteral("WordPiece (vocab.txt)");
    }
    return QString();
}

QString ModelInfo::dominantDType() const
{
    QString best;
    qint64 most = -1;
    for (auto it = parametersByDType.begin(); it != parametersByDType.end(); ++it)
        if (it.value() > most) {
            most = it.value();
            best = it.key();
        }
    return best;
}

ModelInfo inspectModelFolder(const QString& folder)
{
    const QFileInfo fi(folder);
    if (!fi.exists())
        throw Error(QStringLiteral("%1: no such folder").arg(folder));
    if (!fi.isDir())
        throw Error(QStringLiteral("%1: not a folder; pick the folder holding config.json and the weights").arg(folder));
    const QDir dir(fi.absoluteFilePath());

    ModelInfo info;
    info.path = dir.absolutePath();
    info.name = displayName(dir);
    const QString configPath = dir.filePath(QStringLiteral("config.json"));
    if (!QFileInfo::exists(configPath))
        throw Error(QStringLiteral("%1: missing config.json (a Hugging Face model folder holds config.json, "
                                   "model.safetensors or model.safetensors.index.json, and tokenizer files)")
                        .arg(folder));
    const QJsonObject config = readJsonObjectFile(configPath);
    info.modelType = config.value(QStringLiteral("model_type")).toString();
    if (info.modelType.isEmpty())
        throw Error(QStringLiteral("%1: no \"model_type\"").arg(configPath));
    for (const QJsonValue& a : config.value(QStringLiteral("architectures")).toArray())
        info.architectures << a.toString();
    info.layers = configInt(config, {"num_hidden_layers", "n_layer", "num_layers"}, info);
    info.heads = configInt(config, {"num_attention_heads", "n_head"}, info);
    info.kvHeads = configInt(config, {"num_key_value_heads"}, info, info.heads);
    info.hiddenSize = configInt(config, {"hidden_size", "n_embd", "d_model"}, info);
    info.intermediateSize = configInt(config, {"intermediate_size", "n_inner"}, info, 4 * info.hiddenSize);
    info.vocabSize = configInt(config, {"vocab_size"}, info);
    info.maxPositions = configInt(config, {"max_position_embeddings", "n_positions", "n_ctx"}, info);

    const WeightSet weights = WeightSet::open(dir.absolutePath());
    info.parameters = weights.parameterCount();
    info.weightBytes = weights.byteCount();
    info.parametersByDType = weights.parametersByDType();
    for (const auto& f : weights.files())
        info.weightFiles << QFileInfo(f->path()).fileName();
    info.warnings << weights.warnings();

    detectTokenizer(dir, info);
    return info;
}

QMap<QString, QString> fingerprintWeights(const QString& folder, JobContext* context, FingerprintCache* cache)
{
    const WeightSet weights = WeightSet::open(folder);
    quint64 total = 0;
    for (const auto& f : weights.files())
        total += f->fileSize();
    constexpr quint64 kChunk = 8 << 20; // between cancellation checks
    QMap<QString, QString> out;
    quint64 done = 0;
    for (const auto& f : weights.files()) {
        const QString name = QFileInfo(f->path()).fileName();
        if (const QString cached = cache ? cache->lookup(f->path()) : QString(); !cached.isEmpty()) {
            out.insert(name, cached);
            done += f->fileSize();
            continue;
        }
        // OpenSSL rather than QCryptographicHash: it uses the CPU's SHA
        // extensions, about ten times faster on multi-gigabyte weights.
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> sha(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        if (!sha || EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr) != 1)
            throw Error(QStringLiteral("SHA-256 is unavailable in this OpenSSL"));
        for (quint64 offset = 0; offset < f->fileSize(); offset += kChunk) {
            const quint64 n = std::min<quint64>(kChunk, f->fileSize() - offset);
            EVP_DigestUpdate(sha.get(), f->bytes() + offset, n);
            done += n;
            if (context) {
                context->checkCancelled();
                context->setProgress(total ? double(done) / double(total) : 1.0, QStringLiteral("Hashing %1").arg(name));
            }
        }
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(sha.get(), digest, &length);
        const QString hex = QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
        out.insert(name, hex);
        if (cache)
            cache->store(f->path(), hex);
    }
    if (cache)
        cache->save();
    return out;
}

} // namespace sonde
