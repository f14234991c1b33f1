// Tokenizers against independent references (tools/tokenizer-reference):
// GPT-2 byte-level BPE vs gpt-3-encoder; tokenizer.json (GPT-2, Llama-3-style
// Split regex with ignore_merges, BERT WordPiece with its template) vs the
// tokenizers.js implementation; plus added tokens and bad files.
#include "Error.h"
#include "TestUtil.h"
#include "syntax/WordTokens.h"
#include "tokenizer/TokenizerLoader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sonde;

namespace {

QString dataDir(const QString& sub)
{
    return QStringLiteral(SONDE_SOURCE_DIR "/tests/data/") + sub;
}

QJsonObject reference()
{
    QFile f(dataDir(QStringLiteral("tokenizers/reference.json")));
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<int> ids(const QJsonValue& v)
{
    std::vector<int> out;
    for (const QJsonValue& x : v.toArray())
        out.push_back(x.toInt());
    return out;
}

// The GPT-2 vocabulary as a tokenizer.json with the given pre-tokenizer, as
// make-references.mjs builds it.
void writeByteLevelJson(const QString& dir, const QJsonObject& preTokenizer, bool ignoreMerges)
{
    QFile vocabFile(dataDir(QStringLiteral("gpt2/vocab.json")));
    vocabFile.open(QIODevice::ReadOnly);
    QFile mergesFile(dataDir(QStringLiteral("gpt2/merges.txt")));
    mergesFile.open(QIODevice::ReadOnly);
    QJsonArray merges;
    const QList<QByteArray> lines = mergesFile.readAll().split('\n');
    for (int i = 1; i < lines.size(); ++i)
        if (!lines[i].trimmed().isEmpty())
            merges.append(QString::fromUtf8(lines[i]));
    const QJsonObject json{
        {QStringLiteral("added_tokens"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), 50256}, {QStringLiteral("content"), QStringLiteral("<|endoftext|>")},
                                {QStringLiteral("special"), true}}}},
        {QStringLiteral("normalizer"), QJsonValue::Null},
        {QStringLiteral("pre_tokenizer"), preTokenizer},
        {QStringLiteral("post_processor"), QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")}}},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                                              {QStringLiteral("ignore_merges"), ignoreMerges},
                                              {QStringLiteral("vocab"), QJsonDocument::fromJson(vocabFile.readAll()).object()},
                                              {QStringLiteral("merges"), merges}}},
    };
    QDir().mkpath(dir);
    testutil::writeFile(dir + QStringLiteral("/tokenizer.json"), QJsonDocument(json).toJson(QJsonDocument::Compact));
}

} // namespace

class TestTokenizers : public QObject {
    Q_OBJECT
    QJsonObject m_ref = reference();
    QTemporaryDir m_dir;

    void compareAll(const Tokenizer& tok, const char* refKey, const char* textsKey, bool special)
    {
        const QJsonArray texts = m_ref.value(QLatin1String(textsKey)).toArray();
        const QJsonArray expected = m_ref.value(QLatin1String(refKey)).toArray();
        QCOMPARE(texts.size(), expected.size());
        QVERIFY(texts.size() >= 15);
        for (int i = 0; i < texts.size(); ++i) {
            const std::string text = texts[i].toString().toStdString();
            const std::vector<int> got = special ? tok.encodeWithSpecialTokens(text) : tok.encode(text);
            QVERIFY2(got == ids(expected[i]), qPrintable(QStringLiteral("text %1: \"%2\"").arg(i).arg(texts[i].toString())));
        }
    }

private Q_SLOTS:
    void gpt2VocabMergesMatchesGpt3Encoder()
    {
        const auto tok = loadTokenizer(dataDir(QStringLiteral("gpt2")));
        QCOMPARE(tok->kind(), QStringLiteral("byte-level BPE"));
        QCOMPARE(tok->vocabSize(), 50257);
        compareAll(*tok, "gpt2", "texts", false);
        QCOMPARE(tok->encodeWithSpecialTokens("Hello world"), tok->encode("Hello world")); // GPT-2 adds nothing
        // Byte-level BPE loses nothing: decoding gives the text back exactly.
        for (const QJsonValue& t : m_ref.value(QStringLiteral("texts")).toArray())
            QCOMPARE(QString::fromStdString(tok->decode(tok->encode(t.toString().toStdString()))), t.toString());
        QCOMPARE(tok->eosId().value(), 50256);
    }

