#include "syntax/WordTokens.h"

#include "Error.h"
#include "tokenizer/Tokenizer.h"

namespace sonde {

WordTokens tokenizeWords(const Tokenizer& tokenizer, const QStringList& words)
{
    const bool byteLevel = tokenizer.kind() == QLatin1String("byte-level BPE");
    WordTokens out;
    const auto& special = tokenizer.specialTemplate();
    for (int id : special.prefix) {
        out.ids.push_back(id);
        out.tokenWord.push_back(-1);
    }
    for (int w = 0; w < words.size(); ++w) {
        const QString text = byteLevel && w > 0 ? QLatin1Char(' ') + words[w] : words[w];
        const std::vector<int> pieces = tokenizer.encode(text.toStdString());
        if (pieces.empty())
            throw WordWithoutTokens(QStringLiteral("word %1 (\"%2\") produced no tokens").arg(w + 1).arg(words[w]));
        for (int id : pieces) {
            out.ids.push_back(id);
            out.tokenWord.push_back(w);
        }
    }
    for (int id : special.suffix) {
        out.ids.push_back(id);
        out.tokenWord.push_back(-1);
    }
    return out;
}

} // namespace sonde
