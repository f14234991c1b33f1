// The safetensors reader: every dtype, sharded checkpoints, and each way a file
// can be broken, with errors that name the file and the tensor.
#include "Error.h"
#include "TestUtil.h"
#include "io/FingerprintCache.h"
#include "io/HfCache.h"
#include "io/ModelFolder.h"
#include "io/Safetensors.h"

#include <QCryptographicHash>

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

using namespace sonde;
using namespace testutil;

class TestSafetensors : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        writeFile(path, bytes);
        return path;
    }

    // Opens a file expected to be rejected; returns the error message.
    QString rejection(const QByteArray& bytes)
    {
        const QString path = write(QStringLiteral("bad.safetensors"), bytes);
        try {
            SafetensorsFile::open(path);
        } catch (const Error& e) {
            return e.message();
        }
        return QString();
    }

private Q_SLOTS:
    void readsEveryDType()
    {
        struct Case {
            const char* dtype;
            int size;
        };
        const Case cases[] = {{"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
                              {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1}};
        std::vector<RawTensor> tensors;
        for (const Case& c : cases) {
            QByteArray bytes(3 * c.size, '\0');
            for (int i = 0; i < bytes.size(); ++i)
                bytes[i] = char(i + c.size);
            tensors.push_back({QString::fromLatin1(c.dtype).toLower(), QString::fromLatin1(c.dtype), QStringLiteral("[3]"), bytes});
        }
        const auto file = SafetensorsFile::open(write(QStringLiteral("all.safetensors"), safetensorsBytes(tensors)));
        QCOMPARE(file->tensors().size(), std::size(cases));
        for (const RawTensor& expected : tensors) {
            const TensorInfo* t = file->find(expected.name);
            QVERIFY2(t, qPrintable(expected.name));
            QCOMPARE(dtypeName(t->dtype), expected.dtype);
            QCOMPARE(t->numel(), 3);
            QCOMPARE(t->byteSize(), quint64(expected.bytes.size()));
            QVERIFY(std::memcmp(file->data(*t), expected.bytes.constData(), expected.bytes.size()) == 0);
        }
    }

    void readsValuesAndMetadata()
    {
        const auto file = SafetensorsFile::open(write(
            QStringLiteral("m.safetensors"),
            safetensorsBytes({{QStringLiteral("w"), QStringLiteral("F32"), QStringLiteral("[2, 2]"), floats({1.5f, -2.0f, 0.25f, 8.0f})}},
                             QStringLiteral("{\"format\":\"pt\"}"))));
        QCOMPARE(file->metadata().value(QStringLiteral("format")), QStringLiteral("pt"));
        const TensorInfo* w = file->find(QStringLiteral("w"));
        QCOMPARE(w->shape, (std::vector<std::int64_t>{2, 2}));
        float values[4];
        std::memcpy(values, file->data(*w), sizeof values);
        QCOMPARE(values[0], 1.5f);
        QCOMPARE(values[3], 8.0f);
    }

    void acceptsScalarsAndEmptyTensors()
    {
        const auto file = SafetensorsFile::open(write(
            QStringLiteral("s.safetensors"),
            safetensorsBytes({{QStringLiteral("empty"), QStringLiteral("F32"), QStringLiteral("[0, 5]"), QByteArray()},
                              {QStringLiteral("scalar"), QStringLiteral("F32"), QStringLiteral("[]"), floats({3.0f})}})));
        QCOMPARE(file->find(QStringLiteral("empty"))->numel(), 0);
        QCOMPARE(file->find(QStringLiteral("scalar"))->numel(), 1);
    }

    void rejectsBrokenFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected"); // a fragment the message must contain

        const QByteArray good = floats({1, 2});
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("too short");
        QTest::newRow("header length beyond file") << rawSafetensors("{}", QByteArray()).left(8) + QByteArray("{")
                                                   << QStringLiteral("exceeds the file size");
        QByteArray huge(8, '\xff');
        QTest::newRow("absurd header length") << huge + QByteArray(16, ' ') << QStringLiteral("100 MB");
        QTest::newRow("not json") << rawSafetensors("[1,2]", QByteArray()) << QStringLiteral("start with '{'");
        QTest::newRow("malformed json") << rawSafetensors("{\"w\":{\"dtype\":", QByteArray()) << QStringLiteral("malformed");
        QTest::newRow("unknown dtype") << rawSafetensors(R"({"w":{"dtype":"F12","shape":[2],"data_offsets":[0,8]}})", good)
                                       << QStringLiteral("tensor 'w': unknown dtype \"F12\"");
        QTest::newRow("missing shape") << rawSafetensors(R"({"w":{"dtype":"F32","data_offsets":[0,8]}})", good)
                                       << QStringLiteral("tensor 'w': missing or non-array \"shape\"");
        QTest::newRow("negative dim") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", good)
                                      << QStringLiteral("tensor 'w': shape entries");
        QTest::newRow("fractional offset") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,7.5]}})", good)
                                           << QStringLiteral("tensor 'w': data_offsets must be");
        QTest::newRow("offsets reversed") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", good)
                                          << QStringLiteral("tensor 'w': data_offsets [8, 0] end before");
        QTest::newRow("size mismatch") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", good)
                                       << QStringLiteral("tensor 'w': data_offsets span 8 bytes but shape [3] of F32 needs 12");
        QTest::newRow("truncated data") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", good.left(5))
                                        << QStringLiteral("tensor 'w': data_offsets [0, 8] reach past the data area (5 bytes)");
        QTest::newRow("overlap") << rawSafetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                                   R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                                   good)
                                 << QStringLiteral("overlap tensor 'a'");
        QTest::newRow("gap") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", good)
                             << QStringLiteral("tensor 'w': 4 bytes before it belong to no tensor");
        QTest::newRow("trailing bytes") << rawSafetensors(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", good)
                                        << QStringLiteral("4 bytes after the last tensor");
        QTest::newRow("overflowing shape")
            << rawSafetensors(R"({"w":{"dtype":"F64","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})", good)
            << QStringLiteral("more than 2^64");
        QTest::newRow("metadata not strings") << rawSafetensors(R"({"__metadata__":{"n":3}})", QByteArray())
                                              << QStringLiteral("\"__metadata__\" value for \"n\"");
        QTest::newRow("entry not object") << rawSafetensors(R"({"w":[1,2]})", QByteArray()) << QStringLiteral("tensor 'w': entry is not");
    }

    void rejectsBrokenFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString message = rejection(bytes);
        QVERIFY2(message.contains(QStringLiteral("bad.safetensors")), qPrintable(QStringLiteral("names the file: ") + message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void truncatedRealFileIsRejected()
    {
        const QByteArray whole = safetensorsBytes(
            {{QStringLiteral("a"), QStringLiteral("F32"), QStringLiteral("[4]"), floats({1, 2, 3, 4})},
             {QStringLiteral("b"), QStringLiteral("F32"), QStringLiteral("[2]"), floats({5, 6})}});
        // Every proper prefix of a valid file must be refused, never crash.
        for (int n = 0; n < whole.size(); ++n)
            QVERIFY2(!rejection(whole.left(n)).isEmpty(), qPrintable(QString::number(n)));
    }

    void missingFileIsAnError()
    {
        try {
            SafetensorsFile::open(m_dir.filePath(QStringLiteral("absent.safetensors")));
            QFAIL("opened a missing file");
        } catch (const Error& e) {
            QVERIFY(e.message().contains(QStringLiteral("absent.safetensors")));
        }
    }

    void readsShardedCheckpoint()
    {
        const QString dir = m_dir.filePath(QStringLiteral("sharded"));
        QDir().mkpath(dir);
        writeFile(dir + QStringLiteral("/model-00001-of-00002.safetensors"),
                  safetensorsBytes({{QStringLiteral("a"), QStringLiteral("F32"), QStringLiteral("[2]"), floats({1, 2})}}));
        writeFile(dir + QStringLiteral("/model-00002-of-00002.safetensors"),
                  safetensorsBytes({{QStringLiteral("b"), QStringLiteral("BF16"), QStringLiteral("[3]"), QByteArray(6, '\1')},
                                    {QStringLiteral("stray"), QStringLiteral("U8"), QStringLiteral("[1]"), QByteArray(1, '\1')}}));
        writeFile(dir + QStringLiteral("/model.safetensors.index.json"),
                  R"({"metadata":{"total_size":14},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}})");
        const WeightSet set = WeightSet::open(dir);
        QCOMPARE(set.files().size(), std::size_t(2));
        QCOMPARE(set.tensorNames(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(set.parameterCount(), 5);
        QCOMPARE(set.byteCount(), quint64(14));
        QCOMPARE(set.parametersByDType().value(QStringLiteral("BF16")), 3);
        QVERIFY(set.find(QStringLiteral("b"))->file->path().endsWith(QStringLiteral("00002-of-00002.safetensors")));
        QCOMPARE(set.warnings().size(), 1); // "stray" is not in the index
        QVERIFY(set.warnings().front().contains(QStringLiteral("stray")));
    }

    void rejectsBrokenShardIndex_data()
    {
        QTest::addColumn<QByteArray>("index");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing shard") << QByteArray(R"({"weight_map":{"a":"model-9.safetensors"}})")
                                       << QStringLiteral("shard \"model-9.safetensors\" listed in the index is missing");
        QTest::newRow("tensor not in shard") << QByteArray(R"({"weight_map":{"zz":"one.safetensors"}})")
                                             << QStringLiteral("tensor 'zz' is listed in the index but missing from shard one.safetensors");
        QTest::newRow("path escape") << QByteArray(R"({"weight_map":{"a":"../one.safetensors"}})")
                                     << QStringLiteral("not a file name in the model folder");
        QTest::newRow("no weight map") << QByteArray(R"({"metadata":{}})") << QStringLiteral("missing \"weight_map\"");
        QTest::newRow("malformed") << QByteArray(R"({"weight_map":)") << QStringLiteral("malformed JSON");
    }

    void rejectsBrokenShardIndex()
    {
        QFETCH(QByteArray, index);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("one.safetensors")),
                  safetensorsBytes({{QStringLiteral("a"), QStringLiteral("F32"), QStringLiteral("[1]"), floats({1})}}));
        writeFile(dir.filePath(QStringLiteral("model.safetensors.index.json")), index);
        try {
            WeightSet::open(dir.path());
            QFAIL("accepted a broken index");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("model.safetensors.index.json")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
    }

    void folderWithoutWeightsIsAnError()
    {
        QTemporaryDir dir;
        try {
            WeightSet::open(dir.path());
            QFAIL("accepted an empty folder");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("no weights found")), qPrintable(e.message()));
        }
    }

    void fingerprintsAreSha256AndCachedUntilTheFileChanges()
    {
        QTemporaryDir dir;
        testutil::writeTinyLlama(dir.path());
        const QString weights = dir.filePath(QStringLiteral("model.safetensors"));
        auto reference = [&] { // Qt's own SHA-256, independent of the OpenSSL path under test
            QFile f(weights);
            f.open(QIODevice::ReadOnly);
            return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
        };
        const QString cacheFile = dir.filePath(QStringLiteral("cache/fingerprints.json"));
        FingerprintCache cache(cacheFile);
        QVERIFY(cache.lookup(weights).isEmpty());
        QCOMPARE(fingerprintWeights(dir.path(), nullptr, &cache).value(QStringLiteral("model.safetensors")), reference());
        QCOMPARE(cache.lookup(weights), reference());
        // Persisted: a new cache object (next start) knows it.
        QCOMPARE(FingerprintCache(cacheFile).lookup(weights), reference());

        // Same size, one byte different: the cache must not answer for it.
        const QString before = reference();
        {
            QFile f(weights);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(100);
            f.write("\x7f", 1);
        }
        QVERIFY(reference() != before);
        QVERIFY(cache.lookup(weights).isEmpty());
        QCOMPARE(fingerprintWeights(dir.path(), nullptr, &cache).value(QStringLiteral("model.safetensors")), reference());

        // A damaged cache file is ignored, not trusted.
        writeFile(cacheFile, "{\"x\": 3, garbage");
        QVERIFY(FingerprintCache(cacheFile).lookup(weights).isEmpty());
    }

    void listsHuggingFaceCacheSnapshots()
    {
        QTemporaryDir hub;
        auto snapshot = [&](const QString& repoDir, const QString& rev, bool withConfig) {
            const QString dir = hub.filePath(repoDir + QStringLiteral("/snapshots/") + rev);
            QDir().mkpath(dir);
            if (withConfig)
                writeFile(dir + QStringLiteral("/config.json"), "{}");
            return dir;
        };
        snapshot(QStringLiteral("models--openai-community--gpt2"), QStringLiteral("607a30d783dfa663caf39e06633721c8d4cfcd7e"), true);
        snapshot(QStringLiteral("models--org--tokenizer-only"), QStringLiteral("aaaa"), false);
        snapshot(QStringLiteral("datasets--x--y"), QStringLiteral("bbbb"), true);
        QDir().mkpath(hub.filePath(QStringLiteral("models--empty--repo")));
        const auto models = listHfCache(hub.path());
        QCOMPARE(models.size(), 1);
        QCOMPARE(models[0].repo, QStringLiteral("openai-community/gpt2"));
        QVERIFY(models[0].path.endsWith(QStringLiteral("snapshots/607a30d783dfa663caf39e06633721c8d4cfcd7e")));
        QVERIFY(listHfCache(hub.filePath(QStringLiteral("absent"))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