    void gpt2TokenizerJsonMatchesTokenizersJs()
    {
        const QString dir = m_dir.filePath(QStringLiteral("gpt2-json"));
        writeByteLevelJson(dir, QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")}, {QStringLiteral("use_regex"), true}}, false);
        compareAll(*loadTokenizer(dir), "gpt2TokenizersJs", "texts", false);
    }

    void splitRegexWithIgnoreMergesMatchesTokenizersJs()
    {
        const QString dir = m_dir.filePath(QStringLiteral("llama3-json"));
        const QJsonObject pre{
            {QStringLiteral("type"), QStringLiteral("Sequence")},
            {QStringLiteral("pretokenizers"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Split")},
                                    {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), m_ref.value(QStringLiteral("llama3Pattern"))}}},
                                    {QStringLiteral("behavior"), QStringLiteral("Isolated")},
                                    {QStringLiteral("invert"), false}},
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")}, {QStringLiteral("use_regex"), false}}}}};
        writeByteLevelJson(dir, pre, true);
        compareAll(*loadTokenizer(dir), "llama3Split", "texts", false);
    }

    void wordPieceTokenizerJsonMatchesTokenizersJs()
    {
        const auto tok = loadTokenizer(dataDir(QStringLiteral("tokenizers/wordpiece")));
        QCOMPARE(tok->kind(), QStringLiteral("WordPiece"));
        compareAll(*tok, "wordpiece", "wpTexts", true);
        QCOMPARE(tok->decode(tok->encode("Unaffable playing")), std::string("unaffable playing"));
    }

    void wordPieceVocabTxtGivesTheSameIds()
    {
        // The legacy vocab.txt path with BERT's defaults must agree with tokenizer.json.
        const QString dir = m_dir.filePath(QStringLiteral("wordpiece-txt"));
        QDir().mkpath(dir);
        QFile::copy(dataDir(QStringLiteral("tokenizers/wordpiece/vocab.txt")), dir + QStringLiteral("/vocab.txt"));
        compareAll(*loadTokenizer(dir), "wordpiece", "wpTexts", true);
    }

    void addedTokensAreMatchedBeforeTokenisation()
    {
        const auto tok = loadTokenizer(dataDir(QStringLiteral("gpt2")));
        std::vector<int> expected = tok->encode("Hello");
        expected.push_back(50256);
        const std::vector<int> tail = tok->encode(" world");
        expected.insert(expected.end(), tail.begin(), tail.end());
        QCOMPARE(tok->encode("Hello<|endoftext|> world"), expected);
        QCOMPARE(tok->encode("<|endoftext|>"), std::vector<int>{50256});
        QCOMPARE(tok->decode({50256}), std::string("<|endoftext|>"));
    }

    void wordsAreTokenisedOneByOne()
    {
        // Byte-level BPE: the first word as is, the others with a leading space;
        // no specials for GPT-2.
        const auto gpt2 = loadTokenizer(dataDir(QStringLiteral("gpt2")));
        const QStringList words = {QStringLiteral("Hello"), QStringLiteral("world"), QStringLiteral("!")};
        const WordTokens t = tokenizeWords(*gpt2, words);
        std::vector<int> want = gpt2->encode("Hello");
        for (const char* w : {" world", " !"}) {
            const auto piece = gpt2->encode(w);
            want.insert(want.end(), piece.begin(), piece.end());
        }
        QCOMPARE(t.ids, want);
        QCOMPARE(t.tokenWord.front(), 0);
        QCOMPARE(t.tokenWord.back(), 2);

        // WordPiece: [CLS] … [SEP] around, pieces of one word share its index.
        const auto bert = loadTokenizer(dataDir(QStringLiteral("tokenizers/wordpiece")));
        const WordTokens b = tokenizeWords(*bert, {QStringLiteral("Unaffable"), QStringLiteral("play")});
        QCOMPARE(b.ids, (std::vector<int>{2, 46, 47, 48, 50, 3}));
        QCOMPARE(b.tokenWord, (std::vector<int>{-1, 0, 0, 0, 1, -1}));
        // A form of format characters only has no pieces: its sentence cannot be scored.
        QVERIFY_THROWS_EXCEPTION(WordWithoutTokens, tokenizeWords(*bert, {QStringLiteral("play"), QString(QChar(0x200B))}));
    }

