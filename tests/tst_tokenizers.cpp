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
