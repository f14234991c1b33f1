#include "tokenizer/TokenizerLoader.h"

#include "Error.h"
#include "model/ModelConfig.h"
#include "tokenizer/ByteLevelBpe.h"
#include "tokenizer/WordPiece.h"
#include "util/JsonFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>

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

AddedTokens addedTokensFromJson(const QJsonArray& list)
{
    AddedTokens added;
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        added.add({o.value(QStringLiteral("content")).toString().toStdString(), o.value(QStringLiteral("id")).toInt(-1),
                   o.value(QStringLiteral("special")).toBool(), o.value(QStringLiteral("lstrip")).toBool(),
                   o.value(QStringLiteral("rstrip")).toBool()});
    }
    return added;
}

// tokenizer_config.json's added_tokens_decoder: {"50256": {"content": …}, …}
void addFromTokenizerConfig(const QJsonObject& config, AddedTokens& added)
{
    const QJsonObject decoder = config.value(QStringLiteral("added_tokens_decoder")).toObject();
    for (auto it = decoder.begin(); it != decoder.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        added.add({o.value(QStringLiteral("content")).toString().toStdString(), it.key().toInt(),
                   o.value(QStringLiteral("special")).toBool(), o.value(QStringLiteral("lstrip")).toBool(),
                   o.value(QStringLiteral("rstrip")).toBool()});
    }
}

QHash<QString, int> vocabFromJson(const QJsonObject& o, const QString& source)
{
    QHash<QString, int> vocab;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isDouble())
            throw Error(QStringLiteral("%1: vocabulary entry \"%2\" has no integer id").arg(source, it.key()));
        vocab.insert(it.key(), it.value().toInt());
    }
    if (vocab.isEmpty())
        throw Error(QStringLiteral("%1: empty vocabulary").arg(source));
    return vocab;
}

