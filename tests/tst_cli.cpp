// sonde-cli as a user runs it: exit codes, stdout vs stderr, `info` on a model
// folder built here with a parameter count known by construction.
#include "ModelTestUtil.h"
#include "TestUtil.h"
#include "io/Safetensors.h"
#include "project/Project.h"
#include "project/ProjectFile.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

struct CliRun {
    int exitCode;
    QString out;
    QString err;
    bool crashed = false; // ended by a signal
};

static CliRun runCli(const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(QStringLiteral(SONDE_CLI_PATH), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, QString(), QStringLiteral("sonde-cli did not finish in %1 ms").arg(timeoutMs), true};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()),
            p.exitStatus() == QProcess::CrashExit};
}

// Random weights in GPT-2's layout with GPT-2's real tokenizer files: its real
// vocabulary size, a single small layer.
static void writeTinyGpt2(const QString& dir, unsigned seed)
{
    const modeltest::TinyShape shape{50257, 8, 2, 1, 32, 64};
    QJsonObject config = modeltest::gpt2Config(shape);
    config.insert(QStringLiteral("bos_token_id"), 50256);
    config.insert(QStringLiteral("eos_token_id"), 50256);
    modeltest::save(modeltest::gpt2Weights(shape, QString(), false, seed), dir, config);
    for (const char* f : {"vocab.json", "merges.txt", "tokenizer_config.json"})
        QFile::copy(QStringLiteral(SONDE_SOURCE_DIR "/tests/data/gpt2/") + QLatin1String(f), dir + QLatin1Char('/') + QLatin1String(f));
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
        // Each command answers --help with its own usage only.
        const CliRun exportHelp = runCli({QStringLiteral("export"), QStringLiteral("--help")});
        QCOMPARE(exportHelp.exitCode, 0);
        QVERIFY2(exportHelp.out.contains(QStringLiteral("export --project")), qPrintable(exportHelp.out));
        QVERIFY(!exportHelp.out.contains(QStringLiteral("info <model-folder>")));
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
        QVERIFY2(missingArg.err.contains(QStringLiteral("info <model-folder> [--json]")), qPrintable(missingArg.err));
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

    // Malformed model folders as real downloads produce them: every one ends in
    // a message on stderr naming the file and what is wrong, exit code 1, no
    // signal and no hang (issue 8's sweep found crashes, a hang and bad_alloc).
    void badModelFoldersFailCleanly_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("added token without id") << "tokenizer-no-id" << "generate"
                                                << QStringList{QStringLiteral("tokenizer.json: added token 0 (\"<pad>\")"), QStringLiteral("no id")};
        QTest::newRow("negative vocabulary id") << "tokenizer-negative" << "generate"
                                                << QStringList{QStringLiteral("tokenizer.json: vocabulary token \"b\""), QStringLiteral("id -1")};
        QTest::newRow("id past the model") << "tokenizer-past" << "syntax"
                                           << QStringList{QStringLiteral("id 40 is outside"), QStringLiteral("config.json's vocab_size is 16")};
        QTest::newRow("a billion layers") << "layers" << "generate" << QStringList{QStringLiteral("config.json: \"n_layer\" is 1000000000")};
        QTest::newRow("n_embd a billion") << "n_embd" << "generate" << QStringList{QStringLiteral("config.json: \"n_embd\" is 1000000000")};
        QTest::newRow("eos id as text") << "eos" << "generate" << QStringList{QStringLiteral("\"eos_token_id\""), QStringLiteral("not a string")};
        QTest::newRow("weights are a FIFO") << "fifo-weights" << "info" << QStringList{QStringLiteral("model.safetensors: is a named pipe (FIFO)")};
        QTest::newRow("config is a FIFO") << "fifo-config" << "info" << QStringList{QStringLiteral("config.json: is a named pipe (FIFO)")};
        QTest::newRow("tokenizer is a FIFO") << "fifo-tokenizer" << "generate" << QStringList{QStringLiteral("tokenizer.json: is a named pipe (FIFO)")};
    }

    void badModelFoldersFailCleanly()
    {
        QFETCH(QString, damage);
        QFETCH(QString, command);
        QFETCH(QStringList, expected);
        const QString dir = m_dir.filePath(QStringLiteral("bad-") + damage);
        const modeltest::TinyShape shape{16, 8, 2, 1, 16, 32};
        QJsonObject config = modeltest::gpt2Config(shape);
        if (damage == QLatin1String("layers"))
            config.insert(QStringLiteral("n_layer"), 1e9);
        if (damage == QLatin1String("n_embd"))
            config.insert(QStringLiteral("n_embd"), 1e9);
        if (damage == QLatin1String("eos"))
            config.insert(QStringLiteral("eos_token_id"), QStringLiteral("2"));
        modeltest::save(modeltest::gpt2Weights(shape, QString(), false, 1), dir, config);
        QByteArray tokenizer = R"({"pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []}})";
        if (damage == QLatin1String("tokenizer-no-id"))
            tokenizer.replace(R"("model")", R"("added_tokens": [{"content": "<pad>"}], "model")");
        if (damage == QLatin1String("tokenizer-negative"))
            tokenizer.replace(R"("b": 1)", R"("b": -1)");
        if (damage == QLatin1String("tokenizer-past"))
            tokenizer.replace(R"("b": 1)", R"("b": 40)");
        testutil::writeFile(dir + QStringLiteral("/tokenizer.json"), tokenizer);
        for (const auto& [tag, file] : {std::pair{"fifo-weights", "model.safetensors"}, {"fifo-config", "config.json"}, {"fifo-tokenizer", "tokenizer.json"}})
            if (damage == QLatin1String(tag)) {
                QFile::remove(QDir(dir).filePath(QLatin1String(file)));
                QCOMPARE(::mkfifo(QFile::encodeName(QDir(dir).filePath(QLatin1String(file))).constData(), 0600), 0);
            }
        QStringList args{command};
        if (command == QLatin1String("info"))
            args << dir;
        else if (command == QLatin1String("generate"))
            args << QStringLiteral("--model") << dir << QStringLiteral("--prompt") << QStringLiteral("ab");
        else
            args << QStringLiteral("--model") << dir << QStringLiteral("--treebank") << QStringLiteral(SONDE_SOURCE_DIR "/resources/treebanks/sonde-mini.conllu")
                 << QStringLiteral("--out") << m_dir.filePath(QStringLiteral("bad-out"));
        const CliRun run = runCli(args, 20000);
        QVERIFY2(!run.crashed, qPrintable(run.err));
        QCOMPARE(run.exitCode, 1);
        for (const QString& part : expected)
            QVERIFY2(run.err.contains(part), qPrintable(QStringLiteral("«%1» not in: %2").arg(part, run.err)));
    }

    // `info` shows what a config says, in 64-bit arithmetic (n_embd 1e9 once
    // printed an MLP size of -294967296).
    void infoReportsHugeSizesWithoutOverflow()
    {
        const QString dir = m_dir.filePath(QStringLiteral("huge-info"));
        const modeltest::TinyShape shape{16, 8, 2, 1, 16, 32};
        QJsonObject config = modeltest::gpt2Config(shape);
        config.insert(QStringLiteral("n_embd"), 1e9);
        config.remove(QStringLiteral("n_inner"));
        modeltest::save(modeltest::gpt2Weights(shape, QString(), false, 1), dir, config);
        const CliRun run = runCli({QStringLiteral("info"), dir});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("MLP size        4000000000")), qPrintable(run.out));
    }

    // `syntax --project` and the other writers of a project: it refuses while
    // a window has unsaved changes to the file (holding its lock), and when the
    // weights changed since the project recorded them it says so and records
    // the weights the new run used instead of filing it under the old hash.
    void syntaxProjectRespectsLocksAndRecordsChangedWeights()
    {
        const QString dir = m_dir.filePath(QStringLiteral("gpt2-project"));
        writeTinyGpt2(dir, 1);
        const QString project = m_dir.filePath(QStringLiteral("runs.sonde"));
        const QStringList args{QStringLiteral("syntax"), QStringLiteral("--model"), dir, QStringLiteral("--treebank"),
                               QStringLiteral(SONDE_SOURCE_DIR "/resources/treebanks/sonde-mini.conllu"), QStringLiteral("--out"),
                               m_dir.filePath(QStringLiteral("runs-out")), QStringLiteral("--project"), project};
        const CliRun first = runCli(args);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        sonde::Project p;
        sonde::loadProjectFile(p, project);
        QCOMPARE(p.models().size(), 1);
        const sonde::ModelRef before = p.models().front();

        writeTinyGpt2(dir, 2); // new weights in the same folder
        const CliRun second = runCli(args);
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QVERIFY2(second.err.contains(QStringLiteral("warning: gpt2-project: Weights differ from when the project saw them: model.safetensors; "
                                                    "the project now records the weights this run used")),
                 qPrintable(second.err));
        sonde::loadProjectFile(p, project);
        QCOMPARE(p.models().size(), 1);
        QCOMPARE(p.models().front().id, before.id);
        QFile weights(dir + QStringLiteral("/model.safetensors"));
        QVERIFY(weights.open(QIODevice::ReadOnly));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(weights.readAll(), QCryptographicHash::Sha256).toHex());
        QCOMPARE(p.models().front().fileHashes.value(QStringLiteral("model.safetensors")), sha);
        QVERIFY(sha != before.fileHashes.value(QStringLiteral("model.safetensors")));

        // Another process (here: this test) holds the project's lock, as a window with unsaved changes does.
        sonde::ProjectLock lock(project);
        QVERIFY(lock.tryLock());
        const QByteArray onDisk = sonde::projectFileDigest(project);
        const CliRun refused = runCli(args);
        QVERIFY(!refused.crashed);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("runs.sonde is open with unsaved changes in tst_cli (pid %1")
                                          .arg(QCoreApplication::applicationPid())),
                 qPrintable(refused.err));
        QVERIFY2(!refused.out.contains(QStringLiteral("sentences")), "scored although the project was busy");
        QCOMPARE(sonde::projectFileDigest(project), onDisk);
        lock.unlock();
        QCOMPARE(runCli(args).exitCode, 0);
    }

    // A treebank with a byte-order mark and a sentence with an empty form: the
    // first sentence is read, the broken one is skipped with file and line, the
    // run goes on (the empty form once ended it without naming either).
    void syntaxSkipsBadSentencesWithTheirLine()
    {
        const QString dir = m_dir.filePath(QStringLiteral("gpt2-treebank"));
        writeTinyGpt2(dir, 1);
        const QString treebank = m_dir.filePath(QStringLiteral("bom.conllu"));
        testutil::writeFile(treebank, "\xEF\xBB\xBF# sent_id = first\n1\tDogs\t_\t_\t_\t_\t2\tnsubj\t_\t_\n2\tbark\t_\t_\t_\t_\t0\troot\t_\t_\n\n"
                                      "# sent_id = broken\n1\tCats\t_\t_\t_\t_\t0\troot\t_\t_\n2\t \t_\t_\t_\t_\t1\tdep\t_\t_\n\n"
                                      "# sent_id = third\n1\tBirds\t_\t_\t_\t_\t2\tnsubj\t_\t_\n2\tsing\t_\t_\t_\t_\t0\troot\t_\t_\n");
        const CliRun run = runCli({QStringLiteral("syntax"), QStringLiteral("--model"), dir, QStringLiteral("--treebank"), treebank,
                                   QStringLiteral("--out"), m_dir.filePath(QStringLiteral("bom-out"))});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(treebank + QStringLiteral(":7: sentence broken skipped: word 2 has an empty FORM")), qPrintable(run.err));
        QVERIFY2(run.out.startsWith(QStringLiteral("2 sentences (4 words)")), qPrintable(run.out));
    }

    void generateRunsAGpt2ModelWithItsTokenizer()
    {
        const QString dir = m_dir.filePath(QStringLiteral("gpt2"));
        writeTinyGpt2(dir, 1);

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
        // The WordPiece test vocabulary has 92 tokens; one small layer, no masked-LM head.
        const modeltest::TinyShape shape{92, 8, 2, 1, 16, 32};
        modeltest::save(modeltest::bertWeights(shape, false, QString(), false, 2), dir, modeltest::bertConfig(shape, false));
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
    // corpus → train → perplexity → generate and syntax --project: a model
    // built from plain text, then used like any downloaded model.
    void trainsAModelFromPlainText()
    {
        QByteArray text;
        const char* sentences[] = {"The cat sat on the mat.", "A dog ran in the park.", "The bird sang in the tree.",
                                   "My friend read a book.", "The sun was warm today."};
        for (int i = 0; i < 60; ++i)
            text += QByteArray(sentences[i % 5]) + " " + sentences[(i * 3) % 5] + "\n\n";
        const QString corpus = m_dir.filePath(QStringLiteral("corpus.txt"));
        QFile f(corpus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
        f.close();

        const QString split = m_dir.filePath(QStringLiteral("split"));
        const CliRun corpusRun = runCli({QStringLiteral("corpus"), QStringLiteral("--out"), split, QStringLiteral("--held-out-fraction"),
                                         QStringLiteral("0.2"), corpus});
        QCOMPARE(corpusRun.exitCode, 0);
        QVERIFY2(corpusRun.out.startsWith(QStringLiteral("48 training and 12 held-out documents")), qPrintable(corpusRun.out));

        const QString model = m_dir.filePath(QStringLiteral("trained"));
        const QString tokenizer = QStringLiteral(SONDE_SOURCE_DIR "/resources/models/sonde-demo-lm/tokenizer.model");
        const QStringList trainArgs{QStringLiteral("train"), QStringLiteral("--tokenizer"), tokenizer, QStringLiteral("--train"),
                                    split + QStringLiteral("/train.txt"), QStringLiteral("--held-out"), split + QStringLiteral("/heldout.txt"),
                                    QStringLiteral("--out"), model, QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--hidden"),
                                    QStringLiteral("16"), QStringLiteral("--heads"), QStringLiteral("2"), QStringLiteral("--intermediate"),
                                    QStringLiteral("32"), QStringLiteral("--context"), QStringLiteral("16"), QStringLiteral("--batch"),
                                    QStringLiteral("8"), QStringLiteral("--steps"), QStringLiteral("60"), QStringLiteral("--lr"),
                                    QStringLiteral("1e-2"), QStringLiteral("--eval-every"), QStringLiteral("20"), QStringLiteral("--save-dtype"),
                                    QStringLiteral("f16"), QStringLiteral("--threads"), QStringLiteral("1")};
        const CliRun train = runCli(trainArgs);
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        QVERIFY2(train.err.contains(QStringLiteral("step 60/60")), qPrintable(train.err));
        const QRegularExpressionMatch reported = QRegularExpression(QStringLiteral("held-out perplexity ([0-9.]+)")).match(train.out);
        QVERIFY2(reported.hasMatch(), qPrintable(train.out));
        for (const char* file : {"config.json", "model.safetensors", "tokenizer.model", "tokenizer_config.json", "training.json"})
            QVERIFY2(QFileInfo::exists(QDir(model).filePath(QLatin1String(file))), file);
        QCOMPARE(sonde::SafetensorsFile::open(model + QStringLiteral("/model.safetensors"))->find(QStringLiteral("model.norm.weight"))->dtype,
                 sonde::DType::F16);

        QFile log(model + QStringLiteral("/training.json"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QJsonObject training = QJsonDocument::fromJson(log.readAll()).object();
        const QJsonArray curve = training.value(QStringLiteral("curve")).toArray();
        QVERIFY(curve.size() >= 3);
        const double first = curve.first().toObject().value(QStringLiteral("train_loss")).toDouble();
        const double last = curve.last().toObject().value(QStringLiteral("train_loss")).toDouble();
        QVERIFY2(last < first * 0.6, qPrintable(QStringLiteral("%1 → %2").arg(first).arg(last))); // it learned the repetitive text
        const double ppl = training.value(QStringLiteral("held_out")).toObject().value(QStringLiteral("perplexity")).toDouble();
        QVERIFY(std::abs(ppl - reported.captured(1).toDouble()) < 1e-3 * ppl);

        // The same figure from the perplexity command, and the model generates.
        const CliRun measure = runCli({QStringLiteral("perplexity"), QStringLiteral("--model"), model, QStringLiteral("--text"),
                                       split + QStringLiteral("/heldout.txt")});
        QCOMPARE(measure.exitCode, 0);
        QVERIFY2(measure.out.startsWith(QStringLiteral("perplexity %1 ").arg(reported.captured(1))), qPrintable(measure.out + train.out));
        const CliRun generate = runCli({QStringLiteral("generate"), QStringLiteral("--model"), model, QStringLiteral("--prompt"),
                                        QStringLiteral("The cat"), QStringLiteral("--max-new-tokens"), QStringLiteral("5"),
                                        QStringLiteral("--temperature"), QStringLiteral("0")});
        QVERIFY2(generate.exitCode == 0, qPrintable(generate.err));

        // syntax --project creates a project the GUI opens; a second run replaces the first.
        const QString project = m_dir.filePath(QStringLiteral("cli.sonde"));
        const QStringList syntaxArgs{QStringLiteral("syntax"), QStringLiteral("--model"), model, QStringLiteral("--treebank"),
                                     QStringLiteral(SONDE_SOURCE_DIR "/resources/treebanks/sonde-mini.conllu"), QStringLiteral("--out"),
                                     m_dir.filePath(QStringLiteral("scores")), QStringLiteral("--project"), project};
        for (int run = 0; run < 2; ++run) {
            const CliRun syntax = runCli(syntaxArgs);
            QVERIFY2(syntax.exitCode == 0, qPrintable(syntax.err));
        }
        QFile projectFile(project);
        QVERIFY(projectFile.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(projectFile.readAll()).object();
        QCOMPARE(saved.value(QStringLiteral("format")).toString(), QStringLiteral("sonde-project"));
        QCOMPARE(saved.value(QStringLiteral("models")).toArray().size(), 1);
        const QJsonObject attention = saved.value(QStringLiteral("workspaces")).toObject().value(QStringLiteral("attention")).toObject();
        QCOMPARE(attention.value(QStringLiteral("schema")).toInt(), 2);
        // Scored twice with the same weights and data: one run, by the project's model id.
        const QJsonArray runs = attention.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().toObject().value(QStringLiteral("model")).toString(),
                 saved.value(QStringLiteral("models")).toArray().first().toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(attention.value(QStringLiteral("shown")).toString(), runs.first().toObject().value(QStringLiteral("id")).toString());

        // A damaged project is refused before any scoring, and left as it was.
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.sonde"));
        QFile d(damaged);
        QVERIFY(d.open(QIODevice::WriteOnly));
        d.write("{\"format\": \"sonde-proj");
        d.close();
        QStringList damagedArgs = syntaxArgs;
        damagedArgs[damagedArgs.indexOf(QStringLiteral("--project")) + 1] = damaged;
        damagedArgs[damagedArgs.indexOf(QStringLiteral("--out")) + 1] = m_dir.filePath(QStringLiteral("not-written"));
        const CliRun refused = runCli(damagedArgs);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("damaged.sonde: damaged or truncated")), qPrintable(refused.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("not-written"))));
        QVERIFY(d.open(QIODevice::ReadOnly));
        QCOMPARE(d.readAll(), QByteArray("{\"format\": \"sonde-proj"));

        // A missing input is named.
        QStringList missing = trainArgs;
        missing[missing.indexOf(QStringLiteral("--held-out")) + 1] = m_dir.filePath(QStringLiteral("nope.txt"));
        const CliRun bad = runCli(missing);
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("nope.txt: cannot open: No such file")), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
