#pragma once
// How the Attention & Syntax workspace keeps its work in the project's
// "attention" section, shared by the GUI page and `sonde-cli syntax --project`:
//   "settings": the controls of the run shown (model folder, treebank, options);
//   "analyses": every stored run, each {"settings", "scores"}, one per model,
//               treebank and options, so two models can be compared;
//   "compare":  the model folder of the run the shown one is compared with.
// Projects written before comparisons existed hold one run as "analysis";
// it is read as the only entry of "analyses".
#include "syntax/SyntaxScorer.h"
#include "syntax/Treebank.h"

#include <QJsonObject>
#include <QString>
#include <vector>

namespace sonde {

struct AnalysisSettings {
    QString modelPath, treebank;
    int maxSentences = 0;
    bool keepSubtypes = false;

    static AnalysisSettings fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
    TreebankOptions treebankOptions() const;
    bool operator==(const AnalysisSettings& o) const;
};

struct StoredAnalysis {
    AnalysisSettings settings;
    SyntaxScores scores;
};

AnalysisSettings currentSettings(const QJsonObject& section);

// The section's runs. A damaged entry is skipped and described in `problems`.
std::vector<StoredAnalysis> storedAnalyses(const QJsonObject& section, QStringList* problems = nullptr);

// The section with `scores` stored (replacing a run with the same settings),
// made the one shown when `makeCurrent` (or when nothing is shown yet).
QJsonObject withAnalysis(const QJsonObject& section, const AnalysisSettings& settings, const SyntaxScores& scores,
                         bool makeCurrent = true);

// The run a view shows for `settings`, and the one it is compared with (by
// model folder, on the same treebank and options), or null.
const StoredAnalysis* findAnalysis(const std::vector<StoredAnalysis>& runs, const AnalysisSettings& settings);
const StoredAnalysis* findComparison(const std::vector<StoredAnalysis>& runs, const AnalysisSettings& shown, const QString& otherModel);

// The layers × heads matrix a heatmap shows: `view` is dep2head or head2dep
// (accuracy on `relation`), uas or uuas (trees over all relations). Empty when
// the relation is absent from the scores.
std::vector<std::vector<double>> headMatrix(const SyntaxScores& scores, const QString& relation, const QString& view);

// a − b cell by cell. Throws sonde::Error naming both models when their
// layers × heads differ; empty when either lacks the relation.
std::vector<std::vector<double>> headDifference(const SyntaxScores& a, const SyntaxScores& b, const QString& relation,
                                                const QString& view);

} // namespace sonde
