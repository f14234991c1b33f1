#pragma once
// Byte-level BPE (GPT-2, Qwen2, Llama-3): the text is cut by a pre-tokenizer
// regex, each piece's UTF-8 bytes are mapped to printable characters, and
// merges are applied in rank order.
#include "tokenizer/AddedTokens.h"
#include "tokenizer/Tokenizer.h"

#include <QHash>
#include <QMutex>
#include <QRegularExpression>

namespace sonde {

class ByteLevelBpeTokenizer : public Tokenizer {
public:
    // GPT-2's pre-tokenizer pattern.
    static const QString kGpt2Pattern;

    // `vocab`: token string (byte-mapped) → id; `merges`: "left right" pairs in rank order.
    // `patterns`: pre-tokenizer regexes applied one after another (each cuts the
    // pieces of the previous one); empty = no splitting.
    struct Options {
        QStringList patterns;          // empty = no splitting
        bool addPrefixSpace = false;   // ByteLevel add_prefix_space
        bool ignoreMerges = false;     // Llama-3: a piece that is itself in the vocabulary is not merged
        QString normalization;         // "", "NFC", "NFD", "NFKC" or "NFKD", applied first
    };
    ByteLevelBpeTokenizer(QHash<QString, int> vocab, const QStringList& merges, Options options, AddedTokens added,
                          const QString& source);

    QString kind() const override { return QStringLiteral("byte-level BPE"); }
    int vocabSize() const override { return m_vocabSize; }
    std::vector<int> encode(const std::string& text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    std::string idToPiece(int id) const override;
    std::optional<int> bosId() const override { return m_bos; }
    std::optional<int> eosId() const override { return m_eos; }
    void setBosEos(std::optional<int> bos, std::optional<int> eos)
    {
        m_bos = bos;
        m_eos = eos;
    }

private:
    void encodePiece(const QString& mapped, std::vector<int>& out) const;
    QStringList preTokenize(const QString& text) const;

    QHash<QString, int> m_vocab;
    std::vector<QString> m_pieces; // id → token string (an added token's own text)
    std::vector<bool> m_isAdded;   // id → is an added token, decoded as its text rather than as bytes
    QHash<QString, int> m_ranks;   // "left right" → rank
    std::vector<QRegularExpression> m_patterns;
    Options m_options;
    AddedTokens m_added;
    QString m_source;
    int m_vocabSize = 0;
    std::optional<int> m_bos, m_eos;
    QChar m_byteToChar[256];
    QHash<QChar, unsigned char> m_charToByte;
    mutable QMutex m_cacheMutex;
    mutable QHash<QString, std::vector<int>> m_cache; // piece → ids
};

} // namespace sonde
