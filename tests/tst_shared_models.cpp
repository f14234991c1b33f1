// Needs ../shared (CTest label "shared"): the real stories260k model folder.
// Proves SentencePiece (in its plugin) and LibTorch work in one process, with
// token ids checked against Debian's spm_encode / spm_decode, fingerprints
// against sha256sum, and `sonde-cli info` against the model's known shape.
#include "Error.h"
#include "TestUtil.h"
#include "io/ModelFolder.h"
#include "io/Safetensors.h"
#include "jobs/JobContext.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "runtime/Runtime.h"
#include "syntax/ModelAttention.h"
#include "syntax/Treebank.h"
#include "syntax/WordTokens.h"
#include "tokenizer/Tokenizer.h"
#include "tokenizer/TokenizerLoader.h"

#include <QJsonDocument>
#include <QTemporaryDir>

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>
#include <torch/torch.h>

using namespace sonde;

namespace {

// Runs a reference tool with `input` on stdin; one output line per input line.
QStringList runTool(const QString& program, const QStringList& args, const QByteArray& input)
{
    QProcess p;
    p.start(program, args);
    p.waitForStarted();
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        qFatal("%s failed: %s", qPrintable(program), p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

const char* kTexts[] = {
    "Once upon a time, there was a little girl named Lily.",
    "She liked to play outside in the sun!",
    "  leading and   inner   spaces",
    "Numbers 12345 and 3.14159, dates 2026-11-23.",
    "Unicode: café naïve Ærøskøbing — “quotes”",
    "Emoji and CJK use byte fallback: 🙂🚀 日本語",
    "don't won't it's",
};

} // namespace

class TestSharedModels : public QObject {
    Q_OBJECT
    QString m_model;

private Q_SLOTS:
    void initTestCase()
    {
        m_model = QDir(testutil::sharedDir()).filePath(QStringLiteral("models/stories260k-hf"));
        if (!QFileInfo::exists(m_model))
            QSKIP(qPrintable(QStringLiteral("../shared not found (%1); shared-fixture tests skipped").arg(m_model)));
    }

    void sentencePieceAndTorchShareAProcess()
    {
        // LibTorch first: its protobuf is loaded and in use when SentencePiece comes in.
        const torch::Tensor a = torch::randn({64, 64});
        const torch::Tensor b = torch::eye(64);
        QVERIFY(torch::allclose(torch::matmul(a, b), a));

        const auto tok = SentencePieceTokenizer::load(m_model + QStringLiteral("/tokenizer.model"));
        QCOMPARE(tok->vocabSize(), 512);
        QCOMPARE(tok->bosId().value(), 1);
        QCOMPARE(tok->eosId().value(), 2);
        const auto ids = tok->encode("Once upon a time");
        QVERIFY(!ids.empty());
        QCOMPARE(tok->decode(ids), std::string("Once upon a time"));

        // And LibTorch still works after SentencePiece ran.
        QVERIFY(torch::matmul(a, b).sum().item<float>() == a.sum().item<float>());
        QVERIFY(!runtimeInfo().torchVersion.isEmpty());
    }

    void idsMatchDebianSpmEncode()
    {
        const QString spmEncode = QStandardPaths::findExecutable(QStringLiteral("spm_encode"));
        QVERIFY2(!spmEncode.isEmpty(), "spm_encode (Debian package sentencepiece) is required");
        const QString modelFile = m_model + QStringLiteral("/tokenizer.model");
        QByteArray input;
        for (const char* t : kTexts)
            input += QByteArray(t) + '\n';
        const QStringList reference = runTool(spmEncode, {QStringLiteral("--model=") + modelFile, QStringLiteral("--output_format=id")}, input);
        QCOMPARE(reference.size(), int(std::size(kTexts)));

        const auto tok = SentencePieceTokenizer::load(modelFile);
        QByteArray idLines;
        for (int i = 0; i < reference.size(); ++i) {
            QStringList mine;
            for (int id : tok->encode(kTexts[i]))
                mine << QString::number(id);
            QCOMPARE(mine.join(QLatin1Char(' ')), reference[i]);
            idLines += reference[i].toUtf8() + '\n';
        }
        // Byte fallback must actually be exercised by the emoji line.
        bool sawByte = false;
        for (int id : tok->encode(kTexts[5]))
            sawByte |= tok->isByte(id);
        QVERIFY(sawByte);

        const QString spmDecode = QStandardPaths::findExecutable(QStringLiteral("spm_decode"));
        const QStringList decoded = runTool(spmDecode, {QStringLiteral("--model=") + modelFile, QStringLiteral("--input_format=id")}, idLines);
        for (int i = 0; i < reference.size(); ++i) {
            std::vector<int> ids;
            for (const QString& s : reference[i].split(QLatin1Char(' ')))
                ids.push_back(s.toInt());
            QCOMPARE(QString::fromStdString(tok->decode(ids)), decoded[i]);
        }
    }

    void sentencePieceWordsEachGetTheirPrefix()
    {
        const auto tok = loadTokenizer(m_model);
        const WordTokens t = tokenizeWords(*tok, {QStringLiteral("Lily"), QStringLiteral("saw"), QStringLiteral("a"), QStringLiteral("cat")});
        QCOMPARE(t.ids.front(), 1); // BOS, belonging to no word
        QCOMPARE(t.tokenWord.front(), -1);
        // Every word starts a new piece with "▁" (U+2581), as encoding it alone does.
        int previous = -1;
        for (size_t i = 1; i < t.ids.size(); ++i) {
            if (t.tokenWord[i] != previous)
                QVERIFY2(QString::fromStdString(tok->idToPiece(t.ids[i])).startsWith(QChar(0x2581)),
                         qPrintable(QString::fromStdString(tok->idToPiece(t.ids[i]))));
            previous = t.tokenWord[i];
        }
        QCOMPARE(previous, 3);
    }

    void badTokenizerInputIsAnErrorNotACrash()
    {
        const auto tok = SentencePieceTokenizer::load(m_model + QStringLiteral("/tokenizer.model"));
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode({5, 99999}));
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode({-1}));
        QVERIFY_THROWS_EXCEPTION(Error, SentencePieceTokenizer::load(m_model + QStringLiteral("/config.json")));
    }

