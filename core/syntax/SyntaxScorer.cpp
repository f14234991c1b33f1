#include "syntax/SyntaxScorer.h"

#include "Error.h"
#include "jobs/JobContext.h"
#include "model/HostTensor.h"
#include "syntax/TreeAlgorithms.h"
#include "util/JsonFile.h"

#include <QDir>
#include <QJsonArray>
#include <QTextStream>
#include <algorithm>
#include <optional>
#include <random>

namespace sonde {

namespace {

using syntax::Direction;
using syntax::WordMatrix;

const QString kAll = QStringLiteral("all");
constexpr int kOffsets[] = {-1, 1, -2, 2, -3, 3}; // order breaks ties toward short offsets

// One sentence's tokens and every layer's [heads, T, T] attention.
struct SentenceAttention {
    WordTokens tokens;
    std::vector<HostTensor> layers;

    int tokenCount() const { return int(tokens.ids.size()); }
    const float* head(int layer, int head) const
    {
        return layers[size_t(layer)].data.data() + size_t(head) * size_t(tokenCount()) * size_t(tokenCount());
    }
    WordMatrix words(int layer, int head, int n) const { return syntax::poolToWords(this->head(layer, head), tokenCount(), tokens.tokenWord, n); }
};

// Tokenises the words and runs the source, or nothing when the sentence does
// not fit the model's context.
std::optional<SentenceAttention> sentenceAttention(const AttentionSource& source, const QStringList& forms)
{
    SentenceAttention a;
    a.tokens = source.tokenize(forms);
    if (a.tokenCount() > source.contextLength())
        return std::nullopt;
    a.layers = source.attentions(a.tokens.ids, a.tokens);
    if (int(a.layers.size()) != source.layers())
        throw Error(QStringLiteral("attention source gave %1 layers, expected %2").arg(a.layers.size()).arg(source.layers()));
    return a;
}

Direction parseDirection(const QString& direction)
{
    return direction == QLatin1String("head2dep") ? Direction::HeadToDep : Direction::DepToHead;
}

void checkHead(const AttentionSource& source, int layer, int head)
{
    if (layer < 0 || layer >= source.layers() || head < 0 || head >= source.heads())
        throw Error(QStringLiteral("no head %1-%2 in a model of %3 layers x %4 heads").arg(layer).arg(head).arg(source.layers()).arg(source.heads()));
}

// How many sentences a run covers; the per-sentence cancel point and progress.
int sentenceLimit(const Treebank& treebank, int maxSentences)
{
    return maxSentences > 0 ? std::min<int>(maxSentences, int(treebank.sentences.size())) : int(treebank.sentences.size());
}

void nextSentence(const JobContext* context, int index, int total)
{
    if (!context)
        return;
    context->checkCancelled();
    context->setProgress(double(index) / total, QStringLiteral("Sentence %1 of %2").arg(index + 1).arg(total));
}

// What one sentence contributes, kept so intervals can be drawn afterwards.
struct SentenceResult {
    int words = 0;
    std::vector<int> gold;          // 1-based heads
    std::vector<int> relation;      // index into the relation list; -1 for the root word
    std::vector<std::vector<std::uint16_t>> predicted; // [(layer·H + head)·2 + direction][word]
};

struct Counts {
    int count = 0;
    std::vector<int> correct; // [(layer·H + head)·2 + direction]
};

double percentile(std::vector<double>& v, double q)
{
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
    return v[i];
}

// 95% interval of an accuracy over sentences resampled with replacement.
Interval bootstrap(const std::vector<std::pair<int, int>>& perSentence, int resamples, std::mt19937_64& rng)
{
    std::uniform_int_distribution<size_t> pick(0, perSentence.size() - 1);
    std::vector<double> acc;
    acc.reserve(size_t(resamples));
    for (int r = 0; r < resamples; ++r) {
        long correct = 0, total = 0;
        for (size_t k = 0; k < perSentence.size(); ++k) {
            const auto& s = perSentence[pick(rng)];
            correct += s.first;
            total += s.second;
        }
        if (total > 0)
            acc.push_back(double(correct) / double(total));
    }
    if (acc.empty())
        return {};
    return {percentile(acc, 0.025), percentile(acc, 0.975)};
}

QJsonArray matrixJson(const std::vector<std::vector<double>>& m)
{
    QJsonArray rows;
    for (const auto& row : m) {
        QJsonArray r;
        for (double v : row)
            r.append(v);
        rows.append(r);
    }
    return rows;
}

} // namespace

SyntaxScores scoreTreebank(const AttentionSource& source, const Treebank& treebank, const ScoringOptions& options,
                           const JobContext* context)
{
    const int L = source.layers(), H = source.heads(), slots = L * H * 2;
    SyntaxScores scores;
    scores.model = source.name();
    scores.treebank = treebank.source;
    scores.layers = L;
    scores.heads = H;
    if (!treebank.skipped.empty())
        scores.sentencesSkipped.insert(QStringLiteral("invalid in the treebank"), int(treebank.skipped.size()));

    QStringList relationNames;
    std::vector<SentenceResult> results;
    std::vector<int> mstCorrect(size_t(L * H), 0), uuasCorrect(size_t(L * H), 0);
    int rightCorrect = 0, leftCorrect = 0, nonRootWords = 0;

    const int total = sentenceLimit(treebank, options.maxSentences);
    for (int si = 0; si < total; ++si) {
        nextSentence(context, si, total);
        const TreebankSentence& sentence = treebank.sentences[size_t(si)];
        auto skip = [&](const QString& reason, const QString& detail) {
            ++scores.sentencesSkipped[reason];
            scores.unscored.push_back({sentence.firstLine, sentence.sentId, detail});
        };
        std::optional<SentenceAttention> attention;
        try {
            attention = sentenceAttention(source, sentence.forms());
        } catch (const WordWithoutTokens& e) {
            skip(QStringLiteral("a word has no tokens"), e.message());
            continue;
        }
        if (!attention) {
            skip(QStringLiteral("longer than the model's context"),
                 QStringLiteral("more tokens than the model's context of %1").arg(source.contextLength()));
            continue;
        }

        const int n = int(sentence.words.size());
        SentenceResult r;
        r.words = n;
        int root = 0;
        for (int i = 0; i < n; ++i) {
            const auto& w = sentence.words[size_t(i)];
            r.gold.push_back(w.head);
            if (w.head == 0) {
                root = i;
                r.relation.push_back(-1);
                continue;
            }
            int index = int(relationNames.indexOf(w.relation));
            if (index < 0) {
                index = int(relationNames.size());
                relationNames << w.relation;
            }
            r.relation.push_back(index);
            ++nonRootWords;
            rightCorrect += (i + 1 < n ? i + 2 : 0) == w.head;
            leftCorrect += (i > 0 ? i : 0) == w.head;
        }
        r.predicted.resize(size_t(slots));
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                const WordMatrix w = attention->words(l, h, n);
                for (int d = 0; d < 2; ++d) {
                    const auto heads = syntax::predictHeads(w, d == 0 ? Direction::DepToHead : Direction::HeadToDep);
                    r.predicted[size_t((l * H + h) * 2 + d)].assign(heads.begin(), heads.end());
                }
                const auto tree = syntax::maxArborescence(w, root);
                WordMatrix sym(n);
                for (int i = 0; i < n; ++i)
                    for (int j = 0; j < n; ++j)
                        sym.at(i, j) = w.at(i, j) + w.at(j, i);
                const auto edges = syntax::maxSpanningTree(sym);
                for (int i = 0; i < n; ++i) {
                    if (i == root)
                        continue;
                    mstCorrect[size_t(l * H + h)] += tree[size_t(i)] == r.gold[size_t(i)];
                    const std::pair<int, int> gold{std::min(i, r.gold[size_t(i)] - 1), std::max(i, r.gold[size_t(i)] - 1)};
                    uuasCorrect[size_t(l * H + h)] += std::find(edges.begin(), edges.end(), gold) != edges.end();
                }
            }
        }
        scores.words += n;
        results.push_back(std::move(r));
    }
    scores.sentencesUsed = int(results.size());
    if (results.empty())
        throw Error(QStringLiteral("%1: no sentence could be scored").arg(treebank.source));

    // Totals per relation (and "all") for every head and direction.
    const QStringList names = QStringList(relationNames) << kAll;
    QMap<QString, Counts> counts;
    for (const QString& name : names)
        counts[name].correct.assign(size_t(slots), 0);
    for (const SentenceResult& r : results)
        for (int i = 0; i < r.words; ++i) {
            if (r.relation[size_t(i)] < 0)
                continue;
            for (const QString& name : {relationNames[r.relation[size_t(i)]], kAll}) {
                Counts& c = counts[name];
                ++c.count;
                for (int s = 0; s < slots; ++s)
                    c.correct[size_t(s)] += r.predicted[size_t(s)][size_t(i)] == r.gold[size_t(i)];
            }
        }

    std::mt19937_64 rng(options.seed);
    for (const QString& name : names) {
        const Counts& c = counts[name];
        RelationScores rel;
        rel.count = c.count;
        rel.dep2head.assign(size_t(L), std::vector<double>(size_t(H)));
        rel.head2dep.assign(size_t(L), std::vector<double>(size_t(H)));
        int bestSlot = 0;
        for (int s = 0; s < slots; ++s) {
            const double acc = double(c.correct[size_t(s)]) / c.count;
            auto& m = s % 2 == 0 ? rel.dep2head : rel.head2dep;
            m[size_t(s / 2 / H)][size_t(s / 2 % H)] = acc;
            if (c.correct[size_t(s)] > c.correct[size_t(bestSlot)])
                bestSlot = s;
        }
        rel.bestLayer = bestSlot / 2 / H;
        rel.bestHead = bestSlot / 2 % H;
        rel.bestDirection = bestSlot % 2 == 0 ? QStringLiteral("dep2head") : QStringLiteral("head2dep");
        rel.bestAccuracy = double(c.correct[size_t(bestSlot)]) / c.count;

        // Positional baselines, per sentence for the intervals.
        const bool all = name == kAll;
        const int relIndex = all ? -1 : int(relationNames.indexOf(name));
        auto matches = [&](const SentenceResult& r, int i) { return r.relation[size_t(i)] >= 0 && (all || r.relation[size_t(i)] == relIndex); };
        int bestOffsetCorrect = -1;
        QMap<int, int> offsetFrequency;
        for (int k : kOffsets) {
            int correct = 0;
            for (const SentenceResult& r : results)
                for (int i = 0; i < r.words; ++i)
                    if (matches(r, i))
                        correct += syntax::offsetHead(i + 1, k, r.words) == r.gold[size_t(i)];
            if (correct > bestOffsetCorrect) {
                bestOffsetCorrect = correct;
                rel.baselineOffset = k;
            }
        }
        rel.baselineAccuracy = double(bestOffsetCorrect) / c.count;
        for (const SentenceResult& r : results)
            for (int i = 0; i < r.words; ++i)
                if (matches(r, i))
                    ++offsetFrequency[r.gold[size_t(i)] - (i + 1)];
        int mostFrequent = 0;
        for (auto it = offsetFrequency.begin(); it != offsetFrequency.end(); ++it) // ties: shortest, then negative
            if (mostFrequent == 0 || it.value() > offsetFrequency.value(mostFrequent)
                || (it.value() == offsetFrequency.value(mostFrequent) && std::abs(it.key()) < std::abs(mostFrequent)))
                mostFrequent = it.key();
        rel.frequentOffset = mostFrequent;
        int frequentCorrect = 0;
        for (const SentenceResult& r : results)
            for (int i = 0; i < r.words; ++i)
                if (matches(r, i))
                    frequentCorrect += syntax::offsetHead(i + 1, mostFrequent, r.words) == r.gold[size_t(i)];
        rel.frequentOffsetAccuracy = double(frequentCorrect) / c.count;

        std::vector<std::pair<int, int>> headPerSentence, basePerSentence;
        for (const SentenceResult& r : results) {
            std::pair<int, int> h{0, 0}, b{0, 0};
            for (int i = 0; i < r.words; ++i)
                if (matches(r, i)) {
                    ++h.second;
                    ++b.second;
                    h.first += r.predicted[size_t(bestSlot)][size_t(i)] == r.gold[size_t(i)];
                    b.first += syntax::offsetHead(i + 1, rel.baselineOffset, r.words) == r.gold[size_t(i)];
                }
            headPerSentence.push_back(h);
            basePerSentence.push_back(b);
        }
        rel.bestInterval = bootstrap(headPerSentence, options.bootstrapResamples, rng);
        rel.baselineInterval = bootstrap(basePerSentence, options.bootstrapResamples, rng);
        rel.aboveBaseline = rel.bestInterval.low > rel.baselineInterval.high;
        scores.relations.insert(name, rel);
    }

    scores.uas.assign(size_t(L), std::vector<double>(size_t(H)));
    scores.uuas.assign(size_t(L), std::vector<double>(size_t(H)));
    for (int l = 0; l < L; ++l)
        for (int h = 0; h < H; ++h) {
            scores.uas[size_t(l)][size_t(h)] = double(mstCorrect[size_t(l * H + h)]) / nonRootWords;
            scores.uuas[size_t(l)][size_t(h)] = double(uuasCorrect[size_t(l * H + h)]) / nonRootWords;
        }
    scores.rightBranchingUas = double(rightCorrect) / nonRootWords;
    scores.leftBranchingUas = double(leftCorrect) / nonRootWords;
    if (context)
        context->setProgress(1.0, QStringLiteral("Scored %1 sentences").arg(scores.sentencesUsed));
    return scores;
}

