// The trainer: corpus splitting, the token stream, and training itself. The
// trainer's model is checked against the inference core (an independent
// implementation, itself checked against plain loops in tst_llama): a saved
// model must score held-out text the same in both.
#include "Error.h"
#include "io/Safetensors.h"
#include "model/LanguageModel.h"
#include "model/Perplexity.h"
#include "train/LmTrainer.h"
#include "train/TextCorpus.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>
#include <set>
#include <random>

using namespace sonde;

namespace {

// One token per character of a fixed alphabet, BOS 0: enough to test the stream.
class CharTokenizer : public Tokenizer {
public:
    QString kind() const override { return QStringLiteral("chars"); }
    int vocabSize() const override { return 1 + int(m_alphabet.size()); }
    std::vector<int> encode(const std::string& text) const override
    {
        std::vector<int> ids;
        for (char c : text)
            ids.push_back(1 + int(m_alphabet.find(c)));
        return ids;
    }
    std::string decode(const std::vector<int>&) const override { return {}; }
    std::string idToPiece(int) const override { return {}; }
    std::optional<int> bosId() const override { return 0; }
    std::optional<int> eosId() const override { return std::nullopt; }

private:
    std::string m_alphabet = "abc \n";
};

void writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

LmShape tinyShape(int vocab)
{
    LmShape s;
    s.vocab = vocab;
    s.hidden = 32;
    s.layers = 2;
    s.heads = 4;
    s.kvHeads = 2; // grouped-query attention, as the inference core groups it
    s.intermediate = 48;
    s.context = 24;
    return s;
}

// A sequence over `symbols` tokens whose next token is fixed by the two before
// it but not by the one before it alone, repeated: learnable only by attending
// to the previous position. Returns the repeated stream.
std::vector<int> secondOrderPattern(int symbols, int period, int repeats, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, symbols - 1);
    for (;;) {
        std::vector<int> cycle(static_cast<size_t>(period));
        for (int& t : cycle)
            t = pick(rng);
        std::map<std::pair<int, int>, int> next2;
        std::map<int, std::set<int>> next1;
        bool deterministic = true;
        for (int i = 0; i < period; ++i) {
            const int a = cycle[size_t(i)], b = cycle[size_t((i + 1) % period)], c = cycle[size_t((i + 2) % period)];
            auto [it, fresh] = next2.emplace(std::make_pair(a, b), c);
            deterministic &= fresh || it->second == c;
            next1[b].insert(c);
        }
        bool bigramAmbiguous = false;
        for (const auto& [b, nexts] : next1)
            bigramAmbiguous |= nexts.size() > 1;
        if (!deterministic || !bigramAmbiguous)
            continue;
        std::vector<int> stream;
        for (int r = 0; r < repeats; ++r)
            stream.insert(stream.end(), cycle.begin(), cycle.end());
        return stream;
    }
}

