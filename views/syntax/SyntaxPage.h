#pragma once
// The Attention & Syntax workspace's page: pick a model and a data set,
// score every head (a cancellable job), and explore the run: the Overview
// (heatmap, relation table, chart), the Head tab (where one head is right and
// wrong), the Sentence tab (one sentence through it) and the Runs tab (every
// stored run: show, compare, delete).
//
// The page is a controller over one selection: a model, a data set, and the
// run of them on display. Everything the tabs show is derived from the
// project's section and that selection at each refresh; job results (a head's
// sentences, a sentence's attention) are kept with the run and head they were
// computed for and shown only while those are selected.
#include "jobs/JobRunner.h"
#include "project/Project.h"
#include "syntax/SyntaxShown.h"
#include "syntax/SyntaxTabs.h"
#include "workspace/WorkspacePage.h"

#include <QElapsedTimer>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace sonde {

class ViewRegistry;

class SyntaxPage : public WorkspacePage {
    Q_OBJECT
public:
    static constexpr const char* kBuiltinTreebank = ":/treebanks/sonde-mini.conllu";

    SyntaxPage(const WorkspaceContext& context, QWidget* parent = nullptr);

    std::unique_ptr<Figure> currentFigure(QString* why) const override;
    QList<QAction*> workspaceActions() override;

    // What a user does; the controls call these.
    void selectModel(const QString& modelId);
    void selectData(const SyntaxData& data);
    void showRun(const QString& runId);
    JobId scoreHeads(); // the selected model on the selected data; while scoring, cancels; 0 when nothing starts
    QList<JobId> scoreAllModels();
    void compareWith(const QString& runId); // through the undo stack; "" stops comparing
    void deleteRun(const QString& runId);   // through the undo stack
    void showRelation(const QString& relation, const QString& view);
    void chooseHead(int layer, int head); // on the Overview's relation and direction
    void chooseSentence(int index);

private:
    const SyntaxSection& section() const;
    SyntaxShown derive() const;
    void sectionChanged();
    void modelsChanged();
    void refresh();
    void syncControls(const SyntaxShown& shown);
    void startDerivedJobs(const SyntaxShown& shown);
    void stepSentence(int delta);
    JobId startScoring(const ModelRef& model, bool makeShown);
    void scoringProgress(JobId id, double fraction, const QString& message);
    void scoringFinished(JobId id);
    void pushSection(const SyntaxSection& section, const QString& text);

    // The selection.
    QString m_modelId;
    SyntaxData m_data;
    QString m_runId;        // the run chosen; empty: the latest of the model on the data
    QString m_followedShown; // the section's "shown" last followed (a new run, an undo)
    std::optional<HeadChoice> m_head;
    int m_sentence = -1;

    // Job results and what they were computed for.
    struct HeadResult {
        QString runId;
        HeadChoice choice;
        HeadReport report;
    };
    struct SentenceResult {
        QString runId;
        HeadChoice choice;
        int sentence = -1;
        SentenceView view;
    };
    std::optional<HeadResult> m_headResult;
    std::optional<SentenceResult> m_sentenceResult;
    QString m_headPending, m_sentencePending; // key of the job running for them
    QString m_headFailed, m_sentenceFailed;   // key of the last that failed (its error is shown)
    QString m_headStatus, m_sentenceStatus;
    QString m_scoreError; // the last scoring's failure, shown until the selection changes
    QList<JobId> m_scoring;
    QElapsedTimer m_scoringClock;

    // The section parsed, by the JSON (less notes) it came from: typing notes
    // changes the section on every key, and needs no new parse.
    mutable std::optional<QJsonObject> m_parsedFrom;
    mutable SyntaxSection m_parsed;

    QComboBox* m_model;
    QComboBox* m_treebank;
    QSpinBox* m_maxSentences;
    QCheckBox* m_keepSubtypes;
    QPushButton* m_score;
    QPushButton* m_scoreAll;
    QLabel* m_progress;
    QLabel* m_summary;
    QTabWidget* m_tabs;
    OverviewTab* m_overview;
    HeadTab* m_headTab;
    SentenceTab* m_sentenceTab;
    RunsTab* m_runsTab;
    QAction* m_scoreAction = nullptr;
    QAction* m_scoreAllAction = nullptr;
};

} // namespace sonde
