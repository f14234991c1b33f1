#include "tokenizer/TokenizerLoader.h"

#include "Error.h"
#include "tokenizer/ByteLevelBpe.h"
#include "tokenizer/TokenIds.h"
#include "tokenizer/WordPiece.h"
#include "util/JsonFile.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>

#include <cmath>

namespace sonde {

namespace {

QJsonObject optionalJson(const QString& path)
{
    return QFileInfo::exists(path) ? readJsonObjectFile(path) : QJsonObject();
}

// tokenizer_config.json writes special tokens as "<s>" or {"content": "<s>", …}.
QString tokenString(const QJsonValue& v)
{
    return v.isObject() ? v.toObject().value(QStringLiteral("content")).toString() : v.toString();
}

std::optional<int> lookup(const QHash<QString, int>& vocab, const AddedTokens& added, const QString& token)
{
    if (token.isEmpty())
        return std::nullopt;
    for (const AddedToken& t : added.tokens())
        if (t.content == token.toStdString())
            return t.id;
    const auto it = vocab.constFind(token);
    return it == vocab.constEnd() ? std::nullopt : std::optional<int>(*it);
}

// The ids a model's tokenizer may use: below config.json's vocab_size when the
// folder has one, so that no token can index past the embedding table.
TokenIdRange idRangeOf(const QJsonObject& config)
{
    const QJsonValue v = config.value(QStringLiteral("vocab_size"));
    const double size = v.toDouble(-1);
    if (v.isDouble() && size >= 1 && size <= kMaxTokenIds && std::floor(size) == size)
        return {int(size), QStringLiteral("config.json's vocab_size")};
    return {};
}

// The flags of an added token; "content" must be a non-empty string.
AddedToken addedToken(const QJsonObject& o, int id, const QString& where)
{
    const QJsonValue content = o.value(QStringLiteral("content"));
    if (!content.isString() || content.toString().isEmpty())
        throw Error(QStringLiteral("%1: \"content\" must be a non-empty string").arg(where));
    return {content.toString().toStdString(), id, o.value(QStringLiteral("special")).toBool(),
            o.value(QStringLiteral("lstrip")).toBool(), o.value(QStringLiteral("rstrip")).toBool()};
}

// tokenizer.json's "added_tokens": [{"id": 50256, "content": "<|endoftext|>", …}, …]
AddedTokens addedTokensFromJson(const QJsonValue& value, const TokenIdRange& range, const QString& source)
{
    if (!value.isUndefined() && !value.isNull() && !value.isArray())
        throw Error(QStringLiteral("%1: \"added_tokens\" must be a list").arg(source));
    AddedTokens added;
    const QJsonArray list = value.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        const QString where = QStringLiteral("%1: added token %2 (\"%3\")").arg(source).arg(i).arg(o.value(QStringLiteral("content")).toString());
        if (!list[i].isObject())
            throw Error(QStringLiteral("%1: added token %2 is not an object").arg(source).arg(i));
        added.add(addedToken(o, parseTokenId(o.value(QStringLiteral("id")), range, where), where));
    }
    return added;
}

// tokenizer_config.json's added_tokens_decoder: {"50256": {"content": …}, …}
void addFromTokenizerConfig(const QJsonObject& config, const TokenIdRange& range, const QString& source, AddedTokens& added)
{
    const QJsonObject decoder = config.value(QStringLiteral("added_tokens_decoder")).toObject();
    for (auto it = decoder.begin(); it != decoder.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        const QString where = QStringLiteral("%1: added_tokens_decoder \"%2\" (\"%3\")").arg(source, it.key(), o.value(QStringLiteral("content")).toString());
        added.add(addedToken(o, parseTokenId(it.key(), range, where), where));
    }
}

QHash<QString, int> vocabFromJson(const QJsonValue& value, const TokenIdRange& range, const QString& source)
{
    if (!value.isObject())
        throw Error(QStringLiteral("%1: the vocabulary must be an object of token to id").arg(source));
    const QJsonObject o = value.toObject();
    QHash<QString, int> vocab;
    vocab.reserve(o.size());
    for (auto it = o.begin(); it != o.end(); ++it)
        vocab.insert(it.key(), parseTokenId(it.value(), range, QStringLiteral("%1: vocabulary token \"%2\"").arg(source, it.key())));
    if (vocab.isEmpty())
        throw Error(QStringLiteral("%1: empty vocabulary").arg(source));
    return vocab;
}

// "merges": ["a b", …] or, in newer files, [["a", "b"], …].
QStringList mergesFromJson(const QJsonValue& value, const QString& source)
{
    QStringList merges;
    const QJsonArray list = value.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QJsonValue& m = list[i];
        const QJsonArray pair = m.toArray();
        if (m.isArray() && pair.size() == 2 && pair[0].isString() && pair[1].isString())
            merges << pair[0].toString() + QLatin1Char(' ') + pair[1].toString();
        else if (m.isString() && m.toString().count(QLatin1Char(' ')) == 1)
            merges << m.toString();
        else
            throw Error(QStringLiteral("%1: merge %2 is not a pair of symbols (\"a b\" or [\"a\", \"b\"])").arg(source).arg(i));
    }
    return merges;
}

