#pragma once
// WordPiece (BERT): BERT's basic tokenizer (clean-up, CJK characters split,
// optional lower-casing and accent stripping, whitespace and punctuation
// splitting), then greedy longest-match-first pieces with "##" continuations.
#include "tokenizer/AddedTokens.h"
#include "tokenizer/Tokenizer.h"

#include <QHash>

namespace sonde {

struct WordPieceOptions {
    bool lowercase = true;
    bool stripAccents = true;
    bool splitChinese = true;
    QString unkToken = QStringLiteral("[UNK]");
    QString continuingPrefix = QStringLiteral("##");
    int maxCharsPerWord = 100;
};

class WordPieceTokenizer : public Tokenizer {
public:
    WordPieceTokenizer(QHash<QString, int> vocab, WordPieceOptions options, AddedTokens added, const QString& source);

    QString kind() const override { return QStringLiteral("WordPiece"); }
    int vocabSize() const override { return m_vocabSize; }
    std::vector<int> encode(const std::string& text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    std::string idToPiece(int id) const override;
    std::optional<int> bosId() const override { return std::nullopt; }
    std::optional<int> eosId() const override { return std::nullopt; }
    std::optional<int> tokenId(const QString& token) const;

    // BERT's basic tokenizer alone: the words WordPiece then splits.
    QStringList basicTokens(const QString& text) const;

private:
    void wordPieces(const QString& word, std::vector<int>& out) const;

    QHash<QString, int> m_vocab;
    std::vector<QString> m_pieces;
    WordPieceOptions m_options;
    AddedTokens m_added;
    QString m_source;
    int m_vocabSize = 0;
    int m_unk = -1;
};

} // namespace sonde
