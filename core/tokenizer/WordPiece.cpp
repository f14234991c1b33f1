#include "tokenizer/WordPiece.h"

#include "Error.h"
#include "tokenizer/TokenIds.h"

namespace sonde {

namespace {

bool isPunctuation(char32_t c)
{
    // BERT treats every non-alphanumeric ASCII symbol as punctuation, plus Unicode P*.
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
        return true;
    const auto cat = QChar::category(c);
    return cat >= QChar::Punctuation_Connector && cat <= QChar::Punctuation_Other;
}

bool isWhitespace(char32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || QChar::category(c) == QChar::Separator_Space;
}

bool isControl(char32_t c)
{
    if (c == '\t' || c == '\n' || c == '\r')
        return false;
    const auto cat = QChar::category(c);
    return cat == QChar::Other_Control || cat == QChar::Other_Format;
}

// The CJK Unified Ideograph blocks BERT splits into single characters.
bool isChinese(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

} // namespace

WordPieceTokenizer::WordPieceTokenizer(QHash<QString, int> vocab, WordPieceOptions options, AddedTokens added, const QString& source)
    : m_vocab(std::move(vocab)), m_options(std::move(options)), m_added(std::move(added)), m_source(source)
{
    m_vocabSize = checkTokenTable(m_vocab, m_added.tokens(), source);
    m_pieces.resize(size_t(m_vocabSize));
    for (auto it = m_vocab.begin(); it != m_vocab.end(); ++it)
        m_pieces[size_t(it.value())] = it.key();
    for (const AddedToken& t : m_added.tokens()) // added beyond the vocabulary: decoded as their text
        if (m_pieces[size_t(t.id)].isEmpty())
            m_pieces[size_t(t.id)] = QString::fromStdString(t.content);
    m_unk = m_vocab.value(m_options.unkToken, -1);
    if (m_unk < 0)
        throw Error(QStringLiteral("%1: the unknown token \"%2\" is not in the vocabulary").arg(source, m_options.unkToken));
}

std::optional<int> WordPieceTokenizer::tokenId(const QString& token) const
{
    const auto it = m_vocab.constFind(token);
    return it == m_vocab.constEnd() ? std::nullopt : std::optional<int>(*it);
}

QStringList WordPieceTokenizer::basicTokens(const QString& input) const
{
    // Clean-up and CJK spacing, one code point at a time.
    QString text;
    for (char32_t c : input.toUcs4()) {
        if (c == 0 || c == 0xFFFD || isControl(c))
            continue;
        if (isWhitespace(c))
            text += QLatin1Char(' ');
        else if (m_options.splitChinese && isChinese(c))
            text += QLatin1Char(' ') + QString::fromUcs4(&c, 1) + QLatin1Char(' ');
        else
            text += QString::fromUcs4(&c, 1);
    }
    QStringList out;
    for (QString word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (m_options.lowercase)
            word = word.toLower();
        if (m_options.stripAccents) { // decompose, then drop combining marks
            QString stripped;
            for (QChar c : word.normalized(QString::NormalizationForm_D))
                if (c.category() != QChar::Mark_NonSpacing)
                    stripped += c;
            word = stripped;
        }
        QString current;
        for (char32_t c : word.toUcs4()) {
            if (isPunctuation(c)) {
                if (!current.isEmpty())
                    out << current;
                out << QString::fromUcs4(&c, 1);
                current.clear();
            } else {
                current += QString::fromUcs4(&c, 1);
            }
        }
        if (!current.isEmpty())
            out << current;
    }
    return out;
}

void WordPieceTokenizer::wordPieces(const QString& word, std::vector<int>& out) const
{
    const QList<uint> chars = word.toUcs4();
    if (chars.size() > m_options.maxCharsPerWord) {
        out.push_back(m_unk);
        return;
    }
    std::vector<int> pieces;
    qsizetype start = 0;
    while (start < chars.size()) {
        qsizetype end = chars.size();
        int found = -1;
        while (start < end) {
            QString candidate = QString::fromUcs4(reinterpret_cast<const char32_t*>(chars.constData() + start), end - start);
            if (start > 0)
                candidate.prepend(m_options.continuingPrefix);
            const auto it = m_vocab.constFind(candidate);
            if (it != m_vocab.constEnd()) {
                found = *it;
                break;
            }
            --end;
        }
        if (found < 0) { // one unmatched piece makes the whole word unknown
            out.push_back(m_unk);
            return;
        }
        pieces.push_back(found);
        start = end;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
}

std::vector<int> WordPieceTokenizer::encode(const std::string& text) const
{
    return m_added.encode(text, [this](const std::string& segment, std::vector<int>& ids) {
        for (const QString& word : basicTokens(QString::fromUtf8(segment.data(), qsizetype(segment.size()))))
            wordPieces(word, ids);
    });
}

std::string WordPieceTokenizer::decode(const std::vector<int>& ids) const
{
    QString text;
    for (int id : ids) {
        if (id < 0 || id >= m_vocabSize)
            throw Error(QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(m_vocabSize - 1));
        const QString& piece = m_pieces[size_t(id)];
        if (piece.startsWith(m_options.continuingPrefix))
            text += piece.mid(m_options.continuingPrefix.size());
        else
            text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + piece;
    }
    return text.toStdString();
}

std::string WordPieceTokenizer::idToPiece(int id) const
{
    return id >= 0 && id < m_vocabSize ? m_pieces[size_t(id)].toStdString() : std::string();
}

} // namespace sonde