    // Every id a tokenizer file gives is checked before a table is sized from
    // it; each of these once wrote out of bounds, overflowed or allocated
    // gigabytes (issue 8's sweep). The file and the token are named.
    void badTokenIdsAreRefusedWithTheFileAndToken_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QStringList>("expected");
        const QByteArray bpe = R"({"pre_tokenizer": {"type": "ByteLevel"}, "added_tokens": %ADDED%,
                                   "model": {"type": "BPE", "vocab": %VOCAB%, "merges": %MERGES%}})";
        auto bpeJson = [&](const char* vocab, const char* added = "[]", const char* merges = "[]") {
            return QByteArray(bpe).replace("%VOCAB%", vocab).replace("%ADDED%", added).replace("%MERGES%", merges);
        };
        const QString json = QStringLiteral("tokenizer.json");
        QTest::newRow("added token without id") << json << bpeJson(R"({"a": 0})", R"([{"content": "<pad>"}])") << QByteArray()
                                                << QStringList{QStringLiteral("tokenizer.json: added token 0 (\"<pad>\")"), QStringLiteral("no id")};
        QTest::newRow("negative added id") << json << bpeJson(R"({"a": 0})", R"([{"id": -1, "content": "<pad>"}])") << QByteArray()
                                           << QStringList{QStringLiteral("\"<pad>\""), QStringLiteral("id -1 is outside the vocabulary")};
        QTest::newRow("id + 1 overflows") << json << bpeJson(R"({"a": 0, "b": 2147483647})") << QByteArray()
                                          << QStringList{QStringLiteral("token \"b\""), QStringLiteral("id 2147483647 is outside")};
        QTest::newRow("a billion") << json << bpeJson(R"({"a": 1000000000})") << QByteArray()
                                   << QStringList{QStringLiteral("token \"a\""), QStringLiteral("id 1000000000 is outside")};
        QTest::newRow("fractional id") << json << bpeJson(R"({"a": 1.5})") << QByteArray()
                                       << QStringList{QStringLiteral("token \"a\""), QStringLiteral("not an integer")};
        QTest::newRow("string id") << json << bpeJson(R"({"a": "7"})") << QByteArray()
                                   << QStringList{QStringLiteral("token \"a\""), QStringLiteral("must be a number")};
        QTest::newRow("one id, two tokens") << json << bpeJson(R"({"a": 0, "b": 0})") << QByteArray()
                                            << QStringList{QStringLiteral("id 0 is given to two tokens")};
        QTest::newRow("added id taken") << json << bpeJson(R"({"a": 0, "b": 1})", R"([{"id": 1, "content": "<s>"}])") << QByteArray()
                                        << QStringList{QStringLiteral("added token \"<s>\""), QStringLiteral("id 1 already belongs to \"b\"")};
        QTest::newRow("added token listed twice") << json << bpeJson(R"({"a": 0})", R"([{"id": 1, "content": "<s>"}, {"id": 2, "content": "<s>"}])")
                                                  << QByteArray() << QStringList{QStringLiteral("listed with two ids, 1 and 2")};
        QTest::newRow("empty added content") << json << bpeJson(R"({"a": 0})", R"([{"id": 1, "content": ""}])") << QByteArray()
                                             << QStringList{QStringLiteral("\"content\" must be a non-empty string")};
        QTest::newRow("beyond the model's vocab_size")
            << json << bpeJson(R"({"a": 0, "b": 1, "c": 3})") << QByteArray(R"({"model_type": "gpt2", "vocab_size": 3})")
            << QStringList{QStringLiteral("token \"c\""), QStringLiteral("id 3 is outside the vocabulary"),
                           QStringLiteral("0 … 2 (config.json's vocab_size is 3)")};
        QTest::newRow("merge not a pair") << json << bpeJson(R"({"a": 0})", "[]", "[7]") << QByteArray()
                                          << QStringList{QStringLiteral("merge 0 is not a pair of symbols")};
        QTest::newRow("post-processor id")
            << json
            << QByteArray(R"({"pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
                             "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>"}}, {"Sequence": {"id": "A"}}],
                                                "special_tokens": {"<s>": {"ids": [99999]}}}})")
            << QByteArray(R"({"vocab_size": 10})") << QStringList{QStringLiteral("post_processor special token \"<s>\""), QStringLiteral("id 99999")};
        // Found by fuzz_tokenizer_json: a template id inside the model's range but past the tokenizer's own table.
        QTest::newRow("post-processor id past the table")
            << json
            << QByteArray(R"({"pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []},
                             "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>"}}, {"Sequence": {"id": "A"}}],
                                                "special_tokens": {"<s>": {"ids": [6]}}}})")
            << QByteArray() << QStringList{QStringLiteral("post_processor adds token id 6, which is not in the vocabulary (0 … 1)")};
        QTest::newRow("Bert post-processor id")
            << json
            << QByteArray(R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "post_processor": {"type": "BertProcessing", "cls": ["[CLS]", -5], "sep": ["[SEP]", 0]}})")
            << QByteArray() << QStringList{QStringLiteral("post_processor \"cls\" (\"[CLS]\")"), QStringLiteral("id -5")};
        QTest::newRow("WordPiece id -2") << json << QByteArray(R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "x": -2}}})")
                                         << QByteArray() << QStringList{QStringLiteral("token \"x\""), QStringLiteral("id -2 is outside")};
        QTest::newRow("vocab.json id -1") << QStringLiteral("vocab.json") << QByteArray(R"({"a": 0, "b": -1})") << QByteArray()
                                          << QStringList{QStringLiteral("vocab.json: vocabulary token \"b\""), QStringLiteral("id -1")};
        QTest::newRow("added_tokens_decoder key")
            << QStringLiteral("vocab.json") << QByteArray(R"({"a": 0})") << QByteArray()
            << QStringList{QStringLiteral("tokenizer_config.json: added_tokens_decoder \"abc\""), QStringLiteral("not an integer")};
        QTest::newRow("vocab.txt longer than vocab_size") << QStringLiteral("vocab.txt") << QByteArray("[UNK]\na\nb\nc\n")
                                                          << QByteArray(R"({"model_type": "bert", "vocab_size": 2})")
                                                          << QStringList{QStringLiteral("vocab.txt:3: token \"b\" would get id 2")};
    }

    void badTokenIdsAreRefusedWithTheFileAndToken()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, config);
        QFETCH(QStringList, expected);
        const QString dir = m_dir.filePath(QStringLiteral("ids-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        QDir().mkpath(dir);
        testutil::writeFile(QDir(dir).filePath(file), content);
        if (file == QLatin1String("vocab.json"))
            testutil::writeFile(QDir(dir).filePath(QStringLiteral("merges.txt")), "#version: 0.2\n");
        if (QByteArray(QTest::currentDataTag()) == "added_tokens_decoder key")
            testutil::writeFile(QDir(dir).filePath(QStringLiteral("tokenizer_config.json")),
                                R"({"added_tokens_decoder": {"abc": {"content": "<x>"}}})");
        if (!config.isEmpty())
            testutil::writeFile(QDir(dir).filePath(QStringLiteral("config.json")), config);
        try {
            loadTokenizer(dir);
            QFAIL("accepted");
        } catch (const Error& e) {
            for (const QString& part : expected)
                QVERIFY2(e.message().contains(part), qPrintable(QStringLiteral("«%1» not in: %2").arg(part, e.message())));
            QVERIFY2(e.message().startsWith(dir), qPrintable(e.message())); // the file is named by its path
        }
    }

    // The model's vocabulary bounds every id; a table within it loads and
    // decodes added tokens beyond the plain vocabulary as their text.
    void idsWithinTheModelVocabularyLoad()
    {
        const QString dir = m_dir.filePath(QStringLiteral("ids-ok"));
        QDir().mkpath(dir);
        testutil::writeFile(dir + QStringLiteral("/tokenizer.json"),
                            R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "hello": 1}},
                                "added_tokens": [{"id": 3, "content": "[MASK]", "special": true}]})");
        testutil::writeFile(dir + QStringLiteral("/config.json"), R"({"model_type": "bert", "vocab_size": 4})");
        const auto tok = loadTokenizer(dir);
        QCOMPARE(tok->vocabSize(), 4);
        QCOMPARE(tok->encode("hello [MASK]"), (std::vector<int>{1, 3}));
        QCOMPARE(tok->decode({1, 3}), std::string("hello [MASK]"));
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode({4})); // past the table
    }

    void badTokenizerFilesAreClearErrors()
    {
        const QString dir = m_dir.filePath(QStringLiteral("bad"));
        QDir().mkpath(dir);
        testutil::writeFile(dir + QStringLiteral("/tokenizer.json"), R"({"model": {"type": "Unigram", "vocab": {"a": 0}}})");
        try {
            loadTokenizer(dir);
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("tokenizer.json: tokenizer model \"Unigram\" is not supported")), qPrintable(e.message()));
        }
        testutil::writeFile(dir + QStringLiteral("/tokenizer.json"), R"({"model": )");
        QVERIFY_THROWS_EXCEPTION(Error, loadTokenizer(dir));
        QFile::remove(dir + QStringLiteral("/tokenizer.json"));
        testutil::writeFile(dir + QStringLiteral("/vocab.json"), R"({"a": 0, "b": 1, "ab": 2})");
        testutil::writeFile(dir + QStringLiteral("/merges.txt"), "#version: 0.2\na b\nnot a merge line\n");
        try {
            loadTokenizer(dir);
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("merges.txt:3: expected two space-separated symbols")), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenizers)
#include "tst_tokenizers.moc"
