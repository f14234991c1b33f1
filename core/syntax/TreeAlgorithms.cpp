#include "syntax/TreeAlgorithms.h"

#include <algorithm>
#include <limits>

namespace sonde::syntax {

WordMatrix poolToWords(const float* attention, int tokens, const std::vector<int>& tokenWord, int words)
{
    // Columns first: token attention summed into word columns, per token row.
    std::vector<double> rows(size_t(tokens) * size_t(words), 0.0);
    for (int t = 0; t < tokens; ++t)
        for (int u = 0; u < tokens; ++u)
            if (tokenWord[size_t(u)] >= 0)
                rows[size_t(t) * size_t(words) + size_t(tokenWord[size_t(u)])] += attention[size_t(t) * size_t(tokens) + size_t(u)];
    // Then rows: a word's pieces averaged.
    WordMatrix w(words);
    std::vector<int> pieces(size_t(words), 0);
    for (int t = 0; t < tokens; ++t) {
        const int word = tokenWord[size_t(t)];
        if (word < 0)
            continue;
        ++pieces[size_t(word)];
        for (int j = 0; j < words; ++j)
            w.at(word, j) += rows[size_t(t) * size_t(words) + size_t(j)];
    }
    for (int i = 0; i < words; ++i)
        if (pieces[size_t(i)] > 0)
            for (int j = 0; j < words; ++j)
                w.at(i, j) /= pieces[size_t(i)];
    return w;
}

std::vector<int> predictHeads(const WordMatrix& w, Direction direction)
{
    const int n = w.size();
    std::vector<int> heads(size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        int best = -1;
        double bestScore = -std::numeric_limits<double>::infinity();
        for (int j = 0; j < n; ++j) {
            const double score = j == i ? 0.0 : (direction == Direction::DepToHead ? w.at(i, j) : w.at(j, i));
            if (score > bestScore) { // strict: ties keep the lowest index
                bestScore = score;
                best = j;
            }
        }
        heads[size_t(i)] = best + 1;
    }
    return heads;
}

int offsetHead(int position, int k, int n)
{
    return std::clamp(position + k, 1, n);
}

namespace {

constexpr double kNone = -std::numeric_limits<double>::infinity();

// Chu-Liu-Edmonds on a score matrix s[h][d] (head h → dependent d) over nodes
// 0..n-1 rooted at `root`. Returns head[d] (0-based, -1 for the root).
std::vector<int> chuLiuEdmonds(const std::vector<std::vector<double>>& s, int root)
{
    const int n = int(s.size());
    std::vector<int> best(size_t(n), -1);
    for (int d = 0; d < n; ++d) {
        if (d == root)
            continue;
        double top = kNone;
        for (int h = 0; h < n; ++h)
            if (h != d && s[size_t(h)][size_t(d)] > top) {
                top = s[size_t(h)][size_t(d)];
                best[size_t(d)] = h;
            }
    }
    // Find a cycle among the best incoming edges.
    std::vector<int> cycle;
    std::vector<int> mark(size_t(n), -1);
    for (int start = 0; start < n && cycle.empty(); ++start) {
        int v = start;
        while (v != -1 && v != root && mark[size_t(v)] == -1) {
            mark[size_t(v)] = start;
            v = best[size_t(v)];
        }
        if (v != -1 && v != root && mark[size_t(v)] == start) {
            for (int u = v;;) {
                cycle.push_back(u);
                u = best[size_t(u)];
                if (u == v)
                    break;
            }
        }
    }
    if (cycle.empty())
        return best;

    // Contract the cycle into one node c and solve the smaller problem.
    std::vector<bool> inCycle(size_t(n), false);
    for (int v : cycle)
        inCycle[size_t(v)] = true;
    std::vector<int> keep; // old ids of nodes outside the cycle
    std::vector<int> newId(size_t(n), -1);
    for (int v = 0; v < n; ++v)
        if (!inCycle[size_t(v)]) {
            newId[size_t(v)] = int(keep.size());
            keep.push_back(v);
        }
    const int c = int(keep.size());
    std::vector<std::vector<double>> t(size_t(c) + 1, std::vector<double>(size_t(c) + 1, kNone));
    std::vector<int> enterAt(size_t(c) + 1, -1); // for an edge u → c: the cycle node it enters
    std::vector<int> leaveFrom(size_t(c) + 1, -1); // for an edge c → v: the cycle node it leaves
    for (int u : keep)
        for (int v : keep)
            if (u != v)
                t[size_t(newId[size_t(u)])][size_t(newId[size_t(v)])] = s[size_t(u)][size_t(v)];
    for (int u : keep) {
        for (int v : cycle) { // entering the cycle at v replaces v's cycle edge
            const double gain = s[size_t(u)][size_t(v)] - s[size_t(best[size_t(v)])][size_t(v)];
            if (s[size_t(u)][size_t(v)] != kNone && gain > t[size_t(newId[size_t(u)])][size_t(c)]) {
                t[size_t(newId[size_t(u)])][size_t(c)] = gain;
                enterAt[size_t(newId[size_t(u)])] = v;
            }
        }
        for (int v : cycle)
            if (s[size_t(v)][size_t(u)] > t[size_t(c)][size_t(newId[size_t(u)])]) {
                t[size_t(c)][size_t(newId[size_t(u)])] = s[size_t(v)][size_t(u)];
                leaveFrom[size_t(newId[size_t(u)])] = v;
            }
    }
    const std::vector<int> sub = chuLiuEdmonds(t, newId[size_t(root)]);

    // Expand: edges among kept nodes map back; the edge into c breaks the cycle at one node.
    std::vector<int> head(size_t(n), -1);
    for (int v : cycle)
        head[size_t(v)] = best[size_t(v)];
    for (int i = 0; i < c; ++i) {
        const int v = keep[size_t(i)];
        if (v == root)
            continue;
        const int h = sub[size_t(i)];
        head[size_t(v)] = h == c ? leaveFrom[size_t(i)] : keep[size_t(h)];
    }
    const int from = sub[size_t(c)];
    head[size_t(enterAt[size_t(from)])] = keep[size_t(from)];
    return head;
}

} // namespace

std::vector<int> maxArborescence(const WordMatrix& w, int root)
{
    const int n = w.size();
    std::vector<std::vector<double>> s(size_t(n), std::vector<double>(size_t(n), kNone));
    for (int h = 0; h < n; ++h)
        for (int d = 0; d < n; ++d)
            if (h != d && d != root)
                s[size_t(h)][size_t(d)] = w.at(d, h);
    const std::vector<int> heads = chuLiuEdmonds(s, root);
    std::vector<int> out(size_t(n), 0);
    for (int d = 0; d < n; ++d)
        out[size_t(d)] = d == root ? 0 : heads[size_t(d)] + 1;
    return out;
}

std::vector<std::pair<int, int>> maxSpanningTree(const WordMatrix& s)
{
    // Prim's algorithm from word 0; ties go to the lowest index.
    const int n = s.size();
    std::vector<std::pair<int, int>> edges;
    if (n == 0)
        return edges;
    std::vector<bool> inTree(size_t(n), false);
    std::vector<double> bestScore(size_t(n), kNone);
    std::vector<int> bestFrom(size_t(n), -1);
    inTree[0] = true;
    for (int v = 1; v < n; ++v) {
        bestScore[size_t(v)] = s.at(0, v);
        bestFrom[size_t(v)] = 0;
    }
    for (int step = 1; step < n; ++step) {
        int next = -1;
        for (int v = 0; v < n; ++v)
            if (!inTree[size_t(v)] && (next < 0 || bestScore[size_t(v)] > bestScore[size_t(next)]))
                next = v;
        inTree[size_t(next)] = true;
        edges.emplace_back(std::min(next, bestFrom[size_t(next)]), std::max(next, bestFrom[size_t(next)]));
        for (int v = 0; v < n; ++v)
            if (!inTree[size_t(v)] && s.at(next, v) > bestScore[size_t(v)]) {
                bestScore[size_t(v)] = s.at(next, v);
                bestFrom[size_t(v)] = next;
            }
    }
    return edges;
}

} // namespace sonde::syntax
