// Needs ../shared (CTest label "shared"): the real stories260k model folder.
// Proves SentencePiece (in its plugin) and LibTorch work in one process, with
// token ids checked against Debian's spm_encode / spm_decode, fingerprints
// against sha256sum, and `sonde-cli info` against the model's known shape.
#include "Error.h"
#include "TestUtil.h"
#include "io/ModelFolder.h"
#include "runtime/Runtime.h"
#include "tokenizer/Tokenizer.h"

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
