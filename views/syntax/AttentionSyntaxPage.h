#pragma once
// The Attention & Syntax workspace: pick a model and a treebank, score every
// head (a cancellable job), and explore the result: a layers × heads heatmap
// per relation and direction, the relation table and a chart of best head vs
// baseline. The analysis is stored in the project (through an undo command),
// so a reopened project shows it without recomputing.
#include "jobs/JobRunner.h"
#include "project/Project.h"
#include "syntax/SyntaxProject.h"
#include "syntax/SyntaxScorer.h"

#include <QWidget>
#include <optional>

class QChart;
class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTabWidget;
class QPushButton;
class QSpinBox;
class QTableView;
class QUndoStack;

namespace sonde {

class HeadHeatmap;
class SentenceArcs;
class RelationTableModel;

class AttentionSyntaxPage : public QWidget {
    Q_OBJECT
public:
    static constexpr const char* kDefaultTreebank = ":/treebanks/sonde-mini.conllu";

    AttentionSyntaxPage(Project* project, QUndoStack* undoStack, JobRunner* jobs, QWidget* parent = nullptr);

    // Where the analyses run: "cpu" or "cuda:N" (Model > Device).
    void setDevice(const QString& device) { m_device = device; }

    // Starts the analysis with the current controls; the job's id, or 0 when it cannot start.
    JobId runAnalysis();
    // Scores every model of the project on the current treebank and options
    // (one job each), keeping the selected model's run on display: the runs
    // a comparison needs, in one go.
    QList<JobId> runAnalysisForAllModels();
    const std::optional<SyntaxScores>& scores() const { return m_scores; }
    // The run the shown one is compared with (the overview then draws differences).
    const std::optional<SyntaxScores>& comparedScores() const { return m_compared; }
    // Compares the shown run with `modelPath`'s run on the same treebank (empty: none), through the undo stack.
    void setComparison(const QString& modelPath);
    void showRelation(const QString& relation, const QString& view); // view: dep2head, head2dep, uas, uuas
    // The whole analysis into `dir`: scores.json/.csv/.tex, and as PNG, SVG and
    // PDF the heatmap of every listed relation (its best direction), the tree
    // UAS heatmap and the chart. Throws sonde::Error; false when there is nothing.
    bool exportAnalysis(const QString& dir);

    // Lists the sentences where a head is right and wrong for the shown relation.
    JobId showHead(int layer, int head);
    // Shows treebank sentence `index` through the head last shown in the head view.
    JobId showSentence(int index);

Q_SIGNALS:
    void headShown(int layer, int head);
    void sentenceShown(int index);
    void analysisStored();
    void analysisFailed(const QString& message);

private:
    void syncFromProject();
    JobId startAnalysis(const AnalysisSettings& settings, bool makeCurrent);
    AnalysisSettings controlSettings() const;
    void showStoredRun();
    void refreshComparisons();
    void refreshModels();
    void refreshViews();
    void refreshHeatmap();
    void refreshChart();
    QChart* buildChart() const;

    Project* m_project;
    QUndoStack* m_undo;
    JobRunner* m_jobs;
    std::vector<StoredAnalysis> m_runs;
    std::optional<SyntaxScores> m_scores, m_compared;
    AnalysisSettings m_shownSettings; // of m_scores
    AnalysisSettings m_syncedSettings; // the project's settings last copied into the controls
    std::optional<QJsonObject> m_syncedSection; // the section (less its notes) last shown
    QString m_problems;               // damaged stored runs
    QString m_device = QStringLiteral("cpu");

    QComboBox* m_model;
    QLineEdit* m_treebank;
    QSpinBox* m_maxSentences;
    QCheckBox* m_keepSubtypes;
    QPushButton* m_run;
    QPushButton* m_runAll;
    QLabel* m_summary;
    QComboBox* m_relation;
    QComboBox* m_view;
    QSpinBox* m_minCount;
    QComboBox* m_compare;
    HeadHeatmap* m_heatmap;
    RelationTableModel* m_tableModel;
    QTableView* m_table;
    QChartView* m_chart;
    QTabWidget* m_tabs;
    QLabel* m_headTitle;
    QListWidget* m_headRight;
    QListWidget* m_headWrong;
    int m_headLayer = -1, m_headHead = -1;
    QString m_headDirection;
    SentenceArcs* m_arcs;
    HeadHeatmap* m_sentenceMatrix;
    QCheckBox* m_pieceLevel;
    QLabel* m_sentenceTitle;
    std::optional<SentenceView> m_sentence;
    void refreshSentenceMatrix();
};

} // namespace sonde
