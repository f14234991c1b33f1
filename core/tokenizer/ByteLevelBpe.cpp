#include "tokenizer/ByteLevelBpe.h"

#include "Error.h"
#include "tokenizer/TokenIds.h"

#include <climits>

namespace sonde {

const QString ByteLevelBpeTokenizer::kGpt2Pattern =
    QStringLiteral(R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)");

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(QHash<QString, int> vocab, const QStringList& merges, Options options,
                                             AddedTokens added, const QString& source)
    : m_vocab(std::move(vocab)), m_options(std::move(options)), m_added(std::move(added)), m_source(source)
{
    // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest
    // are shifted to code points from 256 up, so every byte is a visible character.
    int shifted = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        m_byteToChar[b] = QChar(printable ? b : 256 + shifted++);
        m_charToByte.insert(m_byteToChar[b], static_cast<unsigned char>(b));
    }
    m_vocabSize = checkTokenTable(m_vocab, m_added.tokens(), source);
    m_pieces.resize(size_t(m_vocabSize));
    for (auto it = m_vocab.begin(); it != m_vocab.end(); ++it)
        m_pieces[size_t(it.value())] = it.key();
    m_isAdded.assign(size_t(m_vocabSize), false);
    for (const AddedToken& t : m_added.tokens()) {
        m_pieces[size_t(t.id)] = QString::fromStdString(t.content);
        m_isAdded[size_t(t.id)] = true;
    }
    for (int rank = 0; rank < merges.size(); ++rank)
        m_ranks.insert(merges[rank], rank);
    for (const QString& p : m_options.patterns) {
        QRegularExpression re(p, QRegularExpression::UseUnicodePropertiesOption);
        if (!re.isValid())
            throw Error(QStringLiteral("%1: pre-tokenizer pattern does not compile (%2): %3").arg(source, re.errorString(), p));
        m_patterns.push_back(re);
    }
}

QStringList ByteLevelBpeTokenizer::preTokenize(const QString& text) const
{
    QStringList pieces{text};
    for (const QRegularExpression& re : m_patterns) {
        QStringList next;
        for (const QString& piece : pieces) {
            // "Isolated" behaviour: matches become pieces, and so does any text between them.
            qsizetype last = 0;
            auto it = re.globalMatch(piece);
            while (it.hasNext()) {
                const auto m = it.next();
                if (m.capturedStart() > last)
                    next << piece.mid(last, m.capturedStart() - last);
                if (m.capturedLength() > 0)
                    next << m.captured();
                last = m.capturedEnd();
            }
            if (last < piece.size())
                next << piece.mid(last);
        }
        pieces = next;
    }
    return pieces;
}

void ByteLevelBpeTokenizer::encodePiece(const QString& mapped, std::vector<int>& out) const
{
    {
        QMutexLocker lock(&m_cacheMutex);
        const auto it = m_cache.constFind(mapped);
        if (it != m_cache.constEnd()) {
            out.insert(out.end(), it->begin(), it->end());
            return;
        }
    }
    if (m_options.ignoreMerges) {
        const auto whole = m_vocab.constFind(mapped);
        if (whole != m_vocab.constEnd()) {
            out.push_back(*whole);
            return;
        }
    }
    // Symbols start as single characters; the lowest-ranked adjacent pair merges until none is in the table.
    std::vector<QString> symbols;
    for (QChar c : mapped)
        symbols.emplace_back(c);
    while (symbols.size() > 1) {
        int best = INT_MAX;
        size_t at = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            const auto r = m_ranks.constFind(symbols[i] + QLatin1Char(' ') + symbols[i + 1]);
            if (r != m_ranks.constEnd() && *r < best) {
                best = *r;
                at = i;
            }
        }
        if (best == INT_MAX)
            break;
        symbols[at] += symbols[at + 1];
        symbols.erase(symbols.begin() + long(at) + 1);
    }
    std::vector<int> ids;
    for (const QString& s : symbols) {
        const auto v = m_vocab.constFind(s);
        if (v == m_vocab.constEnd())
            throw Error(QStringLiteral("%1: the vocabulary has no token for \"%2\" (merges and vocabulary disagree)").arg(m_source, s));
        ids.push_back(*v);
    }
    out.insert(out.end(), ids.begin(), ids.end());
    QMutexLocker lock(&m_cacheMutex);
    if (m_cache.size() < 100000)
        m_cache.insert(mapped, ids);
}

std::vector<int> ByteLevelBpeTokenizer::encode(const std::string& text) const
{
    return m_added.encode(text, [this](const std::string& segment, std::vector<int>& ids) {
        QString plain = QString::fromUtf8(segment.data(), qsizetype(segment.size()));
        if (m_options.normalization == QLatin1String("NFC"))
            plain = plain.normalized(QString::NormalizationForm_C);
        else if (m_options.normalization == QLatin1String("NFD"))
            plain = plain.normalized(QString::NormalizationForm_D);
        else if (m_options.normalization == QLatin1String("NFKC"))
            plain = plain.normalized(QString::NormalizationForm_KC);
        else if (m_options.normalization == QLatin1String("NFKD"))
            plain = plain.normalized(QString::NormalizationForm_KD);
        if (m_options.addPrefixSpace && !plain.isEmpty() && !plain.front().isSpace())
            plain.prepend(QLatin1Char(' '));
        for (const QString& piece : preTokenize(plain)) {
            const QByteArray bytes = piece.toUtf8();
            QString mapped;
            mapped.reserve(bytes.size());
            for (char b : bytes)
                mapped += m_byteToChar[static_cast<unsigned char>(b)];
            encodePiece(mapped, ids);
        }
    });
}

std::string ByteLevelBpeTokenizer::decode(const std::vector<int>& ids) const
{
    QByteArray bytes;
    for (int id : ids) {
        if (id < 0 || id >= m_vocabSize)
            throw Error(QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(m_vocabSize - 1));
        const QString& piece = m_pieces[size_t(id)];
        if (m_isAdded[size_t(id)]) {
            bytes += piece.toUtf8();
            continue;
        }
        for (QChar c : piece)
            bytes += char(m_charToByte.value(c, '?'));
    }
    // Invalid or incomplete UTF-8 becomes U+FFFD, as the generator expects.
    return QString::fromUtf8(bytes).toStdString();
}

std::string ByteLevelBpeTokenizer::idToPiece(int id) const
{
    return id >= 0 && id < m_vocabSize ? m_pieces[size_t(id)].toStdString() : std::string();
}

} // namespace sonde
