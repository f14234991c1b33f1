#pragma once
// The pieces of attention-vs-syntax scoring that do not depend on a model
// (conventions of Clark et al. 2019 and Htut et al. 2019, as issue 4 fixes them):
// pooling token attention to words, reading heads off attention, positional
// baselines and trees decoded from attention.
#include <cstddef>
#include <utility>
#include <vector>

namespace sonde::syntax {

// A dense square matrix, row-major.
class WordMatrix {
public:
    explicit WordMatrix(int n = 0) : m_n(n), m_v(std::size_t(n) * std::size_t(n), 0.0) {}
    int size() const { return m_n; }
    double& at(int i, int j) { return m_v[std::size_t(i) * std::size_t(m_n) + std::size_t(j)]; }
    double at(int i, int j) const { return m_v[std::size_t(i) * std::size_t(m_n) + std::size_t(j)]; }

private:
    int m_n;
    std::vector<double> m_v;
};

// Token attention [T, T] (row = attending token) to a word matrix: tokens with
// tokenWord[t] < 0 (special tokens) are dropped without renormalising; the
// columns of a word's pieces are summed and its rows averaged.
WordMatrix poolToWords(const float* attention, int tokens, const std::vector<int>& tokenWord, int words);

enum class Direction { DepToHead, HeadToDep };

// Predicted head (1-based word position) of every word, from W with its
// diagonal ignored: dep2head takes argmax_j W[i][j], head2dep argmax_j W[j][i].
// Ties go to the lowest index.
std::vector<int> predictHeads(const WordMatrix& w, Direction direction);

// Offset baseline: the head of word `position` (1-based) is clamp(position + k, 1, n).
int offsetHead(int position, int k, int n);

// Maximum spanning arborescence (Chu-Liu-Edmonds) over words, rooted at `root`
// (0-based), where the score of head j → dependent i is w.at(i, j). Returns the
// 1-based head of every word, 0 for the root.
std::vector<int> maxArborescence(const WordMatrix& w, int root);

// Maximum spanning tree of the undirected graph with edge scores s.at(i, j)
// (symmetric). Returns the n-1 edges as 0-based pairs (smaller first).
std::vector<std::pair<int, int>> maxSpanningTree(const WordMatrix& s);

} // namespace sonde::syntax