// The best loss any model that sees only the current token can reach on the
// stream: the conditional entropy of the next token given the current one.
double bigramEntropy(const std::vector<int>& stream)
{
    std::map<int, std::map<int, int>> counts;
    for (size_t i = 0; i + 1 < stream.size(); ++i)
        ++counts[stream[i]][stream[i + 1]];
    double h = 0;
    for (const auto& [cur, nexts] : counts) {
        int total = 0;
        for (const auto& [n, c] : nexts)
            total += c;
        for (const auto& [n, c] : nexts)
            h -= double(c) / double(stream.size() - 1) * std::log(double(c) / double(total));
    }
    return h;
}

} // namespace

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitsDocumentsAtBlankLines()
    {
        const QStringList docs = splitDocuments(QStringLiteral("\n\n First one\nstill first\n \t\nsecond\r\n\r\n\n\nthird  \n"));
        QCOMPARE(docs, (QStringList{QStringLiteral("First one\nstill first"), QStringLiteral("second"), QStringLiteral("third")}));
        QVERIFY(splitDocuments(QStringLiteral(" \n\n\t\n")).isEmpty());
    }

    void holdsOutTheEndOfEveryFile()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.txt")), b = dir.filePath(QStringLiteral("b.txt"));
        QByteArray textA;
        for (int i = 0; i < 20; ++i) // 20 documents of 10 characters
            textA += QByteArray("doc a ") + QByteArray::number(1000 + i) + "\n\n";
        writeText(a, textA);
        writeText(b, "one\n\ntwo\n");
        const CorpusSplit split = splitCorpus({a, b}, 0.1);
        // a: 18 documents (180 of 200 characters) train, the last 2 held out; b: at least one each side.
        QCOMPARE(split.train.size(), 18 + 1);
        QCOMPARE(split.heldOut.size(), 2 + 1);
        QCOMPARE(split.train.first(), QStringLiteral("doc a 1000"));
        QCOMPARE(split.train.at(17), QStringLiteral("doc a 1017"));
        QCOMPARE(split.heldOut.first(), QStringLiteral("doc a 1018"));
        QCOMPARE(split.train.last(), QStringLiteral("one"));
        QCOMPARE(split.heldOut.last(), QStringLiteral("two"));

        const QString written = dir.filePath(QStringLiteral("train.txt"));
        writeDocuments(written, split.train);
        QCOMPARE(readDocuments(written), split.train);
    }

    void refusesCorporaItCannotSplit()
    {
        QTemporaryDir dir;
        const QString single = dir.filePath(QStringLiteral("single.txt")), binary = dir.filePath(QStringLiteral("binary.txt"));
        writeText(single, "just one paragraph\nover two lines\n");
        writeText(binary, QByteArray("ok\n\n\xff\xfe bad\n"));
        auto message = [](const QStringList& files, double fraction) {
            try {
                splitCorpus(files, fraction);
            } catch (const Error& e) {
                return e.message();
            }
            return QString();
        };
        QVERIFY(message({single}, 0.05).contains(QStringLiteral("single.txt: needs at least two documents")));
        QVERIFY(message({binary}, 0.05).contains(QStringLiteral("binary.txt: not UTF-8")));
        QVERIFY(message({dir.filePath(QStringLiteral("missing.txt"))}, 0.05).contains(QStringLiteral("missing.txt: cannot open: No such file")));
        QVERIFY(message({single}, 1.0).contains(QStringLiteral("between 0 and 1")));
        QVERIFY(message({}, 0.05).contains(QStringLiteral("no corpus file")));
    }

    void evaluationWindowsCoverTheText()
    {
        QCOMPARE(evaluationWindows(105, 10, 0), (std::vector<std::size_t>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
        QCOMPARE(evaluationWindows(105, 10, 3), (std::vector<std::size_t>{0, 30, 60})); // spread, not the first three
        QCOMPARE(evaluationWindows(105, 10, 50).size(), size_t(10));
        QVERIFY(evaluationWindows(9, 10, 0).empty());
    }

    void tokenStreamStartsDocumentsWithBos()
    {
        const CharTokenizer tok;
        const auto ids = tokenStream({QStringLiteral("ab"), QStringLiteral("c a")}, tok, JobContext::detached());
        QCOMPARE(ids, (std::vector<int>{0, 1, 2, 0, 3, 4, 1}));
    }

    // The trainer's batched model and the inference core compute the same
    // held-out loss from the same saved weights, also after training has moved
    // them away from their initial values.
    void savedModelScoresTheSameInTheInferenceCore()
    {
        const LmShape shape = tinyShape(11);
        TrainOptions options;
        options.batch = 4;
        options.steps = 30;
        options.evalEvery = 30;
        options.lr = 1e-2;
        LmTrainer trainer(shape, options);
        QCOMPARE(trainer.parameterCount(),
                 std::int64_t(11 * 32 + 32 + 2 * (32 + 32 * 32 + 2 * 16 * 32 + 32 * 32 + 32 + 3 * 48 * 32)));
        std::mt19937 rng(5);
        std::vector<int> train(2000), heldOut(24 * 5 + 7);
        for (int& t : train)
            t = int(rng() % 11);
        for (int& t : heldOut)
            t = int(rng() % 11);
        const auto curve = trainer.train(train, heldOut, JobContext::detached());
        QCOMPARE(int(curve.size()), 30);
        QVERIFY(curve.back().heldOutLoss > 0);

        QTemporaryDir dir;
        trainer.save(dir.path(), DType::F32, 0, -1);
        const auto model = LanguageModel::load(dir.path());
        QCOMPARE(model->config().kvHeads, 2);
        QCOMPARE(model->config().maxPositions, 24);
        QVERIFY(model->warnings().isEmpty());
        const PerplexityResult inference = perplexity(*model, heldOut, 0, 0, JobContext::detached());
        QCOMPARE(int(inference.windows), 5);
        QCOMPARE(int(inference.predictedTokens), 5 * 23);
        const double trained = trainer.evaluate(heldOut);
        QVERIFY2(std::abs(inference.meanNll - trained) < 1e-5, qPrintable(QStringLiteral("%1 vs %2").arg(inference.meanNll).arg(trained)));
        QVERIFY(std::abs(curve.back().heldOutLoss - trained) < 1e-9); // the last step evaluated the same weights

        // F16 storage: the file says so, and the loss moves only a little.
        QTemporaryDir half;
        trainer.save(half.path(), DType::F16, 0, -1);
        const auto file = SafetensorsFile::open(QDir(half.path()).filePath(QStringLiteral("model.safetensors")));
        QCOMPARE(file->find(QStringLiteral("model.norm.weight"))->dtype, DType::F16);
        const auto halfModel = LanguageModel::load(half.path());
        QVERIFY(std::abs(perplexity(*halfModel, heldOut, 0, 0, JobContext::detached()).meanNll - trained) < 1e-2);
    }

    void learnsAPatternThatNeedsAttention()
    {
        const std::vector<int> stream = secondOrderPattern(6, 30, 60, 7);
        const std::vector<int> heldOut(stream.begin(), stream.begin() + 24 * 4);
        TrainOptions options;
        options.batch = 8;
        options.steps = 300;
        options.warmup = 20;
        options.evalEvery = 300;
        options.lr = 1e-2;
        options.minLr = 1e-3;
        LmTrainer trainer(tinyShape(6), options);
        const double before = trainer.evaluate(heldOut);
        QVERIFY(before > 1.5); // about ln 6 at initialisation
        trainer.train(stream, heldOut, JobContext::detached());
        const double after = trainer.evaluate(heldOut);
        const double bigramFloor = bigramEntropy(stream);
        QVERIFY2(bigramFloor > 0.2, qPrintable(QString::number(bigramFloor)));
        // Below what the current token alone allows: the model attends to the one before.
        QVERIFY2(after < bigramFloor / 4, qPrintable(QStringLiteral("loss %1, bigram floor %2").arg(after).arg(bigramFloor)));
    }

    void sameSeedSameRun()
    {
        std::vector<int> train(500), heldOut(48);
        for (size_t i = 0; i < train.size(); ++i)
            train[i] = int((i * 7 + i / 3) % 9);
        for (size_t i = 0; i < heldOut.size(); ++i)
            heldOut[i] = int((i * 5) % 9);
        TrainOptions options;
        options.batch = 2;
        options.steps = 5;
        options.evalEvery = 5;
        auto run = [&](std::uint64_t seed) {
            options.seed = seed;
            LmTrainer trainer(tinyShape(9), options);
            std::vector<double> losses;
            for (const TrainPoint& p : trainer.train(train, heldOut, JobContext::detached()))
                losses.push_back(p.trainLoss);
            return losses;
        };
        QCOMPARE(run(3), run(3));
        QVERIFY(run(3) != run(4));
    }

    void cancelStopsTraining()
    {
        std::vector<int> train(500, 1), heldOut(48, 1);
        TrainOptions options;
        options.batch = 2;
        options.steps = 1000;
        auto cancelled = std::make_shared<std::atomic_bool>(false);
        int reported = 0;
        JobContext ctx(cancelled, [&](double, const QString&) {
            if (++reported == 3)
                cancelled->store(true);
        });
        LmTrainer trainer(tinyShape(4), options);
        QVERIFY_THROWS_EXCEPTION(JobCancelled, trainer.train(train, heldOut, ctx));
        QCOMPARE(reported, 3);
    }

    void badInputIsRefused()
    {
        auto message = [](const std::function<void()>& f) {
            try {
                f();
            } catch (const Error& e) {
                return e.message();
            }
            return QString();
        };
        TrainOptions options;
        options.steps = 1;
        LmShape odd = tinyShape(8);
        odd.heads = 5;
        QVERIFY(message([&] { LmTrainer(odd, options); }).contains(QStringLiteral("hidden size 32 must split into 5 heads")));
        LmShape gqa = tinyShape(8);
        gqa.kvHeads = 3;
        QVERIFY(message([&] { LmTrainer(gqa, options); }).contains(QStringLiteral("4 heads cannot share 3")));
        TrainOptions badLr = options;
        badLr.lr = -1;
        QVERIFY(message([&] { LmTrainer(tinyShape(8), badLr); }).contains(QStringLiteral("learning rate")));

        LmTrainer trainer(tinyShape(8), options);
        const std::vector<int> ok(100, 1);
        QVERIFY(message([&] { trainer.train(std::vector<int>(10, 1), ok, JobContext::detached()); })
                    .contains(QStringLiteral("training text has 10 tokens; one window needs 25")));
        QVERIFY(message([&] { trainer.train(ok, std::vector<int>(5, 1), JobContext::detached()); })
                    .contains(QStringLiteral("held-out text has 5 tokens")));
        std::vector<int> outside = ok;
        outside[42] = 8;
        QVERIFY(message([&] { trainer.train(outside, ok, JobContext::detached()); })
                    .contains(QStringLiteral("training token stream: id 8 at position 42 is outside the vocabulary (0..7)")));
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "tst_train.moc"