// The special tokens a post-processor puts around a single sequence.
Tokenizer::SpecialTemplate templateFrom(const QJsonObject& post, const TokenIdRange& range, const QString& source)
{
    Tokenizer::SpecialTemplate t;
    const QString type = post.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("TemplateProcessing")) {
        const QJsonObject specials = post.value(QStringLiteral("special_tokens")).toObject();
        bool afterSequence = false;
        for (const QJsonValue& piece : post.value(QStringLiteral("single")).toArray()) {
            const QJsonObject p = piece.toObject();
            if (p.contains(QStringLiteral("Sequence"))) {
                afterSequence = true;
                continue;
            }
            const QString name = p.value(QStringLiteral("SpecialToken")).toObject().value(QStringLiteral("id")).toString();
            const QJsonArray ids = specials.value(name).toObject().value(QStringLiteral("ids")).toArray();
            if (ids.isEmpty())
                throw Error(QStringLiteral("%1: post_processor names special token \"%2\" without ids").arg(source, name));
            for (const QJsonValue& id : ids)
                (afterSequence ? t.suffix : t.prefix)
                    .push_back(parseTokenId(id, range, QStringLiteral("%1: post_processor special token \"%2\"").arg(source, name)));
        }
    } else if (type == QLatin1String("BertProcessing") || type == QLatin1String("RobertaProcessing")) {
        // "cls": ["<s>", 0], "sep": ["</s>", 2]
        for (const char* key : {"cls", "sep"}) {
            const QJsonArray pair = post.value(QLatin1String(key)).toArray();
            const int id = parseTokenId(pair.at(1), range, QStringLiteral("%1: post_processor \"%2\" (\"%3\")").arg(source, QLatin1String(key), pair.at(0).toString()));
            (key[0] == 'c' ? t.prefix : t.suffix).push_back(id);
        }
    } else if (type == QLatin1String("Sequence")) {
        for (const QJsonValue& p : post.value(QStringLiteral("processors")).toArray()) {
            const auto inner = templateFrom(p.toObject(), range, source);
            if (!inner.prefix.empty() || !inner.suffix.empty())
                return inner;
        }
    }
    return t;
}

// Collects the byte-level pre-tokenizer's patterns; false if there is no byte level at all.
bool byteLevelPreTokenizer(const QJsonObject& pre, ByteLevelBpeTokenizer::Options& options, const QString& source)
{
    const QString type = pre.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("ByteLevel")) {
        options.addPrefixSpace = pre.value(QStringLiteral("add_prefix_space")).toBool(false);
        if (pre.value(QStringLiteral("use_regex")).toBool(true))
            options.patterns << ByteLevelBpeTokenizer::kGpt2Pattern;
        return true;
    }
    if (type == QLatin1String("Split")) {
        const QJsonObject pattern = pre.value(QStringLiteral("pattern")).toObject();
        const QString behavior = pre.value(QStringLiteral("behavior")).toString();
        if (behavior != QLatin1String("Isolated") || pre.value(QStringLiteral("invert")).toBool())
            throw Error(QStringLiteral("%1: Split pre-tokenizer behaviour \"%2\" is not supported (Isolated only)").arg(source, behavior));
        options.patterns << (pattern.contains(QStringLiteral("Regex")) ? pattern.value(QStringLiteral("Regex")).toString()
                                                                       : QRegularExpression::escape(pattern.value(QStringLiteral("String")).toString()));
        return false;
    }
    if (type == QLatin1String("Sequence")) {
        bool byteLevel = false;
        for (const QJsonValue& p : pre.value(QStringLiteral("pretokenizers")).toArray())
            byteLevel |= byteLevelPreTokenizer(p.toObject(), options, source);
        return byteLevel;
    }
    throw Error(QStringLiteral("%1: pre-tokenizer \"%2\" is not supported").arg(source, type));
}