QJsonObject SyntaxScores::toJson() const
{
    QJsonObject skipped;
    for (auto it = sentencesSkipped.begin(); it != sentencesSkipped.end(); ++it)
        skipped.insert(it.key(), it.value());
    QJsonObject rels;
    for (auto it = relations.begin(); it != relations.end(); ++it) {
        const RelationScores& r = it.value();
        rels.insert(it.key(),
                    QJsonObject{{QStringLiteral("count"), r.count},
                                {QStringLiteral("dep2head"), matrixJson(r.dep2head)},
                                {QStringLiteral("head2dep"), matrixJson(r.head2dep)},
                                {QStringLiteral("best"), QJsonObject{{QStringLiteral("layer"), r.bestLayer},
                                                                    {QStringLiteral("head"), r.bestHead},
                                                                    {QStringLiteral("direction"), r.bestDirection},
                                                                    {QStringLiteral("accuracy"), r.bestAccuracy},
                                                                    {QStringLiteral("ci"), QJsonArray{r.bestInterval.low, r.bestInterval.high}},
                                                                    {QStringLiteral("above_baseline"), r.aboveBaseline}}},
                                {QStringLiteral("baseline"), QJsonObject{{QStringLiteral("offset"), r.baselineOffset},
                                                                        {QStringLiteral("accuracy"), r.baselineAccuracy},
                                                                        {QStringLiteral("ci"), QJsonArray{r.baselineInterval.low, r.baselineInterval.high}}}},
                                {QStringLiteral("frequent_offset_baseline"),
                                 QJsonObject{{QStringLiteral("offset"), r.frequentOffset},
                                             {QStringLiteral("accuracy"), r.frequentOffsetAccuracy},
                                             {QStringLiteral("note"), QStringLiteral("most frequent gold offset, estimated on the scored data")}}}});
    }
    return QJsonObject{{QStringLiteral("model"), model},
                       {QStringLiteral("treebank"), treebank},
                       {QStringLiteral("sentences_used"), sentencesUsed},
                       {QStringLiteral("sentences_skipped"), skipped},
                       {QStringLiteral("words"), words},
                       {QStringLiteral("layers"), layers},
                       {QStringLiteral("heads"), heads},
                       {QStringLiteral("relations"), rels},
                       {QStringLiteral("mst"), QJsonObject{{QStringLiteral("uas"), matrixJson(uas)},
                                                           {QStringLiteral("uuas"), matrixJson(uuas)},
                                                           {QStringLiteral("right_branching_uas"), rightBranchingUas},
                                                           {QStringLiteral("left_branching_uas"), leftBranchingUas}}}};
}