    void inspectsTheModelFolder()
    {
        const ModelInfo info = inspectModelFolder(m_model);
        QCOMPARE(info.modelType, QStringLiteral("llama"));
        QCOMPARE(info.layers, 5);
        QCOMPARE(info.heads, 8);
        QCOMPARE(info.kvHeads, 4);
        // By hand from the config: per layer q 64·64 + k,v 64·32 each + o 64·64 + MLP 3·64·172 + 2 norms of 64,
        // plus tied embeddings 512·64 and the final norm.
        const qint64 perLayer = 64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 172 + 2 * 64;
        QCOMPARE(info.parameters, 5 * perLayer + 512 * 64 + 64);
        QCOMPARE(info.tokenizer, TokenizerKind::SentencePiece);
        QCOMPARE(info.dominantDType(), QStringLiteral("F32"));
    }

    void fingerprintEqualsSha256sum()
    {
        QProcess p;
        p.start(QStringLiteral("sha256sum"), {m_model + QStringLiteral("/model.safetensors")});
        QVERIFY(p.waitForFinished());
        const QString reference = QString::fromLatin1(p.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0);
        QCOMPARE(reference.size(), 64);
        QCOMPARE(fingerprintWeights(m_model).value(QStringLiteral("model.safetensors")), reference);
    }