QString normalization(const QJsonValue& normalizer, const QString& source)
{
    if (normalizer.isNull() || normalizer.isUndefined())
        return QString();
    const QString type = normalizer.toObject().value(QStringLiteral("type")).toString();
    if (type == QLatin1String("NFC") || type == QLatin1String("NFD") || type == QLatin1String("NFKC") || type == QLatin1String("NFKD"))
        return type;
    throw Error(QStringLiteral("%1: normalizer \"%2\" is not supported for byte-level BPE").arg(source, type));
}

std::unique_ptr<Tokenizer> fromTokenizerJson(const QString& path, const QJsonObject& config, const TokenIdRange& range)
{
    const QJsonObject root = readJsonObjectFile(path);
    const QJsonObject model = root.value(QStringLiteral("model")).toObject();
    const QString type = model.value(QStringLiteral("type")).toString();
    if (type != QLatin1String("BPE") && type != QLatin1String("WordPiece"))
        throw Error(QStringLiteral("%1: tokenizer model \"%2\" is not supported (BPE, WordPiece)").arg(path, type));
    AddedTokens added = addedTokensFromJson(root.value(QStringLiteral("added_tokens")), range, path);
    const QHash<QString, int> vocab = vocabFromJson(model.value(QStringLiteral("vocab")), range, path);
    std::unique_ptr<Tokenizer> tok;

    if (type == QLatin1String("BPE")) {
        ByteLevelBpeTokenizer::Options options;
        const QJsonValue pre = root.value(QStringLiteral("pre_tokenizer"));
        const bool byteLevel = pre.isObject() && byteLevelPreTokenizer(pre.toObject(), options, path);
        if (!byteLevel)
            throw Error(QStringLiteral("%1: BPE without a byte-level pre-tokenizer (SentencePiece-style tokenizer.json) "
                                       "is not supported yet; a tokenizer.model beside it would be used")
                            .arg(path));
        options.normalization = normalization(root.value(QStringLiteral("normalizer")), path);
        options.ignoreMerges = model.value(QStringLiteral("ignore_merges")).toBool(false);
        const QStringList merges = mergesFromJson(model.value(QStringLiteral("merges")), path);
        auto bpe = std::make_unique<ByteLevelBpeTokenizer>(vocab, merges, options, added, path);
        bpe->setBosEos(lookup(vocab, added, tokenString(config.value(QStringLiteral("bos_token")))),
                       lookup(vocab, added, tokenString(config.value(QStringLiteral("eos_token")))));
        tok = std::move(bpe);
    } else { // WordPiece
        WordPieceOptions options;
        options.unkToken = model.value(QStringLiteral("unk_token")).toString(QStringLiteral("[UNK]"));
        options.continuingPrefix = model.value(QStringLiteral("continuing_subword_prefix")).toString(QStringLiteral("##"));
        options.maxCharsPerWord = model.value(QStringLiteral("max_input_chars_per_word")).toInt(100);
        const QJsonObject norm = root.value(QStringLiteral("normalizer")).toObject();
        if (norm.value(QStringLiteral("type")).toString() == QLatin1String("BertNormalizer")) {
            options.lowercase = norm.value(QStringLiteral("lowercase")).toBool(true);
            const QJsonValue strip = norm.value(QStringLiteral("strip_accents"));
            options.stripAccents = strip.isBool() ? strip.toBool() : options.lowercase;
            options.splitChinese = norm.value(QStringLiteral("handle_chinese_chars")).toBool(true);
        }
        tok = std::make_unique<WordPieceTokenizer>(vocab, options, added, path);
    }
    const Tokenizer::SpecialTemplate special = templateFrom(root.value(QStringLiteral("post_processor")).toObject(), range, path);
    for (const auto* ids : {&special.prefix, &special.suffix})
        for (int id : *ids)
            if (id >= tok->vocabSize())
                throw Error(QStringLiteral("%1: post_processor adds token id %2, which is not in the vocabulary (0 … %3)")
                                .arg(path).arg(id).arg(tok->vocabSize() - 1));
    tok->setSpecialTemplate(special);
    return tok;
}