SentenceView sentenceThroughHead(const AttentionSource& source, const TreebankSentence& sentence, int layer, int head,
                                 const QString& direction, const std::function<QString(int)>& pieceText)
{
    checkHead(source, layer, head);
    SentenceView v;
    v.words = sentence.forms();
    for (const auto& w : sentence.words) {
        v.gold.push_back(w.head);
        v.relations << w.relation;
    }
    const auto attention = sentenceAttention(source, v.words);
    if (!attention)
        throw Error(QStringLiteral("the sentence has %1 tokens, more than the model's context of %2")
                        .arg(source.tokenize(v.words).ids.size())
                        .arg(source.contextLength()));
    const int T = attention->tokenCount(), n = int(v.words.size());
    const WordMatrix w = attention->words(layer, head, n);
    const auto heads = syntax::predictHeads(w, parseDirection(direction));
    v.predicted.assign(heads.begin(), heads.end());
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            v.attention.push_back(w.at(i, j));
    for (int t = 0; t < T; ++t)
        v.pieces << pieceText(attention->tokens.ids[size_t(t)]);
    v.pieceWord = attention->tokens.tokenWord;
    const float* att = attention->head(layer, head);
    v.pieceAttention.assign(att, att + size_t(T) * size_t(T));
    return v;
}