// The special tokens a post-processor puts around a single sequence.
Tokenizer::SpecialTemplate templateFrom(const QJsonObject& post, const QString& source)
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
                (afterSequence ? t.suffix : t.prefix).push_back(id.toInt());
        }
    } else if (type == QLatin1String("BertProcessing") || type == QLatin1String("RobertaProcessing")) {
        t.prefix.push_back(post.value(QStringLiteral("cls")).toArray().at(1).toInt());
        t.suffix.push_back(post.value(QStringLiteral("sep")).toArray().at(1).toInt());
    } else if (type == QLatin1String("Sequence")) {
        for (const QJsonValue& p : post.value(QStringLiteral("processors")).toArray()) {
            const auto inner = templateFrom(p.toObject(), source);
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

std::unique_ptr<Tokenizer> fromTokenizerJson(const QString& path, const QJsonObject& config)
{
    const QJsonObject root = readJsonObjectFile(path);
    const QJsonObject model = root.value(QStringLiteral("model")).toObject();
    const QString type = model.value(QStringLiteral("type")).toString();
    AddedTokens added = addedTokensFromJson(root.value(QStringLiteral("added_tokens")).toArray());
    const QHash<QString, int> vocab = vocabFromJson(model.value(QStringLiteral("vocab")).toObject(), path);
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
        QStringList merges;
        for (const QJsonValue& m : model.value(QStringLiteral("merges")).toArray())
            merges << (m.isArray() ? m.toArray().at(0).toString() + QLatin1Char(' ') + m.toArray().at(1).toString() : m.toString());
        auto bpe = std::make_unique<ByteLevelBpeTokenizer>(vocab, merges, options, added, path);
        bpe->setBosEos(lookup(vocab, added, tokenString(config.value(QStringLiteral("bos_token")))),
                       lookup(vocab, added, tokenString(config.value(QStringLiteral("eos_token")))));
        tok = std::move(bpe);
    } else if (type == QLatin1String("WordPiece")) {
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
    } else {
        throw Error(QStringLiteral("%1: tokenizer model \"%2\" is not supported (BPE, WordPiece)").arg(path, type));
    }
    tok->setSpecialTemplate(templateFrom(root.value(QStringLiteral("post_processor")).toObject(), path));
    return tok;
}

// GPT-2 / RoBERTa style: vocab.json + merges.txt (first line may be a "#version" header).
std::unique_ptr<Tokenizer> fromVocabMerges(const QDir& dir, const QJsonObject& config, const QString& modelType)
{
    const QString vocabPath = dir.filePath(QStringLiteral("vocab.json"));
    const QHash<QString, int> vocab = vocabFromJson(readJsonObjectFile(vocabPath), vocabPath);
    QFile f(dir.filePath(QStringLiteral("merges.txt")));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot open: %2").arg(f.fileName(), f.errorString()));
    QStringList merges;
    QTextStream in(&f);
    in.setEncoding(QStringConverter::Utf8);
    for (int line = 1; !in.atEnd(); ++line) {
        const QString text = in.readLine();
        if (text.startsWith(QLatin1String("#version")) || text.trimmed().isEmpty())
            continue;
        if (text.split(QLatin1Char(' ')).size() != 2)
            throw Error(QStringLiteral("%1:%2: expected two space-separated symbols").arg(f.fileName()).arg(line));
        merges << text;
    }
    AddedTokens added;
    addFromTokenizerConfig(config, added);
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
std::unique_ptr<Tokenizer> fromVocabTxt(const QDir& dir, const QJsonObject& config)
{
    QFile f(dir.filePath(QStringLiteral("vocab.txt")));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot open: %2").arg(f.fileName(), f.errorString()));
    QHash<QString, int> vocab;
    QTextStream in(&f);
    in.setEncoding(QStringConverter::Utf8);
    for (int id = 0; !in.atEnd(); ++id)
        vocab.insert(in.readLine(), id);
    WordPieceOptions options;
    options.lowercase = config.value(QStringLiteral("do_lower_case")).toBool(true);
    const QJsonValue strip = config.value(QStringLiteral("strip_accents"));
    options.stripAccents = strip.isBool() ? strip.toBool() : options.lowercase;
    options.splitChinese = config.value(QStringLiteral("tokenize_chinese_chars")).toBool(true);
    options.unkToken = tokenString(config.value(QStringLiteral("unk_token")));
    if (options.unkToken.isEmpty())
        options.unkToken = QStringLiteral("[UNK]");
    AddedTokens added;
    addFromTokenizerConfig(config, added);
    for (const char* token : {"[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"})
        if (vocab.contains(QLatin1String(token)) && !lookup({}, added, QLatin1String(token)))
            added.add({token, vocab.value(QLatin1String(token)), true, false, false});
    auto wp = std::make_unique<WordPieceTokenizer>(vocab, options, added, f.fileName());
    if (vocab.contains(QStringLiteral("[CLS]")) && vocab.contains(QStringLiteral("[SEP]")))
        wp->setSpecialTemplate({{vocab.value(QStringLiteral("[CLS]"))}, {vocab.value(QStringLiteral("[SEP]"))}});
    return wp;
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const QString& folder)
{
    const QDir dir(folder);
    const QJsonObject config = optionalJson(dir.filePath(QStringLiteral("tokenizer_config.json")));
    const QString modelType = optionalJson(dir.filePath(QStringLiteral("config.json"))).value(QStringLiteral("model_type")).toString();
    // SentencePiece first: run by the real library it is exact, and Llama-2-style
    // tokenizer.json files (which ship beside it) are not byte-level.
    if (dir.exists(QStringLiteral("tokenizer.model"))) {
        auto spm = SentencePieceTokenizer::load(dir.filePath(QStringLiteral("tokenizer.model")));
        Tokenizer::SpecialTemplate t;
        if (config.value(QStringLiteral("add_bos_token")).toBool(true) && spm->bosId())
            t.prefix.push_back(*spm->bosId());
        if (config.value(QStringLiteral("add_eos_token")).toBool(false) && spm->eosId())
            t.suffix.push_back(*spm->eosId());
        spm->setSpecialTemplate(t);
        return spm;
    }
    if (dir.exists(QStringLiteral("tokenizer.json")))
        return fromTokenizerJson(dir.filePath(QStringLiteral("tokenizer.json")), config);
    if (dir.exists(QStringLiteral("vocab.json")) && dir.exists(QStringLiteral("merges.txt")))
        return fromVocabMerges(dir, config, modelType);
    if (dir.exists(QStringLiteral("vocab.txt")))
        return fromVocabTxt(dir, config);
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
