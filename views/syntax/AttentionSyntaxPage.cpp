#include "AttentionSyntaxPage.h"

#include "HeadHeatmap.h"
#include "NotesEditor.h"
#include "RelationTableModel.h"
#include "SentenceArcs.h"
#include "ViewExport.h"
#include "Error.h"
#include "project/commands/SetWorkspaceCommand.h"

#include <QBarCategoryAxis>
#include <QHorizontalBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QDir>
#include <QFormLayout>
#include <QRegularExpression>
#include <QScrollArea>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QValueAxis>
#include <QVBoxLayout>

namespace sonde {

namespace {

const QString kCompareKey = QStringLiteral("compare");
constexpr int kMinimumCell = 16; // px: below this a sentence's matrix scrolls

// A word-wrapping list under a title, added to `parent`.
QListWidget* titledList(QWidget* parent, const QString& title, const QString& objectName)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(title, box));
    auto* list = new QListWidget(box);
    list->setObjectName(objectName);
    list->setWordWrap(true);
    layout->addWidget(list);
    return list;
}

// A relation name as part of a file name ("nsubj:pass" → "nsubj_pass").
QString fileSafe(QString name)
{
    return name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("_"));
}

} // namespace

AttentionSyntaxPage::AttentionSyntaxPage(Project* project, QUndoStack* undoStack, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_project(project), m_undo(undoStack), m_jobs(jobs)
{
    setObjectName(QStringLiteral("workspace-attention"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);

    // Controls.
    auto* controls = new QHBoxLayout;
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("syntaxModel"));
    m_model->setMinimumWidth(180);
    m_treebank = new QLineEdit(QString::fromLatin1(kDefaultTreebank), this);
    m_treebank->setObjectName(QStringLiteral("syntaxTreebank"));
    m_treebank->setToolTip(QStringLiteral("A CoNLL-U treebank; the default is Sonde's own mini treebank"));
    auto* browse = new QToolButton(this);
    browse->setText(QStringLiteral("…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open Treebank"), QString(),
                                                          QStringLiteral("CoNLL-U (*.conllu);;All files (*)"));
        if (!path.isEmpty())
            m_treebank->setText(path);
    });
    m_maxSentences = new QSpinBox(this);
    m_maxSentences->setRange(0, 1000000);
    m_maxSentences->setSpecialValueText(QStringLiteral("all"));
    m_maxSentences->setToolTip(QStringLiteral("Sentences to score (all by default)"));
    m_keepSubtypes = new QCheckBox(QStringLiteral("Keep subtypes"), this);
    m_run = new QPushButton(QStringLiteral("Score Heads"), this);
    m_run->setObjectName(QStringLiteral("runSyntax"));
    connect(m_run, &QPushButton::clicked, this, [this] { runAnalysis(); });
    m_runAll = new QPushButton(QStringLiteral("Score All Models"), this);
    m_runAll->setObjectName(QStringLiteral("runSyntaxAll"));
    m_runAll->setToolTip(QStringLiteral("Score every model of the project on this treebank, to compare them"));
    connect(m_runAll, &QPushButton::clicked, this, [this] { runAnalysisForAllModels(); });
    controls->addWidget(new QLabel(QStringLiteral("Model"), this));
    controls->addWidget(m_model);
    controls->addWidget(new QLabel(QStringLiteral("Treebank"), this));
    controls->addWidget(m_treebank, 1);
    controls->addWidget(browse);
    controls->addWidget(new QLabel(QStringLiteral("Sentences"), this));
    controls->addWidget(m_maxSentences);
    controls->addWidget(m_keepSubtypes);
    controls->addWidget(m_run);
    controls->addWidget(m_runAll);
    layout->addLayout(controls);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("syntaxSummary"));
    m_summary->setWordWrap(true);
    // Room for two lines: a wrapped label's height is not always re-laid out when its text grows.
    m_summary->setMinimumHeight(2 * m_summary->fontMetrics().lineSpacing() + 2);
    layout->addWidget(m_summary);

    // Overview: heatmap on the left; table and chart on the right.
    auto* tabs = new QTabWidget(this);
    m_tabs = tabs;
    auto* overview = new QSplitter(Qt::Horizontal, tabs);
    auto* left = new QWidget(overview);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* pick = new QHBoxLayout;
    m_relation = new QComboBox(left);
    m_relation->setObjectName(QStringLiteral("syntaxRelation"));
    m_view = new QComboBox(left);
    m_view->setObjectName(QStringLiteral("syntaxView"));
    m_view->addItem(QStringLiteral("dependent → head"), QStringLiteral("dep2head"));
    m_view->addItem(QStringLiteral("head → dependent"), QStringLiteral("head2dep"));
    m_view->addItem(QStringLiteral("tree UAS (Chu-Liu-Edmonds)"), QStringLiteral("uas"));
    m_view->addItem(QStringLiteral("undirected tree UUAS"), QStringLiteral("uuas"));
    m_compare = new QComboBox(left);
    m_compare->setObjectName(QStringLiteral("syntaxCompare"));
    pick->addWidget(new QLabel(QStringLiteral("Relation"), left));
    pick->addWidget(m_relation, 1);
    pick->addWidget(m_view, 1);
    pick->addWidget(new QLabel(QStringLiteral("Compare with"), left));
    pick->addWidget(m_compare, 1);
    leftLayout->addLayout(pick);
    m_heatmap = new HeadHeatmap(left);
    leftLayout->addWidget(m_heatmap, 1);

    auto* right = new QWidget(overview);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* filter = new QHBoxLayout;
    m_minCount = new QSpinBox(right);
    m_minCount->setRange(0, 1000000);
    m_minCount->setValue(10);
    filter->addWidget(new QLabel(QStringLiteral("Relations with at least"), right));
    filter->addWidget(m_minCount);
    filter->addWidget(new QLabel(QStringLiteral("words"), right));
    filter->addStretch(1);
    rightLayout->addLayout(filter);
    m_tableModel = new RelationTableModel(this);
    m_table = new QTableView(right);
    m_table->setObjectName(QStringLiteral("relationTable"));
    m_table->setModel(m_tableModel);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    rightLayout->addWidget(m_table, 2);
    m_chart = new QChartView(right);
    m_chart->setObjectName(QStringLiteral("relationChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(300);
    rightLayout->addWidget(m_chart, 3);
    overview->addWidget(left);
    overview->addWidget(right);
    overview->setStretchFactor(0, 1);
    overview->setStretchFactor(1, 1);
    tabs->addTab(overview, QStringLiteral("Overview"));
    // Head view: where the clicked head is right and where it is wrong.
    auto* headPage = new QWidget(tabs);
    auto* headLayout = new QVBoxLayout(headPage);
    m_headTitle = new QLabel(QStringLiteral("Click a head in the heatmap to see the sentences where it is right and wrong."), headPage);
    m_headTitle->setObjectName(QStringLiteral("headTitle"));
    m_headTitle->setWordWrap(true);
    headLayout->addWidget(m_headTitle);
    auto* lists = new QSplitter(Qt::Horizontal, headPage);
    m_headRight = titledList(lists, QStringLiteral("<b>Right</b> on every word of the relation"), QStringLiteral("headRight"));
    m_headWrong = titledList(lists, QStringLiteral("<b>Wrong</b> somewhere: word → predicted head (gold)"), QStringLiteral("headWrong"));
    headLayout->addWidget(lists, 1);
    tabs->addTab(headPage, QStringLiteral("Head"));

    // Sentence view: arcs and the attention matrix of one sentence through the head.
    auto* sentencePage = new QWidget(tabs);
    auto* sentenceLayout = new QVBoxLayout(sentencePage);
    auto* sentenceTop = new QHBoxLayout;
    m_sentenceTitle = new QLabel(QStringLiteral("Double-click a sentence in the head view."), sentencePage);
    m_sentenceTitle->setWordWrap(true);
    m_pieceLevel = new QCheckBox(QStringLiteral("Pieces (tokens) instead of words"), sentencePage);
    m_pieceLevel->setObjectName(QStringLiteral("pieceLevel"));
    sentenceTop->addWidget(m_sentenceTitle, 1);
    sentenceTop->addWidget(m_pieceLevel);
    sentenceLayout->addLayout(sentenceTop);
    auto* sentenceSplit = new QSplitter(Qt::Vertical, sentencePage);
    m_arcs = new SentenceArcs(sentenceSplit);
    // Long sentences at piece level get cells of a readable size and scroll.
    auto* matrixScroll = new QScrollArea(sentenceSplit);
    matrixScroll->setWidgetResizable(true);
    matrixScroll->setFrameShape(QFrame::NoFrame);
    m_sentenceMatrix = new HeadHeatmap(matrixScroll);
    m_sentenceMatrix->setObjectName(QStringLiteral("sentenceMatrix"));
    matrixScroll->setWidget(m_sentenceMatrix);
    sentenceSplit->addWidget(m_arcs);
    sentenceSplit->addWidget(matrixScroll);
    sentenceSplit->setStretchFactor(1, 2);
    sentenceLayout->addWidget(sentenceSplit, 1);
    tabs->addTab(sentencePage, QStringLiteral("Sentence"));
    connect(m_pieceLevel, &QCheckBox::toggled, this, [this] { refreshSentenceMatrix(); });
    for (QListWidget* list : {m_headRight, m_headWrong})
        connect(list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) { showSentence(item->data(Qt::UserRole).toInt()); });
    tabs->addTab(new NotesEditor(Workspace::Attention, project, undoStack, tabs), QStringLiteral("Notes"));
    connect(m_heatmap, &HeadHeatmap::headClicked, this, [this](int layer, int head) { showHead(layer, head); });
    layout->addWidget(tabs, 1);

    connect(m_relation, &QComboBox::currentTextChanged, this, [this] { refreshHeatmap(); });
    connect(m_view, &QComboBox::currentIndexChanged, this, [this] { refreshHeatmap(); });
    connect(m_minCount, &QSpinBox::valueChanged, this, [this] { refreshViews(); });
    connect(m_compare, &QComboBox::activated, this, [this] { setComparison(m_compare->currentData().toString()); });
    // Another model (or treebank, or option) that was scored before: show its stored run.
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] { showStoredRun(); });
    connect(m_treebank, &QLineEdit::editingFinished, this, [this] { showStoredRun(); });
    connect(m_maxSentences, &QSpinBox::valueChanged, this, [this] { showStoredRun(); });
    connect(m_keepSubtypes, &QCheckBox::toggled, this, [this] { showStoredRun(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { m_relation->setCurrentText(m_tableModel->relation(current.row())); });
    connect(project, &Project::modelsChanged, this, &AttentionSyntaxPage::refreshModels);
    connect(project, &Project::workspaceChanged, this, [this](Workspace w) {
        if (w == Workspace::Attention)
            syncFromProject();
    });
    refreshModels();
    syncFromProject();
}

void AttentionSyntaxPage::refreshModels()
{
    const QString current = m_model->currentData().toString();
    m_model->clear();
    for (const ModelRef& m : m_project->models())
        m_model->addItem(m.name, m.path);
    const int index = m_model->findData(current);
    if (index >= 0)
        m_model->setCurrentIndex(index);
    m_run->setEnabled(m_model->count() > 0);
    m_runAll->setEnabled(m_model->count() > 1);
    m_run->setToolTip(m_model->count() > 0 ? QString() : QStringLiteral("Add a model first (Model > Open Model Folder…)"));
}

JobId AttentionSyntaxPage::runAnalysis()
{
    if (m_model->count() == 0)
        return 0;
    return startAnalysis(controlSettings(), true);
}

QList<JobId> AttentionSyntaxPage::runAnalysisForAllModels()
{
    QList<JobId> jobs;
    const AnalysisSettings selected = controlSettings();
    for (const ModelRef& m : m_project->models()) {
        AnalysisSettings s = selected;
        s.modelPath = m.path;
        jobs << startAnalysis(s, m.path == selected.modelPath);
    }
    return jobs;
}

JobId AttentionSyntaxPage::startAnalysis(const AnalysisSettings& s, bool makeCurrent)
{
    m_summary->setText(QStringLiteral("Scoring…"));
    return m_jobs->start<SyntaxScores>(
        QStringLiteral("Scoring attention heads of %1").arg(QFileInfo(s.modelPath).fileName()),
        [s, device = m_device](JobContext& ctx) {
            ScoringOptions options;
            options.maxSentences = s.maxSentences;
            return analyseTreebank(s.modelPath, s.treebank, s.treebankOptions(), options, &ctx, device);
        },
        [this, s, makeCurrent](SyntaxScores scores) {
            const QJsonObject section = withAnalysis(m_project->workspace(Workspace::Attention), s, scores, makeCurrent);
            m_undo->push(new SetWorkspaceCommand(m_project, Workspace::Attention, section, QStringLiteral("Score Attention Heads")));
            Q_EMIT analysisStored();
        },
        [this](const QString& error) {
            m_summary->setText(QStringLiteral("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
            Q_EMIT analysisFailed(error);
        },
        QStringLiteral("syntax-analysis:") + s.modelPath); // a new run of one model supersedes its running one
}

JobId AttentionSyntaxPage::showHead(int layer, int head)
{
    if (!m_scores)
        return 0;
    const AnalysisSettings settings = m_shownSettings;
    const QString device = m_device;
    const QString view = m_view->currentData().toString();
    const QString direction = view == QLatin1String("head2dep") ? view : QStringLiteral("dep2head"); // tree views: dep2head
    const QString relation = m_relation->currentText().isEmpty() ? QStringLiteral("all") : m_relation->currentText();
    m_headTitle->setText(QStringLiteral("Layer %1, head %2, %3 on %4: finding sentences…").arg(layer).arg(head).arg(direction, relation));
    return m_jobs->start<HeadReport>(
        QStringLiteral("Head %1-%2 by sentence").arg(layer).arg(head),
        [=](JobContext& ctx) {
            return analyseHead(settings.modelPath, settings.treebank, settings.treebankOptions(), layer, head, direction, relation,
                               settings.maxSentences, &ctx, device);
        },
        [this](HeadReport report) {
            m_headRight->clear();
            m_headWrong->clear();
            int correct = 0, words = 0;
            for (size_t i = 0; i < report.sentences.size(); ++i) {
                const HeadSentence& h = report.sentences[i];
                correct += h.correct;
                words += h.words;
                auto* item = new QListWidgetItem(h.correct == h.words ? report.texts[qsizetype(i)]
                                                                     : QStringLiteral("%1\n    %2").arg(report.texts[qsizetype(i)], h.misses.join(QStringLiteral("; "))));
                item->setToolTip(report.ids[qsizetype(i)]);
                item->setData(Qt::UserRole, h.sentence);
                (h.correct == h.words ? m_headRight : m_headWrong)->addItem(item);
            }
            m_headTitle->setText(QStringLiteral("Layer %1, head %2, %3 on <b>%4</b>: right on %5 of %6 words; %7 sentences all right, %8 with errors.")
                                     .arg(report.layer)
                                     .arg(report.head)
                                     .arg(report.direction, report.relation.toHtmlEscaped())
                                     .arg(correct)
                                     .arg(words)
                                     .arg(m_headRight->count())
                                     .arg(m_headWrong->count()));
            m_headLayer = report.layer;
            m_headHead = report.head;
            m_headDirection = report.direction;
            m_tabs->setCurrentIndex(1);
            Q_EMIT headShown(report.layer, report.head);
        },
        [this](const QString& error) { m_headTitle->setText(error.toHtmlEscaped()); }, QStringLiteral("head-view"));
}

JobId AttentionSyntaxPage::showSentence(int index)
{
    if (m_headLayer < 0 || !m_scores)
        return 0;
    const AnalysisSettings settings = m_shownSettings;
    const QString device = m_device;
    const int layer = m_headLayer, head = m_headHead;
    const QString direction = m_headDirection;
    return m_jobs->start<SentenceView>(
        QStringLiteral("Sentence %1 through head %2-%3").arg(index + 1).arg(layer).arg(head),
        [=](JobContext& ctx) {
            return analyseSentence(settings.modelPath, settings.treebank, settings.treebankOptions(), index, layer, head, direction, &ctx,
                                   device);
        },
        [this, index, layer, head, direction](SentenceView view) {
            m_sentence = std::move(view);
            int right = 0, words = 0;
            for (size_t i = 0; i < m_sentence->gold.size(); ++i)
                if (m_sentence->gold[i] != 0) {
                    ++words;
                    right += m_sentence->predicted[i] == m_sentence->gold[i];
                }
            m_sentenceTitle->setText(QStringLiteral("Sentence %1 through layer %2, head %3 (%4): %5 of %6 heads right.")
                                         .arg(index + 1)
                                         .arg(layer)
                                         .arg(head)
                                         .arg(direction)
                                         .arg(right)
                                         .arg(words));
            m_arcs->setSentence(m_sentence->words, m_sentence->gold, m_sentence->relations, m_sentence->predicted);
            refreshSentenceMatrix();
            m_tabs->setCurrentIndex(2);
            Q_EMIT sentenceShown(index);
        },
        [this](const QString& error) { m_sentenceTitle->setText(error.toHtmlEscaped()); }, QStringLiteral("sentence-view"));
}

void AttentionSyntaxPage::refreshSentenceMatrix()
{
    if (!m_sentence)
        return;
    const SentenceView& v = *m_sentence;
    std::vector<std::vector<double>> rows;
    std::vector<std::pair<int, int>> gold;
    if (m_pieceLevel->isChecked()) {
        const int T = int(v.pieces.size());
        for (int i = 0; i < T; ++i)
            rows.emplace_back(v.pieceAttention.begin() + i * T, v.pieceAttention.begin() + (i + 1) * T);
        // Gold edges between every piece of a dependent and every piece of its head.
        for (int i = 0; i < T; ++i)
            for (int j = 0; j < T; ++j)
                if (v.pieceWord[size_t(i)] >= 0 && v.pieceWord[size_t(j)] >= 0 && v.gold[size_t(v.pieceWord[size_t(i)])] == v.pieceWord[size_t(j)] + 1)
                    gold.emplace_back(i, j);
        m_sentenceMatrix->setData(rows, QStringLiteral("Token attention (row attends to column); gold edges framed"));
        m_sentenceMatrix->setAxes(v.pieces, v.pieces, QStringLiteral("attending token"), QStringLiteral("attended token"), gold);
        m_sentenceMatrix->setMinimumSize(kMinimumCell * T + 260, kMinimumCell * T + 100);
    } else {
        const int n = int(v.words.size());
        for (int i = 0; i < n; ++i)
            rows.emplace_back(v.attention.begin() + i * n, v.attention.begin() + (i + 1) * n);
        for (int i = 0; i < n; ++i)
            if (v.gold[size_t(i)] > 0)
                gold.emplace_back(i, v.gold[size_t(i)] - 1);
        m_sentenceMatrix->setData(rows, QStringLiteral("Word attention (pieces pooled; row attends to column); gold edges framed"));
        m_sentenceMatrix->setAxes(v.words, v.words, QStringLiteral("dependent"), QStringLiteral("head"), gold);
        m_sentenceMatrix->setMinimumSize(kMinimumCell * n + 260, kMinimumCell * n + 100);
    }
}

void AttentionSyntaxPage::syncFromProject()
{
    const QJsonObject section = m_project->workspace(Workspace::Attention);
    // Typing notes changes the section on every key; the runs (parsed from
    // JSON) and the views only need redoing when something else changed.
    QJsonObject withoutNotes = section;
    withoutNotes.remove(QStringLiteral("notes"));
    if (m_syncedSection && *m_syncedSection == withoutNotes)
        return;
    m_syncedSection = withoutNotes;
    QStringList problems;
    m_runs = storedAnalyses(section, &problems);
    // The controls follow the project's settings when those change (a new run,
    // undo, another project), not on every change of the section (notes, a
    // comparison), so a stored run picked in the controls stays on display.
    if (section.contains(QStringLiteral("settings")) && !(currentSettings(section) == m_syncedSettings)) {
        const AnalysisSettings settings = currentSettings(section);
        m_syncedSettings = settings;
        const QSignalBlocker blockModel(m_model), blockTreebank(m_treebank), blockMax(m_maxSentences), blockSubtypes(m_keepSubtypes);
        const int index = m_model->findData(settings.modelPath);
        if (index >= 0)
            m_model->setCurrentIndex(index);
        m_treebank->setText(settings.treebank.isEmpty() ? QString::fromLatin1(kDefaultTreebank) : settings.treebank);
        m_maxSentences->setValue(settings.maxSentences);
        m_keepSubtypes->setChecked(settings.keepSubtypes);
        m_shownSettings = settings;
    }
    m_problems = problems.join(QStringLiteral("; "));
    showStoredRun();
}

AnalysisSettings AttentionSyntaxPage::controlSettings() const
{
    AnalysisSettings s;
    s.modelPath = m_model->currentData().toString();
    s.treebank = m_treebank->text();
    s.maxSentences = m_maxSentences->value();
    s.keepSubtypes = m_keepSubtypes->isChecked();
    return s;
}

// Shows the stored run that matches the controls (so picking another model
// that was scored before shows its result without recomputing), else the run
// last scored; then the comparison with another model on the same treebank.
void AttentionSyntaxPage::showStoredRun()
{
    const StoredAnalysis* run = findAnalysis(m_runs, controlSettings());
    if (!run)
        run = findAnalysis(m_runs, currentSettings(m_project->workspace(Workspace::Attention)));
    if (!run && !m_runs.empty())
        run = &m_runs.back();
    const bool otherRun = !m_scores || !run || !(run->settings == m_shownSettings);
    m_scores.reset();
    if (run) {
        m_scores = run->scores;
        m_shownSettings = run->settings;
        if (otherRun) { // a small treebank has few words per relation: list more of them
            const QSignalBlocker block(m_minCount);
            m_minCount->setValue(run->scores.words < 1000 ? 3 : 10);
        }
    }
    refreshComparisons();
    refreshViews();
}

void AttentionSyntaxPage::refreshComparisons()
{
    const QString stored = m_project->workspace(Workspace::Attention).value(kCompareKey).toString();
    const QSignalBlocker block(m_compare);
    m_compare->clear();
    m_compare->addItem(QStringLiteral("nothing"), QString());
    if (m_scores)
        for (const StoredAnalysis& run : m_runs)
            if (findComparison(m_runs, m_shownSettings, run.settings.modelPath) == &run)
                m_compare->addItem(QFileInfo(run.settings.modelPath).fileName(), run.settings.modelPath);
    m_compare->setCurrentIndex(std::max(0, m_compare->findData(stored)));
    m_compare->setEnabled(m_compare->count() > 1);
    m_compare->setToolTip(m_compare->count() > 1 ? QStringLiteral("Show the difference to another model's scores on this treebank")
                                                 : QStringLiteral("Score another model on the same treebank to compare"));
    const StoredAnalysis* other = m_scores ? findComparison(m_runs, m_shownSettings, m_compare->currentData().toString()) : nullptr;
    m_compared = other ? std::optional<SyntaxScores>(other->scores) : std::nullopt;
}

void AttentionSyntaxPage::setComparison(const QString& modelPath)
{
    QJsonObject section = m_project->workspace(Workspace::Attention);
    if (section.value(kCompareKey).toString() == modelPath && currentSettings(section) == m_shownSettings)
        return;
    section.insert(kCompareKey, modelPath);
    if (m_scores) // the comparison is of the run on display: it is what a reopened project shows
        section.insert(QStringLiteral("settings"), m_shownSettings.toJson());
    m_undo->push(new SetWorkspaceCommand(m_project, Workspace::Attention, section,
                                         modelPath.isEmpty() ? QStringLiteral("Stop Comparing") : QStringLiteral("Compare Models")));
}

void AttentionSyntaxPage::refreshViews()
{
    m_tableModel->setScores(m_scores ? &*m_scores : nullptr, m_minCount->value());
    const QString keep = m_relation->currentText();
    m_relation->blockSignals(true);
    m_relation->clear();
    m_relation->addItems(m_tableModel->relations());
    m_relation->setCurrentText(keep.isEmpty() ? QStringLiteral("all") : keep);
    m_relation->blockSignals(false);
    if (m_scores) {
        const SyntaxScores& s = *m_scores;
        const RelationScores& all = s.relations.value(QStringLiteral("all"));
        QStringList skipped;
        for (auto it = s.sentencesSkipped.begin(); it != s.sentencesSkipped.end(); ++it)
            skipped << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        m_summary->setText(QStringLiteral("<b>%1</b> on <b>%2</b>: %3 sentences, %4 words%5. Best head overall: layer %6 head %7 "
                                          "(%8) %9%, fixed offset %10: %11%. Trees from attention: best UAS %12%, "
                                          "right-branching %13%, left-branching %14%.")
                               .arg(QFileInfo(s.model).fileName().toHtmlEscaped(), QFileInfo(s.treebank).fileName().toHtmlEscaped())
                               .arg(s.sentencesUsed)
                               .arg(s.words)
                               .arg(skipped.isEmpty() ? QString() : QStringLiteral(" (skipped: %1)").arg(skipped.join(QStringLiteral(", "))))
                               .arg(all.bestLayer)
                               .arg(all.bestHead)
                               .arg(all.bestDirection)
                               .arg(100.0 * all.bestAccuracy, 0, 'f', 1)
                               .arg(all.baselineOffset)
                               .arg(100.0 * all.baselineAccuracy, 0, 'f', 1)
                               .arg([&] {
                                   double best = 0;
                                   for (const auto& row : s.uas)
                                       for (double v : row)
                                           best = std::max(best, v);
                                   return 100.0 * best;
                               }(), 0, 'f', 1)
                               .arg(100.0 * s.rightBranchingUas, 0, 'f', 1)
                               .arg(100.0 * s.leftBranchingUas, 0, 'f', 1));
    } else if (!m_problems.isEmpty()) {
        m_summary->setText(QStringLiteral("%1. Run the analysis again.").arg(m_problems.toHtmlEscaped()));
    } else if (!m_jobs->runningCount()) {
        m_summary->setText(QStringLiteral("No analysis yet. Choose a model and a treebank, then Score Heads."));
    }
    refreshHeatmap();
    refreshChart();
}

void AttentionSyntaxPage::showRelation(const QString& relation, const QString& view)
{
    m_relation->setCurrentText(relation);
    m_view->setCurrentIndex(m_view->findData(view));
    refreshHeatmap();
}

bool AttentionSyntaxPage::exportAnalysis(const QString& dir)
{
    if (!m_scores)
        return false;
    m_scores->writeFiles(dir);
    HeadHeatmap heatmap;
    heatmap.resize(560, 420);
    heatmap.ensurePolished();
    for (const QString& rel : m_tableModel->relations()) {
        const RelationScores& r = m_scores->relations[rel];
        const bool dep = r.bestDirection == QLatin1String("dep2head");
        heatmap.setData(dep ? r.dep2head : r.head2dep, QStringLiteral("%1 (%2 words), %3").arg(rel).arg(r.count).arg(r.bestDirection),
                        r.bestLayer, r.bestHead);
        for (const QString& format : exportFormats())
            exportWidget(&heatmap, QDir(dir).filePath(QStringLiteral("heatmap-%1-%2.%3").arg(fileSafe(rel), r.bestDirection, format)));
    }
    if (m_compared) // the comparison on display, for every listed relation
        for (const QString& rel : m_tableModel->relations()) {
            if (!m_compared->relations.contains(rel))
                continue;
            const QString direction = m_scores->relations[rel].bestDirection;
            heatmap.setData(headDifference(*m_scores, *m_compared, rel, direction),
                            QStringLiteral("Δ %1 − %2: %3, %4").arg(QFileInfo(m_scores->model).fileName(), QFileInfo(m_compared->model).fileName(), rel, direction),
                            -1, -1, HeadHeatmap::Scale::Difference);
            for (const QString& format : exportFormats())
                exportWidget(&heatmap, QDir(dir).filePath(QStringLiteral("delta-%1-%2.%3").arg(fileSafe(rel), direction, format)));
        }
    heatmap.setData(m_scores->uas, QStringLiteral("Tree UAS per head (all relations)"));
    for (const QString& format : exportFormats())
        exportWidget(&heatmap, QDir(dir).filePath(QStringLiteral("heatmap-tree-uas.") + format));
    QChartView chart(buildChart()); // its own chart: a chart belongs to one view
    chart.resize(640, 420);
    chart.setRenderHint(QPainter::Antialiasing);
    for (const QString& format : exportFormats())
        exportWidget(&chart, QDir(dir).filePath(QStringLiteral("best-head-vs-baseline.") + format));
    return true;
}

void AttentionSyntaxPage::refreshHeatmap()
{
    const QString relation = m_relation->currentText(), view = m_view->currentData().toString();
    const bool tree = view == QLatin1String("uas") || view == QLatin1String("uuas");
    if (!m_scores || (!tree && !m_scores->relations.contains(relation))) {
        m_heatmap->setData({}, QString());
        return;
    }
    const QString what = view == QLatin1String("uas")    ? QStringLiteral("tree UAS (all relations)")
                         : view == QLatin1String("uuas") ? QStringLiteral("undirected tree UUAS (all relations)")
                                                         : QStringLiteral("%1 (%2 words), %3")
                                                               .arg(relation)
                                                               .arg(m_scores->relations[relation].count)
                                                               .arg(m_view->currentText());
    if (m_compared) {
        try {
            m_heatmap->setData(headDifference(*m_scores, *m_compared, relation, view),
                               QStringLiteral("Δ %1 − %2: %3").arg(QFileInfo(m_scores->model).fileName(), QFileInfo(m_compared->model).fileName(), what),
                               -1, -1, HeadHeatmap::Scale::Difference);
        } catch (const Error& e) {
            m_heatmap->setData({}, e.message());
        }
        return;
    }
    const RelationScores& r = m_scores->relations.value(relation);
    const bool bestHere = !tree && r.bestDirection == view;
    m_heatmap->setData(headMatrix(*m_scores, relation, view), tree ? what.left(1).toUpper() + what.mid(1) + QStringLiteral(" per head") : what,
                       bestHere ? r.bestLayer : -1, bestHere ? r.bestHead : -1);
}

void AttentionSyntaxPage::refreshChart()
{
    QChart* old = m_chart->chart();
    m_chart->setChart(buildChart());
    delete old;
}

QChart* AttentionSyntaxPage::buildChart() const
{
    auto* chart = new QChart;
    chart->setTitle(QStringLiteral("Best head vs best fixed offset (accuracy %)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    if (m_scores) {
        auto* heads = new QBarSet(QStringLiteral("Best head"));
        auto* baseline = new QBarSet(QStringLiteral("Fixed offset"));
        QStringList categories;
        // Most frequent relations, the most frequent at the top.
        QStringList shown = m_tableModel->relations().mid(0, 10);
        std::reverse(shown.begin(), shown.end());
        for (const QString& rel : shown) {
            const RelationScores& r = m_scores->relations[rel];
            categories << rel;
            *heads << 100.0 * r.bestAccuracy;
            *baseline << 100.0 * r.baselineAccuracy;
        }
        // Horizontal bars keep relation names readable.
        auto* series = new QHorizontalBarSeries;
        series->append(heads);
        series->append(baseline);
        chart->addSeries(series);
        auto* names = new QBarCategoryAxis;
        names->append(categories);
        names->setTruncateLabels(false);
        auto* accuracy = new QValueAxis;
        accuracy->setRange(0, 100);
        accuracy->setLabelFormat(QStringLiteral("%d"));
        chart->addAxis(names, Qt::AlignLeft);
        chart->addAxis(accuracy, Qt::AlignBottom);
        series->attachAxis(names);
        series->attachAxis(accuracy);
    }
    return chart;
}

} // namespace sonde