std::vector<HeadSentence> headBySentence(const AttentionSource& source, const Treebank& treebank, int layer, int head,
                                         const QString& direction, const QString& relation, int maxSentences, const JobContext* context)
{
    checkHead(source, layer, head);
    const bool all = relation == kAll;
    auto counted = [&](const TreebankWord& w) { return w.head != 0 && (all || w.relation == relation); };
    std::vector<HeadSentence> out;
    const int total = sentenceLimit(treebank, maxSentences);
    for (int si = 0; si < total; ++si) {
        nextSentence(context, si, total);
        const TreebankSentence& sentence = treebank.sentences[size_t(si)];
        if (std::none_of(sentence.words.begin(), sentence.words.end(), counted))
            continue;
        const QStringList forms = sentence.forms();
        std::optional<SentenceAttention> attention;
        try {
            attention = sentenceAttention(source, forms);
        } catch (const WordWithoutTokens&) {
            continue; // not scored in the run either
        }
        if (!attention)
            continue;
        const int n = int(forms.size());
        const auto predicted = syntax::predictHeads(attention->words(layer, head, n), parseDirection(direction));
        HeadSentence hs;
        hs.sentence = si;
        hs.forms = forms;
        for (int i = 0; i < n; ++i) {
            const auto& w = sentence.words[size_t(i)];
            if (!counted(w))
                continue;
            ++hs.words;
            if (predicted[size_t(i)] == w.head)
                ++hs.correct;
            else
                hs.misses.push_back({i, predicted[size_t(i)] - 1, w.head - 1});
        }
        out.push_back(hs);
    }
    return out;
}

