// Token sampling against hand-worked cases: greedy ties, repetition penalty
// arithmetic, the top-k / top-p / min-p candidate sets, empirical frequencies
// against the softmax, and seed reproducibility.
#include "Error.h"
#include "model/Sampler.h"

#include <QtTest>
#include <cmath>

using namespace sonde;

namespace {

std::vector<float> logitsOf(std::initializer_list<double> probs)
{
    std::vector<float> l;
    for (double p : probs)
        l.push_back(float(std::log(p)));
    return l;
}

std::vector<int> candidateIds(const Sampler& s)
{
    std::vector<int> ids;
    for (const auto& c : s.lastCandidates())
        ids.push_back(c.first);
    return ids;
}

} // namespace

class TestSampler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void greedyTakesTheArgmaxAndTiesGoLow()
    {
        Sampler s({});
        std::vector<float> l = {0.1f, 2.0f, -1.0f, 2.0f};
        QCOMPARE(s.next(l, {}), 1);
    }

    void repetitionPenaltyDividesPositivesAndMultipliesNegatives()
    {
        SamplingOptions o;
        o.repeatPenalty = 2.0f;
        Sampler s(o);
        std::vector<float> l = {3.0f, 2.5f, -1.0f, 1.0f};
        // Token 0 was seen: 3.0 → 1.5, so 2.5 (token 1) wins; token 2 seen: -1 → -2.
        QCOMPARE(s.next(l, {0, 2, 0}), 1);
        QCOMPARE(l[0], 1.5f);
        QCOMPARE(l[2], -2.0f);
        QCOMPARE(l[3], 1.0f);
    }

    void topKKeepsTheKMostLikely()
    {
        SamplingOptions o;
        o.temperature = 1.0f;
        o.topK = 2;
        Sampler s(o);
        auto l = logitsOf({0.1, 0.5, 0.15, 0.25});
        const int t = s.next(l, {});
        QCOMPARE(candidateIds(s), (std::vector<int>{1, 3}));
        QVERIFY(t == 1 || t == 3);
        QCOMPARE(s.lastCandidates()[0].second, float(0.5 / 0.75));
    }

    void topPKeepsTheSmallestSetReachingP()
    {
        SamplingOptions o;
        o.temperature = 1.0f;
        o.topP = 0.7f; // 0.5 < 0.7 ≤ 0.5 + 0.25
        Sampler s(o);
        auto l = logitsOf({0.1, 0.5, 0.15, 0.25});
        s.next(l, {});
        QCOMPARE(candidateIds(s), (std::vector<int>{1, 3}));
    }

    void minPDropsTokensBelowAFractionOfTheBest()
    {
        SamplingOptions o;
        o.temperature = 1.0f;
        o.minP = 0.4f; // floor 0.2: keeps 0.5 and 0.25
        Sampler s(o);
        auto l = logitsOf({0.1, 0.5, 0.15, 0.25});
        s.next(l, {});
        QCOMPARE(candidateIds(s), (std::vector<int>{1, 3}));
    }

    void frequenciesFollowTheTemperedSoftmax()
    {
        SamplingOptions o;
        o.temperature = 2.0f;
        o.seed = 1234;
        Sampler s(o);
        const std::vector<double> p = {0.6, 0.3, 0.1};
        // With temperature 2 the distribution is proportional to sqrt(p).
        std::vector<double> expected;
        double z = 0;
        for (double x : p)
            z += std::sqrt(x);
        for (double x : p)
            expected.push_back(std::sqrt(x) / z);
        const int n = 40000;
        std::vector<int> counts(3, 0);
        for (int i = 0; i < n; ++i) {
            auto l = logitsOf({0.6, 0.3, 0.1});
            ++counts[size_t(s.next(l, {}))];
        }
        for (int k = 0; k < 3; ++k) {
            const double sd = std::sqrt(expected[size_t(k)] * (1 - expected[size_t(k)]) / n);
            QVERIFY2(std::abs(counts[size_t(k)] / double(n) - expected[size_t(k)]) < 5 * sd,
                     qPrintable(QStringLiteral("token %1: %2 vs %3").arg(k).arg(counts[size_t(k)] / double(n)).arg(expected[size_t(k)])));
        }
    }

    void aSeedReproducesASample()
    {
        SamplingOptions o;
        o.temperature = 1.0f;
        o.seed = 99;
        auto draw = [&](std::uint64_t seed) {
            o.seed = seed;
            Sampler s(o);
            std::vector<int> out;
            for (int i = 0; i < 50; ++i) {
                auto l = logitsOf({0.2, 0.2, 0.2, 0.2, 0.2});
                out.push_back(s.next(l, {}));
            }
            return out;
        };
        QCOMPARE(draw(99), draw(99));
        QVERIFY(draw(99) != draw(100));
    }

    void invalidOptionsAreRefused()
    {
        SamplingOptions o;
        o.topP = 0.0f;
        QVERIFY_THROWS_EXCEPTION(Error, Sampler{o});
        o = {};
        o.temperature = -1.0f;
        QVERIFY_THROWS_EXCEPTION(Error, Sampler{o});
        o = {};
        o.repeatPenalty = 0.0f;
        QVERIFY_THROWS_EXCEPTION(Error, Sampler{o});
    }
};

QTEST_GUILESS_MAIN(TestSampler)
#include "tst_sampler.moc"
