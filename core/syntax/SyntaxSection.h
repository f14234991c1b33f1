#pragma once
// The Attention & Syntax workspace's section of a project, as a typed value.
// Schema 2 (this one) keeps every run with the project's model id and the
// SHA-256 of its weights when it was scored; schema 1 named models by folder
// and is migrated on loading. `sonde-cli syntax --project` and the page both
// change it only through SetSectionCommand with toJson().
//   "runs":    every stored run (SyntaxRun), in the order they were stored;
//   "shown":   the id of the run on display when the project opens;
//   "compare": the id of the run it is compared with ("" for none);
//   "notes":   the workspace's notes.
#include "syntax/SyntaxScorer.h"
#include "syntax/Treebank.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <vector>

namespace sonde {

struct ModelRef;

// The data set and options a run scored: together with the model, what makes
// two runs comparable.
struct SyntaxData {
    QString treebank; // a path, or ":/treebanks/…" for a built-in one
    int maxSentences = 0;
    bool keepSubtypes = false;

    TreebankOptions treebankOptions() const;
    QString describe() const; // "sonde-mini (built in), all sentences, subtypes collapsed"
    QString treebankName() const; // "sonde-mini (built in)" or the file name
    bool operator==(const SyntaxData& o) const;
};

struct SyntaxRun {
    QString id;
    QString modelId;                // the project's model; empty when the run's model is not in the project
    QString modelName;              // as the project named it when scored
    QMap<QString, QString> weights; // weight file → SHA-256 when scored
    SyntaxData data;
    QDateTime scoredAt;             // UTC; null for runs migrated from schema 1
    SyntaxScores scores;

    QJsonObject toJson() const;
    static SyntaxRun fromJson(const QJsonObject& json); // throws sonde::Error
    // Same model, weights and data: a new run replaces such an old one.
    bool sameInputs(const SyntaxRun& o) const;
};

struct SyntaxSection {
    static constexpr int kSchema = 2;

    QString notes;
    std::vector<SyntaxRun> runs;
    QString shown;
    QString compare;
    QList<QJsonObject> damaged; // stored runs that could not be read: kept as they are, not shown
    QStringList problems;       // why (not saved)

    static SyntaxSection fromJson(const QJsonObject& section);
    QJsonObject toJson() const;

    const SyntaxRun* run(const QString& id) const;
    // The latest run of a model on a data set, or null.
    const SyntaxRun* latest(const QString& modelId, const SyntaxData& data) const;
    // With `run` stored, replacing a run of the same inputs, and shown when
    // `makeShown` (or when nothing is shown yet). A shown run that is replaced
    // hands its place, and a comparison with it, to the new run.
    SyntaxSection withRun(const SyntaxRun& run, bool makeShown) const;
    SyntaxSection withoutRun(const QString& id) const;
};

QString newRunId();

// A folder name for each run ("sonde-demo-lm__sonde-mini", "gpt2__en_ewt-ud-dev__max100"),
// unique within the section (a second run of the same inputs gets "-2"), by run id.
QMap<QString, QString> runFolderNames(const SyntaxSection& section);

// Schema 1 → 2: runs by model folder become runs by model id (matched against
// the project's models by folder), with ids "run-1", "run-2", …
QJsonObject migrateSyntaxSection(const QJsonObject& section, int from, const QList<ModelRef>& models);

// The layers × heads matrix a heatmap shows: `view` is dep2head or head2dep
// (accuracy on `relation`), uas or uuas (trees over all relations). Empty when
// the relation is absent from the scores.
std::vector<std::vector<double>> headMatrix(const SyntaxScores& scores, const QString& relation, const QString& view);

// a − b cell by cell, or empty when the shapes differ or either lacks the relation.
std::vector<std::vector<double>> headDifference(const SyntaxScores& a, const SyntaxScores& b, const QString& relation,
                                                const QString& view);
bool sameShape(const SyntaxScores& a, const SyntaxScores& b);

} // namespace sonde