namespace {

std::vector<std::vector<double>> matrixFrom(const QJsonValue& v)
{
    std::vector<std::vector<double>> m;
    for (const QJsonValue& row : v.toArray()) {
        m.emplace_back();
        for (const QJsonValue& x : row.toArray())
            m.back().push_back(x.toDouble());
    }
    return m;
}

Interval intervalFrom(const QJsonValue& v)
{
    const QJsonArray a = v.toArray();
    return {a.at(0).toDouble(), a.at(1).toDouble()};
}

} // namespace

SyntaxScores SyntaxScores::fromJson(const QJsonObject& json)
{
    SyntaxScores s;
    s.model = json.value(QStringLiteral("model")).toString();
    s.treebank = json.value(QStringLiteral("treebank")).toString();
    s.sentencesUsed = json.value(QStringLiteral("sentences_used")).toInt();
    s.words = json.value(QStringLiteral("words")).toInt();
    s.layers = json.value(QStringLiteral("layers")).toInt();
    s.heads = json.value(QStringLiteral("heads")).toInt();
    const QJsonObject skipped = json.value(QStringLiteral("sentences_skipped")).toObject();
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        s.sentencesSkipped.insert(it.key(), it.value().toInt());
    const QJsonObject rels = json.value(QStringLiteral("relations")).toObject();
    for (auto it = rels.begin(); it != rels.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        RelationScores r;
        r.count = o.value(QStringLiteral("count")).toInt();
        r.dep2head = matrixFrom(o.value(QStringLiteral("dep2head")));
        r.head2dep = matrixFrom(o.value(QStringLiteral("head2dep")));
        const QJsonObject best = o.value(QStringLiteral("best")).toObject();
        r.bestLayer = best.value(QStringLiteral("layer")).toInt();
        r.bestHead = best.value(QStringLiteral("head")).toInt();
        r.bestDirection = best.value(QStringLiteral("direction")).toString();
        r.bestAccuracy = best.value(QStringLiteral("accuracy")).toDouble();
        r.bestInterval = intervalFrom(best.value(QStringLiteral("ci")));
        r.aboveBaseline = best.value(QStringLiteral("above_baseline")).toBool();
        const QJsonObject base = o.value(QStringLiteral("baseline")).toObject();
        r.baselineOffset = base.value(QStringLiteral("offset")).toInt();
        r.baselineAccuracy = base.value(QStringLiteral("accuracy")).toDouble();
        r.baselineInterval = intervalFrom(base.value(QStringLiteral("ci")));
        const QJsonObject freq = o.value(QStringLiteral("frequent_offset_baseline")).toObject();
        r.frequentOffset = freq.value(QStringLiteral("offset")).toInt();
        r.frequentOffsetAccuracy = freq.value(QStringLiteral("accuracy")).toDouble();
        if (int(r.dep2head.size()) != s.layers || int(r.head2dep.size()) != s.layers)
            throw Error(QStringLiteral("analysis for relation \"%1\" does not have %2 layers").arg(it.key()).arg(s.layers));
        for (const auto* m : {&r.dep2head, &r.head2dep})
            for (const auto& row : *m)
                if (int(row.size()) != s.heads)
                    throw Error(QStringLiteral("analysis for relation \"%1\" does not have %2 heads per layer").arg(it.key()).arg(s.heads));
        s.relations.insert(it.key(), r);
    }
    const QJsonObject mst = json.value(QStringLiteral("mst")).toObject();
    s.uas = matrixFrom(mst.value(QStringLiteral("uas")));
    s.uuas = matrixFrom(mst.value(QStringLiteral("uuas")));
    s.rightBranchingUas = mst.value(QStringLiteral("right_branching_uas")).toDouble();
    s.leftBranchingUas = mst.value(QStringLiteral("left_branching_uas")).toDouble();
    if (s.layers <= 0 || s.heads <= 0 || !s.relations.contains(QStringLiteral("all")))
        throw Error(QStringLiteral("not a syntax analysis (layers, heads or the \"all\" relation missing)"));
    return s;
}

