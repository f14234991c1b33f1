// Scoring primitives against hand-worked cases and brute force: pooling,
// head prediction (directions, ties, diagonal), offsets, and trees decoded from
// attention checked against exhaustive enumeration on small random matrices.
#include "syntax/TreeAlgorithms.h"

#include <QtTest>
#include <cmath>
#include <random>

using namespace sonde::syntax;

namespace {

WordMatrix randomMatrix(int n, std::mt19937& rng, bool symmetric)
{
    std::uniform_real_distribution<double> u(0.0, 1.0);
    WordMatrix w(n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            w.at(i, j) = symmetric && j < i ? w.at(j, i) : u(rng);
    return w;
}

// Exhaustive: every head assignment that forms a tree rooted at `root`.
double bestArborescenceScore(const WordMatrix& w, int root, std::vector<int>* bestHeads)
{
    const int n = w.size();
    std::vector<int> head(size_t(n), 0); // 1-based heads, 0 for root
    double best = -1e300;
    std::function<void(int)> assign = [&](int d) {
        if (d == n) {
            for (int v = 0; v < n; ++v) { // every word must reach the root
                int at = v;
                for (int steps = 0; at != root; ++steps) {
                    if (steps > n)
                        return;
                    at = head[size_t(at)] - 1;
                }
            }
            double score = 0;
            for (int v = 0; v < n; ++v)
                if (v != root)
                    score += w.at(v, head[size_t(v)] - 1);
            if (score > best) {
                best = score;
                *bestHeads = head;
            }
            return;
        }
        if (d == root) {
            head[size_t(d)] = 0;
            assign(d + 1);
            return;
        }
        for (int h = 0; h < n; ++h)
            if (h != d) {
                head[size_t(d)] = h + 1;
                assign(d + 1);
            }
    };
    assign(0);
    return best;
}

// Exhaustive over labelled trees via Prüfer sequences.
double bestSpanningTreeScore(const WordMatrix& s)
{
    const int n = s.size();
    if (n < 2)
        return 0;
    if (n == 2)
        return s.at(0, 1);
    double best = -1e300;
    std::vector<int> seq(size_t(n - 2), 0);
    for (;;) {
        std::vector<int> degree(size_t(n), 1);
        for (int x : seq)
            ++degree[size_t(x)];
        double score = 0;
        for (int x : seq) {
            int leaf = 0;
            while (degree[size_t(leaf)] != 1)
                ++leaf;
            score += s.at(leaf, x);
            --degree[size_t(leaf)];
            --degree[size_t(x)];
        }
        int u = -1, v = -1;
        for (int k = 0; k < n; ++k)
            if (degree[size_t(k)] == 1)
                (u < 0 ? u : v) = k;
        score += s.at(u, v);
        best = std::max(best, score);
        int k = 0;
        while (k < n - 2 && ++seq[size_t(k)] == n)
            seq[size_t(k++)] = 0;
        if (k == n - 2)
            break;
    }
    return best;
}

} // namespace

class TestTreeAlgorithms : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void poolsPiecesToWords()
    {
        // Tokens: [BOS] un ##happy cat ; words: 0 = un+happy, 1 = cat.
        const std::vector<int> tokenWord = {-1, 0, 0, 1};
        const float a[16] = {1.0f, 0, 0, 0,        //
                             0.4f, 0.1f, 0.2f, 0.3f, //
                             0.2f, 0.3f, 0.1f, 0.4f, //
                             0.5f, 0.25f, 0.15f, 0.1f};
        const WordMatrix w = poolToWords(a, 4, tokenWord, 2);
        // Row of word 0 = mean of token rows 1 and 2, columns summed over pieces; BOS column dropped.
        QVERIFY(std::abs(w.at(0, 0) - ((0.1 + 0.2) + (0.3 + 0.1)) / 2) < 1e-7); // float inputs
        QVERIFY(std::abs(w.at(0, 1) - (0.3 + 0.4) / 2) < 1e-7);
        QVERIFY(std::abs(w.at(1, 0) - (0.25 + 0.15)) < 1e-7);
        QVERIFY(std::abs(w.at(1, 1) - 0.1) < 1e-7);
    }

    void predictsHeadsInBothDirectionsWithLowTies()
    {
        WordMatrix w(3);
        // Row i: where word i looks.
        w.at(0, 0) = 9; w.at(0, 1) = 0.2; w.at(0, 2) = 0.2; // diagonal ignored; tie → word 2 (index 1)
        w.at(1, 0) = 0.7; w.at(1, 1) = 0;   w.at(1, 2) = 0.1;
        w.at(2, 0) = 0.1; w.at(2, 1) = 0.6; w.at(2, 2) = 0.3;
        QCOMPARE(predictHeads(w, Direction::DepToHead), (std::vector<int>{2, 1, 2}));
        // head2dep: head of i = argmax_j W[j][i]: column 0 → rows 1 (0.7); column 1 → row 2 (0.6); column 2 → tie 0.2 vs 0.1 → row 0.
        QCOMPARE(predictHeads(w, Direction::HeadToDep), (std::vector<int>{2, 3, 1}));
    }

    void offsetsClampToTheSentence()
    {
        QCOMPARE(offsetHead(1, -1, 5), 1);
        QCOMPARE(offsetHead(5, 3, 5), 5);
        QCOMPARE(offsetHead(3, 2, 5), 5);
        QCOMPARE(offsetHead(4, -2, 5), 2);
    }

    void arborescenceResolvesACycle()
    {
        // Greedy heads: 1↔2 point at each other (a cycle); the best tree breaks it.
        WordMatrix w(3);
        w.at(1, 2) = 10; w.at(2, 1) = 10; // each prefers the other
        w.at(1, 0) = 9;  w.at(2, 0) = 1;  // entering from the root at word 1 costs least
        const std::vector<int> heads = maxArborescence(w, 0);
        QCOMPARE(heads, (std::vector<int>{0, 1, 2}));
    }

    void arborescenceMatchesBruteForce()
    {
        std::mt19937 rng(7);
        for (int n = 1; n <= 6; ++n)
            for (int trial = 0; trial < 60; ++trial) {
                const WordMatrix w = randomMatrix(n, rng, false);
                const int root = int(rng() % unsigned(n));
                std::vector<int> want;
                bestArborescenceScore(w, root, &want);
                QCOMPARE(maxArborescence(w, root), want);
            }
    }

    void spanningTreeMatchesBruteForce()
    {
        std::mt19937 rng(8);
        for (int n = 2; n <= 7; ++n)
            for (int trial = 0; trial < 40; ++trial) {
                const WordMatrix s = randomMatrix(n, rng, true);
                const auto edges = maxSpanningTree(s);
                QCOMPARE(int(edges.size()), n - 1);
                double score = 0;
                for (auto [a, b] : edges)
                    score += s.at(a, b);
                QVERIFY(std::abs(score - bestSpanningTreeScore(s)) < 1e-9);
            }
    }
};

QTEST_GUILESS_MAIN(TestTreeAlgorithms)
#include "tst_tree_algorithms.moc"
