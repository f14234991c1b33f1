// sonde-cli as a user runs it: exit codes, stdout vs stderr, `info` on a model
// folder built here with a parameter count known by construction.
#include "ModelTestUtil.h"
#include "TestUtil.h"
#include "io/Safetensors.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

struct CliRun {
    int exitCode;
    QString out;
    QString err;
};

static CliRun runCli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(SONDE_CLI_PATH), args);
    if (!p.waitForFinished(60000))
        qFatal("sonde-cli did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void helpAndVersion()
    {
        const CliRun help = runCli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("info <model-folder>")));
        const CliRun version = runCli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith(QStringLiteral("sonde-cli " SONDE_VERSION_STRING)), qPrintable(version.out));
        QVERIFY2(version.out.contains(QStringLiteral("LibTorch")), qPrintable(version.out));
        QVERIFY(version.err.isEmpty());
    }

    void usageErrorsGoToStderr()
    {
        const CliRun none = runCli({});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.out.isEmpty());
        const CliRun unknown = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("unknown command \"frobnicate\"")));
        const CliRun missingArg = runCli({QStringLiteral("info")});
        QCOMPARE(missingArg.exitCode, 2);
        QVERIFY(missingArg.err.contains(QStringLiteral("missing <model-folder>")));
    }

    void infoOnATinyModel()
    {
        const QString dir = m_dir.filePath(QStringLiteral("tiny"));
        const qint64 expected = testutil::writeTinyLlama(dir);
        const CliRun run = runCli({QStringLiteral("info"), dir, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("model_type")).toString(), QStringLiteral("llama"));
        QCOMPARE(o.value(QStringLiteral("layers")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("heads")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("kv_heads")).toInt(), 1);
        QCOMPARE(qint64(o.value(QStringLiteral("parameters")).toDouble()), expected);
        QCOMPARE(qint64(o.value(QStringLiteral("weight_bytes")).toDouble()), expected * 4);
        // No tokenizer files: reported as a warning, not a failure.
        QCOMPARE(o.value(QStringLiteral("tokenizer")).toString(), QStringLiteral("none"));
    }

    void infoErrorsNameTheProblem()
    {
        const CliRun missing = runCli({QStringLiteral("info"), m_dir.filePath(QStringLiteral("nowhere"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.out.isEmpty());
        QVERIFY2(missing.err.contains(QStringLiteral("nowhere: no such folder")), qPrintable(missing.err));

        const QString broken = m_dir.filePath(QStringLiteral("broken"));
        testutil::writeTinyLlama(broken);
        QFile f(broken + QStringLiteral("/model.safetensors"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() - 10); // truncated download
        f.close();
        const CliRun run = runCli({QStringLiteral("info"), broken});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("model.safetensors: tensor 'model.norm.weight'")), qPrintable(run.err));
    }

    void generateRunsAGpt2ModelWithItsTokenizer()
    {
        // Random weights in GPT-2's layout with GPT-2's real tokenizer files.
        const QString dir = m_dir.filePath(QStringLiteral("gpt2"));
        modeltest::RandomWeights w;
        std::mt19937 rng(1);
        const int V = 50257, D = 8;
        w.add(QStringLiteral("wte.weight"), {V, D}, rng, 0.5);
        w.add(QStringLiteral("wpe.weight"), {64, D}, rng, 0.1);
        w.add(QStringLiteral("ln_f.weight"), {D}, rng, 0.0, 1.0);
        w.add(QStringLiteral("ln_f.bias"), {D}, rng, 0.0);
        const QString b = QStringLiteral("h.0.");
        for (const auto& [name, shape] : std::vector<std::pair<QString, std::vector<std::int64_t>>>{
                 {QStringLiteral("ln_1.weight"), {D}}, {QStringLiteral("ln_1.bias"), {D}}, {QStringLiteral("attn.c_attn.weight"), {D, 3 * D}},
                 {QStringLiteral("attn.c_attn.bias"), {3 * D}}, {QStringLiteral("attn.c_proj.weight"), {D, D}}, {QStringLiteral("attn.c_proj.bias"), {D}},
                 {QStringLiteral("ln_2.weight"), {D}}, {QStringLiteral("ln_2.bias"), {D}}, {QStringLiteral("mlp.c_fc.weight"), {D, 4 * D}},
                 {QStringLiteral("mlp.c_fc.bias"), {4 * D}}, {QStringLiteral("mlp.c_proj.weight"), {4 * D, D}}, {QStringLiteral("mlp.c_proj.bias"), {D}}})
            w.add(b + name, shape, rng, 0.2);
        modeltest::save(w, dir, QJsonObject{{QStringLiteral("model_type"), QStringLiteral("gpt2")}, {QStringLiteral("vocab_size"), V},
                                            {QStringLiteral("n_embd"), D}, {QStringLiteral("n_layer"), 1}, {QStringLiteral("n_head"), 2},
                                            {QStringLiteral("n_positions"), 64}, {QStringLiteral("eos_token_id"), 50256}});
        for (const char* f : {"vocab.json", "merges.txt", "tokenizer_config.json"})
            QFile::copy(QStringLiteral(SONDE_SOURCE_DIR "/tests/data/gpt2/") + QLatin1String(f), dir + QLatin1Char('/') + QLatin1String(f));

        const CliRun run = runCli({QStringLiteral("generate"), QStringLiteral("--model"), dir, QStringLiteral("--prompt"),
                                   QStringLiteral("Hello world"), QStringLiteral("--max-new-tokens"), QStringLiteral("6"),
                                   QStringLiteral("--temperature"), QStringLiteral("0")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QStringLiteral("prompt 2 tokens")), qPrintable(run.err)); // "Hello", " world"; GPT-2 adds no BOS
        QVERIFY2(run.err.contains(QStringLiteral("generated 6 tokens")) || run.err.contains(QStringLiteral("(eos)")), qPrintable(run.err));
        QVERIFY(!run.out.isEmpty());
        // Greedy is deterministic: the same command prints the same text.
        QCOMPARE(runCli({QStringLiteral("generate"), QStringLiteral("--model"), dir, QStringLiteral("--prompt"), QStringLiteral("Hello world"),
                         QStringLiteral("--max-new-tokens"), QStringLiteral("6"), QStringLiteral("--temperature"), QStringLiteral("0")})
                     .out,
                 run.out);
        const CliRun info = runCli({QStringLiteral("info"), dir});
        QVERIFY2(info.out.contains(QStringLiteral("50257 pieces")), qPrintable(info.out));
    }

    void dumpOfABertModelWrapsTextInClsSep()
    {
        const QString dir = m_dir.filePath(QStringLiteral("bert"));
        modeltest::RandomWeights w;
        std::mt19937 rng(2);
        const int V = 92, D = 8; // the WordPiece test vocabulary has 92 tokens
        w.add(QStringLiteral("embeddings.word_embeddings.weight"), {V, D}, rng, 0.5);
        w.add(QStringLiteral("embeddings.position_embeddings.weight"), {32, D}, rng, 0.1);
        w.add(QStringLiteral("embeddings.token_type_embeddings.weight"), {2, D}, rng, 0.1);
        w.add(QStringLiteral("embeddings.LayerNorm.weight"), {D}, rng, 0.0, 1.0);
        w.add(QStringLiteral("embeddings.LayerNorm.bias"), {D}, rng, 0.0);
        const QString b = QStringLiteral("encoder.layer.0.");
        for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
            w.add(b + QLatin1String(n) + QStringLiteral(".weight"), {D, D}, rng, 0.3);
            w.add(b + QLatin1String(n) + QStringLiteral(".bias"), {D}, rng, 0.1);
        }
        for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
            w.add(b + QLatin1String(n) + QStringLiteral(".weight"), {D}, rng, 0.0, 1.0);
            w.add(b + QLatin1String(n) + QStringLiteral(".bias"), {D}, rng, 0.0);
        }
        w.add(b + QStringLiteral("intermediate.dense.weight"), {16, D}, rng, 0.3);
        w.add(b + QStringLiteral("intermediate.dense.bias"), {16}, rng, 0.1);
        w.add(b + QStringLiteral("output.dense.weight"), {D, 16}, rng, 0.3);
        w.add(b + QStringLiteral("output.dense.bias"), {D}, rng, 0.1);
        modeltest::save(w, dir, QJsonObject{{QStringLiteral("model_type"), QStringLiteral("bert")}, {QStringLiteral("vocab_size"), V},
                                            {QStringLiteral("hidden_size"), D}, {QStringLiteral("num_hidden_layers"), 1},
                                            {QStringLiteral("num_attention_heads"), 2}, {QStringLiteral("intermediate_size"), 16},
                                            {QStringLiteral("max_position_embeddings"), 32}});
        QFile::copy(QStringLiteral(SONDE_SOURCE_DIR "/tests/data/tokenizers/wordpiece/vocab.txt"), dir + QStringLiteral("/vocab.txt"));

        const QString out = m_dir.filePath(QStringLiteral("bert-dump.safetensors"));
        const CliRun run = runCli({QStringLiteral("dump"), QStringLiteral("--model"), dir, QStringLiteral("--text"),
                                   QStringLiteral("Hello world!"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QStringLiteral("no LM head")), qPrintable(run.err));
        const auto file = sonde::SafetensorsFile::open(out);
        const sonde::TensorInfo* ids = file->find(QStringLiteral("input_ids"));
        std::vector<std::int64_t> got(static_cast<size_t>(ids->numel()));
        std::memcpy(got.data(), file->data(*ids), got.size() * 8);
        QCOMPARE(got, (std::vector<std::int64_t>{2, 5, 6, 13, 3})); // [CLS] hello world ! [SEP]
        QVERIFY(!file->find(QStringLiteral("logits")));
        QCOMPARE(file->find(QStringLiteral("attentions"))->shape, (std::vector<std::int64_t>{1, 2, 5, 5}));
        QCOMPARE(file->find(QStringLiteral("hidden_states"))->shape, (std::vector<std::int64_t>{2, 5, 8}));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
