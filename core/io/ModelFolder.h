#pragma once
// What a Hugging Face model folder holds, read without loading any weights:
// config.json, the safetensors headers and the tokenizer files.
#include <QMap>
#include <QString>
#include <QStringList>
#include <functional>

namespace sonde {

class FingerprintCache;
class JobContext;

enum class TokenizerKind { None, SentencePiece, HfTokenizerJson, BpeVocabMerges, WordPieceVocab };
QString tokenizerKindName(TokenizerKind k);

struct ModelInfo {
    QString path;          // absolute folder path
    QString name;          // folder name (or the snapshot's repo name)
    QString modelType;     // config "model_type"
    QStringList architectures;
    // As config.json states them (64-bit: shown, not yet validated for loading).
    qint64 layers = 0;
    qint64 heads = 0;
    qint64 kvHeads = 0;
    qint64 hiddenSize = 0;
    qint64 intermediateSize = 0;
    qint64 vocabSize = 0;
    qint64 maxPositions = 0;
    qint64 parameters = 0;
    quint64 weightBytes = 0;
    QMap<QString, qint64> parametersByDType;
    TokenizerKind tokenizer = TokenizerKind::None;
    QStringList weightFiles; // file names relative to the folder
    QStringList warnings;

    QString dominantDType() const; // the dtype holding most parameters
};

// Throws sonde::Error naming what is missing or malformed.
ModelInfo inspectModelFolder(const QString& folder);

// SHA-256 of each weight file, keyed by file name. Equal to `sha256sum` of the
// file, so users can check it independently. Reports progress and honours
// cancellation through `context` when given; reuses and fills `cache` when given.
QMap<QString, QString> fingerprintWeights(const QString& folder, JobContext* context = nullptr,
                                          FingerprintCache* cache = nullptr);

} // namespace sonde
