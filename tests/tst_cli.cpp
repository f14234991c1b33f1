// sonde-cli as a user runs it: exit codes, stdout vs stderr, `info` on a model
// folder built here with a parameter count known by construction.
#include "TestUtil.h"

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
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