    void greedyGenerationMatchesTheKnownGoodOutput()
    {
        QFile expectedFile(m_model + QStringLiteral("/expected-greedy-200.txt"));
        QVERIFY(expectedFile.open(QIODevice::ReadOnly));
        const QByteArray expected = expectedFile.readAll();

        const auto model = LanguageModel::load(m_model);
        const auto tok = loadTokenizer(m_model);
        GenerationRequest request;
        request.promptIds = encodePrompt(*tok, "", true);
        QCOMPARE(request.promptIds, std::vector<int>{1}); // BOS alone
        request.maxNewTokens = 200;
        std::string streamed;
        const GenerationResult r = generate(*model, *tok, request, [&](const std::string& piece) { streamed += piece; });
        QCOMPARE(r.tokens.size(), size_t(200));
        QCOMPARE(QByteArray::fromStdString(r.text), expected);
        QCOMPARE(streamed, r.text); // the stream adds up to the final text
        QCOMPARE(r.stats.stopReason, QStringLiteral("max tokens"));
        QVERIFY(r.stats.tokensPerSecond > 0);

        // The same through the command line, byte for byte on stdout.
        QProcess p;
        p.start(QStringLiteral(SONDE_CLI_PATH), {QStringLiteral("generate"), QStringLiteral("--model"), m_model, QStringLiteral("--prompt"),
                                                QString(), QStringLiteral("--max-new-tokens"), QStringLiteral("200"),
                                                QStringLiteral("--temperature"), QStringLiteral("0")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(p.readAllStandardOutput(), expected);
        QVERIFY(p.readAllStandardError().contains("generated 200 tokens"));
    }

    void samplingStopsAndCancels()
    {
        const auto model = LanguageModel::load(m_model);
        const auto tok = loadTokenizer(m_model);
        GenerationRequest request;
        request.promptIds = encodePrompt(*tok, "Once upon a time", true);
        request.maxNewTokens = 60;
        request.sampling.temperature = 0.9f;
        request.sampling.topP = 0.9f;
        request.sampling.seed = 5;
        const GenerationResult a = generate(*model, *tok, request);
        const GenerationResult b = generate(*model, *tok, request);
        QCOMPARE(a.tokens, b.tokens); // a seed reproduces a sample
        request.sampling.seed = 6;
        QVERIFY(generate(*model, *tok, request).tokens != a.tokens);

        // Stop string: the greedy story says "Lily" early; the text is cut before it.
        GenerationRequest greedy;
        greedy.promptIds = {1};
        greedy.maxNewTokens = 100;
        greedy.stopStrings = {"Lily"};
        const GenerationResult stopped = generate(*model, *tok, greedy);
        QCOMPARE(stopped.stats.stopReason, QStringLiteral("stop string"));
        QCOMPARE(stopped.text, std::string("Once upon a time, there was a little girl named "));

        // Cancellation is honoured between tokens.
        auto flag = std::make_shared<std::atomic_bool>(false);
        int pieces = 0;
        JobContext ctx(flag, {});
        greedy.stopStrings.clear();
        const GenerationResult cancelled = generate(*model, *tok, greedy, [&](const std::string&) {
            if (++pieces == 5)
                flag->store(true);
        }, &ctx);
        QCOMPARE(cancelled.stats.stopReason, QStringLiteral("cancelled"));
        QVERIFY(cancelled.tokens.size() < 10);

        // A prompt longer than the context is an error, not a silent truncation.
        GenerationRequest tooLong;
        tooLong.promptIds = std::vector<int>(513, 5);
        QVERIFY_THROWS_EXCEPTION(Error, generate(*model, *tok, tooLong));
    }

    void dumpWritesConsistentTensors()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("dump.safetensors"));
        QProcess p;
        p.start(QStringLiteral(SONDE_CLI_PATH), {QStringLiteral("dump"), QStringLiteral("--model"), m_model, QStringLiteral("--text"),
                                                QStringLiteral("Lily saw a big dog."), QStringLiteral("--out"), out});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);

        const auto file = SafetensorsFile::open(out);
        const TensorInfo* ids = file->find(QStringLiteral("input_ids"));
        QVERIFY(ids && ids->dtype == DType::I64);
        const std::int64_t T = ids->shape[0];
        const auto tok = loadTokenizer(m_model);
        const std::vector<int> body = tok->encode("Lily saw a big dog.");
        QCOMPARE(T, std::int64_t(body.size() + 1)); // BOS prepended by default
        std::vector<std::int64_t> stored(static_cast<size_t>(T));
        std::memcpy(stored.data(), file->data(*ids), size_t(T) * 8);
        QCOMPARE(stored[0], std::int64_t(1));
        QCOMPARE(file->find(QStringLiteral("logits"))->shape, (std::vector<std::int64_t>{T, 512}));
        QCOMPARE(file->find(QStringLiteral("attentions"))->shape, (std::vector<std::int64_t>{5, 8, T, T}));
        QCOMPARE(file->find(QStringLiteral("hidden_states"))->shape, (std::vector<std::int64_t>{6, T, 64}));

        // Attention rows are causal distributions.
        const TensorInfo* att = file->find(QStringLiteral("attentions"));
        std::vector<float> a(static_cast<size_t>(att->numel()));
        std::memcpy(a.data(), file->data(*att), a.size() * 4);
        for (std::int64_t row = 0; row < 5 * 8 * T; ++row) {
            const std::int64_t i = row % T;
            double sum = 0;
            for (std::int64_t j = 0; j < T; ++j) {
                const float v = a[size_t(row * T + j)];
                if (j > i)
                    QCOMPARE(v, 0.0f);
                sum += v;
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }

        // The last row of the dumped logits is what incremental decoding sees.
        const auto model = LanguageModel::load(m_model);
        auto session = model->startSession(int(T));
        std::vector<int> all(stored.begin(), stored.end());
        const std::vector<float> last = session->feed(all);
        const TensorInfo* logits = file->find(QStringLiteral("logits"));
        const float* dumped = reinterpret_cast<const float*>(file->data(*logits)) + (T - 1) * 512;
        for (int v = 0; v < 512; ++v)
            QVERIFY(std::abs(dumped[v] - last[size_t(v)]) < 1e-4);
    }

