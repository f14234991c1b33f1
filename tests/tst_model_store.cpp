// The ModelStore (several models held, least recently used evicted by bytes,
// edited variants, reload after the files change, sessions outliving an
// eviction, one load for concurrent requests) and weight-edit overlays, whose
// logits are checked against an independent forward pass in Python + PyTorch
// (tools/reference/edit_reference.py) with W + U Vᵀ applied there.
#include "Error.h"
#include "ModelTestUtil.h"
#include "SyntaxReference.h"
#include "TestUtil.h"
#include "model/ModelStore.h"

#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

#include <random>

using namespace sonde;

namespace {

const modeltest::TinyShape kGpt2{40, 16, 4, 2, 32, 32};
const modeltest::TinyShape kLlama{40, 16, 4, 2, 24, 32};

QString writeModel(const QString& dir, bool llama, unsigned seed, bool tied = true)
{
    if (llama)
        modeltest::save(modeltest::llamaWeights(kLlama, tied, seed), dir, modeltest::llamaConfig(kLlama, tied));
    else
        modeltest::save(modeltest::gpt2Weights(kGpt2, QString(), false, seed), dir, modeltest::gpt2Config(kGpt2));
    return dir;
}

std::vector<float> randomVector(int n, unsigned seed, double scale)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, scale);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v)
        x = float(normal(rng));
    return v;
}

// The logits an independent implementation computes with `edits` applied, or
// an empty vector with the reason in `error`.
std::vector<std::vector<double>> referenceLogits(const QString& folder, const std::vector<int>& ids, const std::vector<WeightEdit>& edits,
                                                 QString* error)
{
    QTemporaryDir tmp;
    QJsonArray idArray, editArray;
    for (int id : ids)
        idArray.append(id);
    for (const WeightEdit& e : edits) {
        QJsonArray u, v;
        for (int r = 0; r < e.rows; ++r) {
            QJsonArray row;
            for (int k = 0; k < e.rank; ++k)
                row.append(double(e.u[size_t(r * e.rank + k)]));
            u.append(row);
        }
        for (int c = 0; c < e.cols; ++c) {
            QJsonArray row;
            for (int k = 0; k < e.rank; ++k)
                row.append(double(e.v[size_t(c * e.rank + k)]));
            v.append(row);
        }
        editArray.append(QJsonObject{{QStringLiteral("layer"), e.layer}, {QStringLiteral("matrix"), e.matrix}, {QStringLiteral("u"), u}, {QStringLiteral("v"), v}});
    }
    const QString request = tmp.filePath(QStringLiteral("request.json")), result = tmp.filePath(QStringLiteral("result.json"));
    testutil::writeFile(request, QJsonDocument(QJsonObject{{QStringLiteral("model"), folder}, {QStringLiteral("ids"), idArray},
                                                           {QStringLiteral("edits"), editArray}})
                                     .toJson(QJsonDocument::Compact));
    QProcess python;
    python.start(reference::pythonInterpreter(), {QStringLiteral(SONDE_SOURCE_DIR "/tools/reference/edit_reference.py"), request, result});
    if (!python.waitForFinished(120000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError());
        return {};
    }
    std::vector<std::vector<double>> out;
    for (const QJsonValue& row : QJsonDocument::fromJson(testutil::readFile(result)).object().value(QStringLiteral("logits")).toArray()) {
        out.emplace_back();
        for (const QJsonValue& x : row.toArray())
            out.back().push_back(x.toDouble());
    }
    return out;
}

double largestDifference(const HostTensor& got, const std::vector<std::vector<double>>& want)
{
    double worst = 0;
    const size_t vocab = size_t(got.shape.back());
    for (size_t t = 0; t < want.size(); ++t)
        for (size_t j = 0; j < vocab; ++j)
            worst = std::max(worst, std::abs(double(got.data[t * vocab + j]) - want[t][j]));
    return worst;
}

} // namespace

class TestModelStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    const std::vector<int> m_ids{1, 7, 3, 22, 5, 9};