// GPT-2 / RoBERTa style: vocab.json + merges.txt (first line may be a "#version" header).
std::unique_ptr<Tokenizer> fromVocabMerges(const QDir& dir, const QJsonObject& config, const QString& modelType,
                                           const TokenIdRange& range)
{
    const QString vocabPath = dir.filePath(QStringLiteral("vocab.json"));
    const QHash<QString, int> vocab = vocabFromJson(readJsonObjectFile(vocabPath), range, vocabPath);
    const QString mergesPath = dir.filePath(QStringLiteral("merges.txt"));
    QFile f;
    openRegularFile(f, mergesPath);
    QStringList merges;
    QTextStream in(&f);
    in.setEncoding(QStringConverter::Utf8);
    for (int line = 1; !in.atEnd(); ++line) {
        const QString text = in.readLine();
        if (text.startsWith(QLatin1String("#version")) || text.trimmed().isEmpty())
            continue;
        if (text.split(QLatin1Char(' ')).size() != 2)
            throw Error(QStringLiteral("%1:%2: expected two space-separated symbols").arg(mergesPath).arg(line));
        merges << text;
    }
    AddedTokens added;
    addFromTokenizerConfig(config, range, dir.filePath(QStringLiteral("tokenizer_config.json")), added);
    // The named special tokens are matched as added tokens, as HF's slow tokenizers do.
    for (const char* key : {"bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token"}) {
        const QString token = tokenString(config.value(QLatin1String(key)));
        if (!token.isEmpty() && vocab.contains(token) && !lookup({}, added, token))
            added.add({token.toStdString(), vocab.value(token), true, false, false});
    }
    ByteLevelBpeTokenizer::Options options;
    options.patterns << ByteLevelBpeTokenizer::kGpt2Pattern;
    options.addPrefixSpace = config.value(QStringLiteral("add_prefix_space")).toBool(false);
    auto bpe = std::make_unique<ByteLevelBpeTokenizer>(vocab, merges, options, added, vocabPath);
    const QString bos = tokenString(config.value(QStringLiteral("bos_token")));
    const QString eos = tokenString(config.value(QStringLiteral("eos_token")));
    bpe->setBosEos(lookup(vocab, added, bos.isEmpty() ? QStringLiteral("<|endoftext|>") : bos),
                   lookup(vocab, added, eos.isEmpty() ? QStringLiteral("<|endoftext|>") : eos));
    if (modelType == QLatin1String("roberta")) { // <s> … </s>
        const auto cls = lookup(vocab, added, QStringLiteral("<s>")), sep = lookup(vocab, added, QStringLiteral("</s>"));
        if (cls && sep)
            bpe->setSpecialTemplate({{*cls}, {*sep}});
    }
    return bpe;
}