    void readsTheEwtDevSet()
    {
        const QString path = testutil::sharedDir() + QStringLiteral("/treebanks/en_ewt-ud-dev.conllu");
        const Treebank tb = readConllu(path);
        // Published size of UD English EWT dev (../shared/README.md): 2,001 sentences, 25,147 words.
        QCOMPARE(int(tb.sentences.size() + tb.skipped.size()), 2001);
        QCOMPARE(int(tb.skipped.size()), 0);
        QCOMPARE(tb.wordCount(), 25147);
    }

    void scoresEveryHeadOnTheEwtDevSet()
    {
        const Treebank tb = readConllu(testutil::sharedDir() + QStringLiteral("/treebanks/en_ewt-ud-dev.conllu"));
        const auto model = LanguageModel::load(m_model);
        const auto tok = loadTokenizer(m_model);
        const auto source = modelAttention(*model, *tok);
        const SyntaxScores s = scoreTreebank(*source, tb);
        // Every sentence fits stories260k's 512-token context.
        QCOMPARE(s.sentencesUsed, 2001);
        QVERIFY(s.sentencesSkipped.isEmpty());
        QCOMPARE(s.words, 25147);
        QCOMPARE(s.layers, 5);
        QCOMPARE(s.heads, 8);
        const RelationScores& all = s.relations.value(QStringLiteral("all"));
        QCOMPARE(all.count, 25147 - 2001); // every word but the roots
        int perRelation = 0;
        for (auto it = s.relations.begin(); it != s.relations.end(); ++it) {
            const RelationScores& r = it.value();
            if (it.key() != QLatin1String("all"))
                perRelation += r.count;
            QVERIFY(!it.key().contains(QLatin1Char(':'))); // subtypes collapsed
            for (const auto* m : {&r.dep2head, &r.head2dep})
                for (const auto& row : *m)
                    for (double v : row)
                        QVERIFY(v >= 0.0 && v <= 1.0);
            const double best = (r.bestDirection == QLatin1String("dep2head") ? r.dep2head : r.head2dep)[size_t(r.bestLayer)][size_t(r.bestHead)];
            QCOMPARE(best, r.bestAccuracy);
            for (const auto* m : {&r.dep2head, &r.head2dep})
                for (const auto& row : *m)
                    for (double v : row)
                        QVERIFY(v <= r.bestAccuracy);
            QVERIFY(r.bestInterval.low <= r.bestAccuracy + 1e-12 && r.bestAccuracy <= r.bestInterval.high + 1e-12);
            QVERIFY(r.baselineInterval.low <= r.baselineAccuracy + 1e-12 && r.baselineAccuracy <= r.baselineInterval.high + 1e-12);
            QCOMPARE(r.aboveBaseline, r.bestInterval.low > r.baselineInterval.high);
        }
        QCOMPARE(perRelation, all.count);
        // Right-branching is the +1 offset everywhere (the last word's clamped head is itself, never gold).
        QCOMPARE(s.rightBranchingUas, double(std::lround(s.rightBranchingUas * all.count)) / all.count);
        for (const auto* m : {&s.uas, &s.uuas})
            for (const auto& row : *m)
                for (double v : row)
                    QVERIFY(v >= 0.0 && v <= 1.0);

        // Reproducible: the same run gives the same numbers, intervals included.
        ScoringOptions few;
        few.maxSentences = 200;
        QCOMPARE(QJsonDocument(scoreTreebank(*source, tb, few).toJson()).toJson(),
                 QJsonDocument(scoreTreebank(*source, tb, few).toJson()).toJson());
    }

    void cliInfoReportsTheModel()
    {
        QProcess p;
        p.start(QStringLiteral(SONDE_CLI_PATH), {QStringLiteral("info"), m_model});
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(out.contains(QStringLiteral("llama (LlamaForCausalLM)")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("Layers          5")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("8 query, 4 key/value")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("260,032")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("SentencePiece (tokenizer.model): 512 pieces, BOS 1, EOS 2")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestSharedModels)
#include "tst_shared_models.moc"