private Q_SLOTS:
    void holdsSeveralModelsAndSharesThem()
    {
        ModelStore store;
        const QString a = writeModel(m_dir.filePath(QStringLiteral("a")), false, 1);
        const QString b = writeModel(m_dir.filePath(QStringLiteral("b")), true, 2);
        const auto ma = store.get(a), mb = store.get(b);
        QCOMPARE(store.heldCount(), 2);
        QCOMPARE(store.get(a).get(), ma.get()); // the same object, not a second load
        QCOMPARE(store.get(b).get(), mb.get());
        QCOMPARE(store.heldBytes(), ma->ownBytes() + mb->ownBytes());
        QVERIFY(ma->ownBytes() == quint64(ma->parameterCount()) * 4);
    }

    void evictsTheLeastRecentlyUsedUnderItsBudget()
    {
        const QString a = writeModel(m_dir.filePath(QStringLiteral("e-a")), false, 3);
        const QString b = writeModel(m_dir.filePath(QStringLiteral("e-b")), false, 4);
        const QString c = writeModel(m_dir.filePath(QStringLiteral("e-c")), false, 5);
        ModelStore probe;
        const quint64 one = probe.get(a)->ownBytes();
        ModelStore store(2 * one + one / 2); // room for two
        std::weak_ptr<const LanguageModel> first = store.get(a);
        store.get(b);
        store.get(a); // a is now the most recently used
        store.get(c); // b goes
        QCOMPARE(store.heldCount(), 2);
        QVERIFY(store.holds(store.keyFor(a, QStringLiteral("cpu"), ComputeDType::F32)));
        QVERIFY(!store.holds(store.keyFor(b, QStringLiteral("cpu"), ComputeDType::F32)));
        QVERIFY(store.holds(store.keyFor(c, QStringLiteral("cpu"), ComputeDType::F32)));
        QVERIFY(!first.expired()); // still held by the store
        store.setBudget(one);
        QCOMPARE(store.heldCount(), 1);
        QVERIFY(store.heldBytes() <= one);
    }

    void aSessionOutlivesTheStoresEviction()
    {
        const QString a = writeModel(m_dir.filePath(QStringLiteral("s-a")), false, 6);
        ModelStore store;
        std::unique_ptr<LanguageModel::Session> session;
        std::vector<float> expected;
        {
            const auto model = store.get(a);
            session = model->startSession(8);
            expected = model->forward({1, 2, 3}).logits.data;
        }
        store.clear(); // nothing holds the model object any more, but the session
        QCOMPARE(store.heldCount(), 0);
        const std::vector<float> last = session->feed({1, 2, 3});
        const size_t vocab = size_t(kGpt2.vocab);
        for (size_t j = 0; j < vocab; ++j)
            QVERIFY(std::abs(last[j] - expected[2 * vocab + j]) < 1e-5);
    }

    void reloadsWhenTheWeightsChange()
    {
        const QString dir = writeModel(m_dir.filePath(QStringLiteral("r")), true, 7);
        ModelStore store;
        const auto before = store.get(dir);
        writeModel(dir, true, 8); // new weights in the same folder
        const auto after = store.get(dir);
        QVERIFY(after.get() != before.get());
        QVERIFY(after->forward(m_ids).logits.data != before->forward(m_ids).logits.data);
        QCOMPARE(store.heldCount(), 2); // the old one until it is evicted
    }

    void concurrentRequestsShareOneLoad()
    {
        const QString dir = writeModel(m_dir.filePath(QStringLiteral("c")), false, 9);
        ModelStore store;
        QList<QFuture<std::shared_ptr<const LanguageModel>>> futures;
        for (int i = 0; i < 4; ++i)
            futures << QtConcurrent::run([&] { return store.get(dir); });
        const LanguageModel* first = futures.front().result().get();
        for (auto& f : futures)
            QCOMPARE(f.result().get(), first);
        QCOMPARE(store.heldCount(), 1);
    }

    void anEditedVariantIsDistinctAndSharesTheRest()
    {
        const QString dir = writeModel(m_dir.filePath(QStringLiteral("v")), true, 10);
        ModelStore store;
        const WeightEdit edit = WeightEdit::rankOne(1, QStringLiteral("mlp.out"), randomVector(kLlama.dim, 11, 0.5), randomVector(kLlama.inner, 12, 0.5));
        const auto base = store.get(dir);
        const auto edited = store.get(dir, QStringLiteral("cpu"), ComputeDType::F32, {edit});
        QVERIFY(edited.get() != base.get());
        QCOMPARE(store.get(dir, QStringLiteral("cpu"), ComputeDType::F32, {edit}).get(), edited.get());
        QCOMPARE(store.heldCount(), 2);
        // Only the edited matrix is new memory.
        QCOMPARE(edited->ownBytes(), quint64(kLlama.dim) * quint64(kLlama.inner) * 4);
        QVERIFY(edited->forward(m_ids).logits.data != base->forward(m_ids).logits.data);
        QCOMPARE(edited->edits().size(), size_t(1));
        // An edit computed for other weights is refused.
        WeightEdit stale = edit;
        stale.baseWeights = QStringLiteral("0123456789abcdef");
        QVERIFY_THROWS_EXCEPTION(Error, store.get(dir, QStringLiteral("cpu"), ComputeDType::F32, {stale}));
    }

    // W + U Vᵀ against the Python reference, for GPT-2 (Conv1D stores [in, out])
    // and Llama ([out, in]), on each logical matrix and the tied head.
    void overlaysMatchAnIndependentForward_data()
    {
        QTest::addColumn<bool>("llama");
        QTest::addColumn<QString>("matrix");
        QTest::addColumn<int>("layer");
        QTest::addColumn<int>("rank");
        for (bool llama : {false, true}) {
            const char* family = llama ? "llama" : "gpt2";
            QTest::addRow("%s mlp.out rank 1", family) << llama << QStringLiteral("mlp.out") << 1 << 1;
            QTest::addRow("%s mlp.in rank 2", family) << llama << QStringLiteral("mlp.in") << 0 << 2;
            QTest::addRow("%s attn.out rank 1", family) << llama << QStringLiteral("attn.out") << 1 << 1;
            QTest::addRow("%s tied unembed", family) << llama << QStringLiteral("unembed") << 0 << 1;
        }
    }

    void overlaysMatchAnIndependentForward()
    {
        QFETCH(bool, llama);
        QFETCH(QString, matrix);
        QFETCH(int, layer);
        QFETCH(int, rank);
        const QString dir = writeModel(m_dir.filePath(QStringLiteral("ref-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))), llama, 20);
        const modeltest::TinyShape& s = llama ? kLlama : kGpt2;
        const int rows = matrix == QLatin1String("mlp.in") ? s.inner : matrix == QLatin1String("unembed") ? s.vocab : s.dim;
        const int cols = matrix == QLatin1String("mlp.out") ? s.inner : s.dim;
        WeightEdit edit;
        edit.layer = layer;
        edit.matrix = matrix;
        edit.rows = rows;
        edit.cols = cols;
        edit.rank = rank;
        edit.u = randomVector(rows * rank, 21, 0.4);
        edit.v = randomVector(cols * rank, 22, 0.4);

        const auto base = LanguageModel::load(dir);
        const std::vector<float> before = base->forward(m_ids).logits.data;
        const auto edited = base->withEdits({edit});
        QString error;
        const auto want = referenceLogits(dir, m_ids, {edit}, &error);
        QVERIFY2(!want.empty(), qPrintable(error));
        const double diff = largestDifference(edited->forward(m_ids).logits, want);
        QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("largest difference %1").arg(diff)));
        // The reference without the edit differs: the edit changed something real.
        const auto unedited = referenceLogits(dir, m_ids, {}, &error);
        QVERIFY(largestDifference(base->forward(m_ids).logits, unedited) < 1e-5);
        QVERIFY(largestDifference(edited->forward(m_ids).logits, unedited) > 1e-3);
        // Dropping the overlay: the base is untouched, bit for bit.
        QCOMPARE(base->forward(m_ids).logits.data, before);
    }

    // Two edits of one matrix are summed in F32 and cast once; under BF16
    // compute the base stays bit-identical and the edit lands where F32 says.
    void bf16OverlaysRoundOnceAndUndoExactly()
    {
        const QString dir = writeModel(m_dir.filePath(QStringLiteral("bf16")), true, 30);
        const WeightEdit a = WeightEdit::rankOne(0, QStringLiteral("mlp.out"), randomVector(kLlama.dim, 31, 0.2), randomVector(kLlama.inner, 32, 0.2));
        const WeightEdit b = WeightEdit::rankOne(0, QStringLiteral("mlp.out"), randomVector(kLlama.dim, 33, 0.2), randomVector(kLlama.inner, 34, 0.2));
        const auto base = LanguageModel::load(dir, QStringLiteral("cpu"), ComputeDType::BF16);
        const std::vector<float> before = base->forward(m_ids).logits.data;
        const auto edited = base->withEdits({a, b});
        const auto chained = base->withEdits({a})->withEdits({b});
        QCOMPARE(chained->edits().size(), size_t(2));
        QCOMPARE(chained->forward(m_ids).logits.data, edited->forward(m_ids).logits.data); // one rounding, however chained
        QString error;
        const auto want = referenceLogits(dir, m_ids, {a, b}, &error);
        QVERIFY2(!want.empty(), qPrintable(error));
        const auto unedited = referenceLogits(dir, m_ids, {}, &error);
        // BF16 is off from exact arithmetic by its rounding whatever the edit:
        // the edited model must be as close to the edited reference as the base
        // is to the unedited one, while the edit itself moves logits much more.
        // Errors relative to the logits' size (the edit makes them larger).
        auto largest = [](const std::vector<std::vector<double>>& m) {
            double v = 0;
            for (const auto& row : m)
                for (double x : row)
                    v = std::max(v, std::abs(x));
            return v;
        };
        const double diff = largestDifference(edited->forward(m_ids).logits, want) / largest(want);
        const double baseDiff = largestDifference(base->forward(m_ids).logits, unedited) / largest(unedited);
        const double moved = largestDifference(edited->forward(m_ids).logits, unedited) / largest(want);
        qInfo("BF16, relative to the largest logit: edited vs reference %.4f, base vs reference %.4f, the edit moved logits by %.3f", diff,
              baseDiff, moved);
        QVERIFY2(diff < 2 * baseDiff + 0.005, qPrintable(QStringLiteral("BF16 edited logits off by %1 (base %2)").arg(diff).arg(baseDiff)));
        QVERIFY(moved > 4 * diff);
        QCOMPARE(base->forward(m_ids).logits.data, before);
    }

    void badEditsAreClearErrors()
    {
        const QString dir = writeModel(m_dir.filePath(QStringLiteral("bad")), false, 40);
        const auto model = LanguageModel::load(dir);
        auto message = [&](const WeightEdit& e) {
            try {
                model->withEdits({e});
            } catch (const Error& err) {
                return err.message();
            }
            return QString();
        };
        QVERIFY(message(WeightEdit::rankOne(5, QStringLiteral("mlp.out"), std::vector<float>(16), std::vector<float>(32))).contains(QStringLiteral("no matrix \"mlp.out\" in layer 5")));
        QVERIFY(message(WeightEdit::rankOne(0, QStringLiteral("mlp.gate"), std::vector<float>(16), std::vector<float>(32))).contains(QStringLiteral("no matrix \"mlp.gate\"")));
        QVERIFY(message(WeightEdit::rankOne(0, QStringLiteral("mlp.out"), std::vector<float>(32), std::vector<float>(16))).contains(QStringLiteral("is [32, 16]; the matrix is [16, 32]")));
        WeightEdit torn = WeightEdit::rankOne(0, QStringLiteral("mlp.out"), std::vector<float>(16), std::vector<float>(32));
        torn.u.pop_back();
        QVERIFY(message(torn).contains(QStringLiteral("U must be [16, 1]")));
    }
};

QTEST_GUILESS_MAIN(TestModelStore)
#include "tst_model_store.moc"