QString SyntaxScores::toCsv() const
{
    QString out;
    QTextStream s(&out);
    s << "relation,layer,head,direction,accuracy,count\n";
    for (auto it = relations.begin(); it != relations.end(); ++it)
        for (int d = 0; d < 2; ++d) {
            const auto& m = d == 0 ? it.value().dep2head : it.value().head2dep;
            for (int l = 0; l < layers; ++l)
                for (int h = 0; h < heads; ++h)
                    s << it.key() << ',' << l << ',' << h << ',' << (d == 0 ? "dep2head" : "head2dep") << ','
                      << QString::number(m[size_t(l)][size_t(h)], 'f', 6) << ',' << it.value().count << '\n';
        }
    return out;
}

void SyntaxScores::writeFiles(const QString& dir) const
{
    if (!QDir().mkpath(dir))
        throw Error(QStringLiteral("%1: cannot create folder").arg(dir));
    writeJsonObjectFile(QDir(dir).filePath(QStringLiteral("scores.json")), toJson());
    writeFileAtomically(QDir(dir).filePath(QStringLiteral("scores.csv")), toCsv().toUtf8());
    writeFileAtomically(QDir(dir).filePath(QStringLiteral("scores.tex")), toLatex().toUtf8());
}

QString SyntaxScores::toLatex() const
{
    QString out;
    QTextStream s(&out);
    s << "% Best attention head per relation vs the best fixed-offset baseline.\n"
      << "% " << model << " on " << treebank << ", " << sentencesUsed << " sentences; 95% bootstrap intervals.\n"
      << "\\begin{tabular}{lrlrrr}\n\\hline\n"
      << "Relation & Count & Head (layer-head, direction) & Accuracy & Baseline (offset) & Accuracy \\\\\n\\hline\n";
    auto pct = [](double v) { return QString::number(100.0 * v, 'f', 1); };
    for (auto it = relations.begin(); it != relations.end(); ++it) {
        const RelationScores& r = it.value();
        QString rel = it.key();
        rel.replace(QLatin1Char('_'), QLatin1String("\\_"));
        s << rel << " & " << r.count << " & " << r.bestLayer << "-" << r.bestHead << " (" << r.bestDirection << ") & "
          << pct(r.bestAccuracy) << " [" << pct(r.bestInterval.low) << ", " << pct(r.bestInterval.high) << "]"
          << (r.aboveBaseline ? "$^*$" : "") << " & " << (r.baselineOffset > 0 ? "+" : "") << r.baselineOffset << " & "
          << pct(r.baselineAccuracy) << " [" << pct(r.baselineInterval.low) << ", " << pct(r.baselineInterval.high) << "] \\\\\n";
    }
    s << "\\hline\n\\end{tabular}\n% $^*$: the head's interval lies wholly above the baseline's.\n";
    return out;
}

} // namespace sonde

namespace sonde {

HeadReport headReport(const AttentionSource& source, const Treebank& treebank, int layer, int head, const QString& direction,
                      const QString& relation, int maxSentences, const JobContext* context)
{
    HeadReport report{layer, head, direction, relation, {}, {}, {}};
    report.sentences = headBySentence(source, treebank, layer, head, direction, relation, maxSentences, context);
    for (const HeadSentence& h : report.sentences) {
        const TreebankSentence& s = treebank.sentences[size_t(h.sentence)];
        report.texts << (s.text.isEmpty() ? s.forms().join(QLatin1Char(' ')) : s.text);
        report.ids << (s.sentId.isEmpty() ? QStringLiteral("sentence %1").arg(h.sentence + 1) : s.sentId);
    }
    return report;
}

} // namespace sonde
