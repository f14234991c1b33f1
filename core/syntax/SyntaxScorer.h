#pragma once
// Which attention heads track which dependency relations: every head of a
// model scored against a treebank's gold trees (Htut et al. 2019; Clark et al.
// 2019), with positional baselines, trees decoded from attention and bootstrap
// intervals. The conventions are those of issue 4 (and docs/architecture.md).
#include "syntax/Treebank.h"
#include "syntax/WordTokens.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace sonde {

class JobContext;
struct HostTensor;

// Where attention comes from: a model, or (in tests) attention made by hand.
class AttentionSource {
public:
    virtual ~AttentionSource() = default;
    virtual QString name() const = 0;
    virtual int layers() const = 0;
    virtual int heads() const = 0;
    virtual int contextLength() const = 0;
    virtual WordTokens tokenize(const QStringList& words) const = 0;
    // Per layer, [heads, T, T] (row = attending token).
    virtual std::vector<HostTensor> attentions(const std::vector<int>& ids, const WordTokens& tokens) const = 0;
};

struct ScoringOptions {
    int maxSentences = 0; // 0 = all
    int bootstrapResamples = 1000;
    std::uint64_t seed = 20191;
};

struct Interval {
    double low = 0, high = 0;
};

struct RelationScores {
    int count = 0;
    std::vector<std::vector<double>> dep2head, head2dep; // [layer][head]
    int bestLayer = 0, bestHead = 0;
    QString bestDirection;
    double bestAccuracy = 0;
    Interval bestInterval;
    int baselineOffset = 0;
    double baselineAccuracy = 0;
    Interval baselineInterval;
    bool aboveBaseline = false; // the best head's interval lies wholly above the baseline's
    int frequentOffset = 0;
    double frequentOffsetAccuracy = 0;
};

struct SyntaxScores {
    QString model, treebank;
    int sentencesUsed = 0;
    QMap<QString, int> sentencesSkipped; // reason → count
    std::vector<TreebankIssue> unscored; // each sentence the model skipped, with its line (not saved)
    int words = 0;
    int layers = 0, heads = 0;
    QMap<QString, RelationScores> relations; // includes "all"
    std::vector<std::vector<double>> uas, uuas; // [layer][head]
    double rightBranchingUas = 0, leftBranchingUas = 0;

    QJsonObject toJson() const;
    // Reads what toJson() wrote (a project's cached analysis). Throws sonde::Error.
    static SyntaxScores fromJson(const QJsonObject& json);
    QString toCsv() const;   // relation,layer,head,direction,accuracy,count
    QString toLatex() const; // best head vs baseline per relation (Clark et al.'s Table 1 shape)
    // scores.json, scores.csv and scores.tex into `dir` (created), each written atomically.
    void writeFiles(const QString& dir) const;
};

// How one head does, sentence by sentence, on one relation ("all" for every
// word): the head view's "where is it right, where is it wrong".
struct HeadSentence {
    struct Miss {
        int word = 0;      // 0-based index of the dependent
        int predicted = 0; // 0-based index of the head the attention head points at
        int gold = 0;      // 0-based index of the gold head
    };
    int sentence = 0; // index into the treebank's sentences
    int words = 0;    // words of the relation in it
    int correct = 0;
    QStringList forms;        // the sentence's words
    std::vector<Miss> misses; // each word of the relation the head gets wrong
};
std::vector<HeadSentence> headBySentence(const AttentionSource& source, const Treebank& treebank, int layer, int head,
                                         const QString& direction, const QString& relation, int maxSentences = 0,
                                         const JobContext* context = nullptr);

// One sentence seen through one head: what the sentence view draws.
struct SentenceView {
    QStringList words;
    std::vector<int> gold;        // 1-based heads, 0 = root
    QStringList relations;
    std::vector<int> predicted;   // 1-based, from the head in the given direction
    std::vector<double> attention; // word-level matrix [n, n] (row = attending word), diagonal kept
    QStringList pieces;           // the tokens, special ones included
    std::vector<int> pieceWord;   // word of each token, -1 for special tokens
    std::vector<double> pieceAttention; // token-level matrix [T, T]
};
SentenceView sentenceThroughHead(const AttentionSource& source, const TreebankSentence& sentence, int layer, int head,
                                 const QString& direction, const std::function<QString(int)>& pieceText);

// headBySentence with the sentences' texts and ids, as the head view shows it.
struct HeadReport {
    int layer = 0, head = 0;
    QString direction, relation;
    std::vector<HeadSentence> sentences;
    QStringList texts; // per entry of `sentences`: its text
    QStringList ids;   // … and its sent_id
};
HeadReport headReport(const AttentionSource& source, const Treebank& treebank, int layer, int head, const QString& direction,
                      const QString& relation, int maxSentences = 0, const JobContext* context = nullptr);

// Throws sonde::Error; honours cancellation and reports progress through `context`.
SyntaxScores scoreTreebank(const AttentionSource& source, const Treebank& treebank, const ScoringOptions& options = {},
                           const JobContext* context = nullptr);

} // namespace sonde