// BERT style: vocab.txt, one token per line, the line number is the id.
std::unique_ptr<Tokenizer> fromVocabTxt(const QDir& dir, const QJsonObject& config, const TokenIdRange& range)
{
    const QString vocabPath = dir.filePath(QStringLiteral("vocab.txt"));
    QFile f;
    openRegularFile(f, vocabPath);
    QHash<QString, int> vocab;
    QTextStream in(&f);
    in.setEncoding(QStringConverter::Utf8);
    for (int id = 0; !in.atEnd(); ++id) {
        const QString token = in.readLine();
        if (id >= range.limit)
            throw Error(QStringLiteral("%1:%2: token \"%3\" would get id %4; ids must be %5")
                            .arg(vocabPath).arg(id + 1).arg(token).arg(id).arg(range.describe()));
        vocab.insert(token, id);
    }
    WordPieceOptions options;
    options.lowercase = config.value(QStringLiteral("do_lower_case")).toBool(true);
    const QJsonValue strip = config.value(QStringLiteral("strip_accents"));
    options.stripAccents = strip.isBool() ? strip.toBool() : options.lowercase;
    options.splitChinese = config.value(QStringLiteral("tokenize_chinese_chars")).toBool(true);
    options.unkToken = tokenString(config.value(QStringLiteral("unk_token")));
    if (options.unkToken.isEmpty())
        options.unkToken = QStringLiteral("[UNK]");
    AddedTokens added;
    addFromTokenizerConfig(config, range, dir.filePath(QStringLiteral("tokenizer_config.json")), added);
    for (const char* token : {"[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"})
        if (vocab.contains(QLatin1String(token)) && !lookup({}, added, QLatin1String(token)))
            added.add({token, vocab.value(QLatin1String(token)), true, false, false});
    auto wp = std::make_unique<WordPieceTokenizer>(vocab, options, added, vocabPath);
    if (vocab.contains(QStringLiteral("[CLS]")) && vocab.contains(QStringLiteral("[SEP]")))
        wp->setSpecialTemplate({{vocab.value(QStringLiteral("[CLS]"))}, {vocab.value(QStringLiteral("[SEP]"))}});
    return wp;
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const QString& folder)
{
    const QDir dir(folder);
    const QJsonObject config = optionalJson(dir.filePath(QStringLiteral("tokenizer_config.json")));
    const QJsonObject modelConfig = optionalJson(dir.filePath(QStringLiteral("config.json")));
    const QString modelType = modelConfig.value(QStringLiteral("model_type")).toString();
    const TokenIdRange range = idRangeOf(modelConfig);
    // SentencePiece first: run by the real library it is exact, and Llama-2-style
    // tokenizer.json files (which ship beside it) are not byte-level.
    if (dir.exists(QStringLiteral("tokenizer.model"))) {
        auto spm = SentencePieceTokenizer::load(dir.filePath(QStringLiteral("tokenizer.model")));
        if (spm->vocabSize() > range.limit)
            throw Error(QStringLiteral("%1: %2 pieces, but ids must be %3")
                            .arg(dir.filePath(QStringLiteral("tokenizer.model"))).arg(spm->vocabSize()).arg(range.describe()));
        Tokenizer::SpecialTemplate t;
        if (config.value(QStringLiteral("add_bos_token")).toBool(true) && spm->bosId())
            t.prefix.push_back(*spm->bosId());
        if (config.value(QStringLiteral("add_eos_token")).toBool(false) && spm->eosId())
            t.suffix.push_back(*spm->eosId());
        spm->setSpecialTemplate(t);
        return spm;
    }
    if (dir.exists(QStringLiteral("tokenizer.json")))
        return fromTokenizerJson(dir.filePath(QStringLiteral("tokenizer.json")), config, range);
    if (dir.exists(QStringLiteral("vocab.json")) && dir.exists(QStringLiteral("merges.txt")))
        return fromVocabMerges(dir, config, modelType, range);
    if (dir.exists(QStringLiteral("vocab.txt")))
        return fromVocabTxt(dir, config, range);
    throw Error(QStringLiteral("%1: no tokenizer files (expected tokenizer.model, tokenizer.json, vocab.json + merges.txt or vocab.txt)")
                    .arg(folder));
}

std::vector<int> Tokenizer::encodeWithSpecialTokens(const std::string& text) const
{
    std::vector<int> ids = m_template.prefix;
    const std::vector<int> body = encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    ids.insert(ids.end(), m_template.suffix.begin(), m_template.suffix.end());
    return ids;
}

std::vector<int> encodePrompt(const Tokenizer& tokenizer, const std::string& text, bool addSpecialTokens)
{
    return addSpecialTokens ? tokenizer.encodeWithSpecialTokens(text) : tokenizer.encode(text);
}

} // namespace sonde
