#include "tokenizer/TokenizerLoader.h"

#include "Error.h"
#include "model/ModelConfig.h"
#include "util/JsonFile.h"

#include <QDir>
#include <QFileInfo>

namespace sonde {

std::unique_ptr<Tokenizer> loadTokenizer(const QString& folder)
{
    const QDir dir(folder);
    if (dir.exists(QStringLiteral("tokenizer.model")))
        return SentencePieceTokenizer::load(dir.filePath(QStringLiteral("tokenizer.model")));
    if (dir.exists(QStringLiteral("tokenizer.json")) || dir.exists(QStringLiteral("vocab.json")) || dir.exists(QStringLiteral("vocab.txt")))
        throw Error(QStringLiteral("%1: this model's tokenizer (tokenizer.json / vocab files) is not supported yet; "
                                   "SentencePiece tokenizer.model is")
                        .arg(folder));
    throw Error(QStringLiteral("%1: no tokenizer files (expected tokenizer.model, tokenizer.json, vocab.json + merges.txt or vocab.txt)")
                    .arg(folder));
}

bool addsBosByDefault(const QString& folder)
{
    const QString file = QDir(folder).filePath(QStringLiteral("tokenizer_config.json"));
    if (!QFileInfo::exists(file))
        return true;
    return readJsonObjectFile(file).value(QStringLiteral("add_bos_token")).toBool(true);
}

std::vector<int> encodePrompt(const Tokenizer& tokenizer, const ModelConfig& config, const std::string& text, bool addBos)
{
    std::vector<int> ids;
    const int bos = config.bosTokenId >= 0 ? config.bosTokenId : tokenizer.bosId().value_or(-1);
    if (addBos && bos >= 0)
        ids.push_back(bos);
    const std::vector<int> body = tokenizer.encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
}

} // namespace sonde
