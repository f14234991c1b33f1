#pragma once
// The Attention & Syntax workspace's figures, built from stored runs: the
// same ones the page shows and the batch export writes, each titled with the
// model and the data set it comes from.
#include "figures/BarChartFigure.h"
#include "figures/HeatmapFigure.h"
#include "syntax/SyntaxSection.h"

namespace sonde {

class Project;

// "sonde-demo-lm on sonde-mini (built in)"
QString runTitle(const SyntaxRun& run);
// The relations a run lists: every one with at least `minCount` words, most frequent first ("all" always).
QStringList listedRelations(const SyntaxScores& scores, int minCount);
// A small treebank has few words per relation: list more of them.
int defaultMinCount(const SyntaxScores& scores);
QString viewName(const QString& view); // "dependent → head", …

// Accuracy of every head on `relation` in `view` (dep2head, head2dep, uas, uuas),
// the best head marked when it is in this view.
HeatmapFigure runHeatmap(const SyntaxRun& run, const QString& relation, const QString& view);
// run − other on a diverging scale; when the two differ in shape, an empty
// figure saying why (per-relation best heads are compared in the table instead).
HeatmapFigure differenceHeatmap(const SyntaxRun& run, const SyntaxRun& other, const QString& relation, const QString& view);
// Best head vs best fixed offset per listed relation (at most 12), and the
// other run's best head beside them when given.
BarChartFigure bestHeadChart(const SyntaxRun& run, const SyntaxRun* other, int minCount);
// One sentence through one head: word-level (pieces pooled) or token-level attention, gold edges framed.
HeatmapFigure sentenceMatrix(const SentenceView& view, bool pieces, const QString& title);

// The batch export's figures of every stored run, into the folder core's
// export made for it: a heatmap per listed relation (best direction), the
// tree UAS heatmap, the chart, and differences for the project's comparison.
void exportSyntaxFigures(const Project& project, const QString& dir);

} // namespace sonde
