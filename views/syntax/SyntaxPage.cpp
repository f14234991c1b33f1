#include "syntax/SyntaxPage.h"

#include "Error.h"
#include "NotesEditor.h"
#include "figures/Figure.h"
#include "io/ModelFolder.h"
#include "project/commands/SetSectionCommand.h"
#include "syntax/SyntaxEngine.h"
#include "syntax/SyntaxFigures.h"
#include "syntax/SyntaxWorkspace.h"
#include "workspace/Engines.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace sonde {

namespace {

const QString kBrowse = QStringLiteral("\x01browse");

struct Scored {
    QMap<QString, QString> weights;
    SyntaxScores scores;
};

QString percent(double f)
{
    return QStringLiteral("%1%").arg(int(100.0 * f + 0.5));
}

QString duration(double seconds)
{
    if (seconds < 90)
        return QStringLiteral("%1 s").arg(int(seconds + 0.5));
    return QStringLiteral("%1 min").arg(int(seconds / 60 + 0.5));
}

} // namespace

SyntaxPage::SyntaxPage(const WorkspaceContext& context, QWidget* parent) : WorkspacePage(context, kSyntaxKey, parent)
{
    m_data.treebank = QString::fromLatin1(kBuiltinTreebank);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);

    // Two rows of controls, so the page fits a 1024-pixel window.
    auto* controls = new QGridLayout;
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("syntaxModel"));
    m_model->setMinimumContentsLength(14);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_treebank = new QComboBox(this);
    m_treebank->setObjectName(QStringLiteral("syntaxTreebank"));
    m_treebank->setMinimumContentsLength(18);
    m_treebank->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_treebank->setToolTip(QStringLiteral("A CoNLL-U treebank; Sonde ships its own mini treebank"));
    m_maxSentences = new QSpinBox(this);
    m_maxSentences->setObjectName(QStringLiteral("syntaxMaxSentences"));
    m_maxSentences->setRange(0, 1000000);
    m_maxSentences->setSpecialValueText(QStringLiteral("all"));
    m_maxSentences->setToolTip(QStringLiteral("Sentences to score (all by default)"));
    m_keepSubtypes = new QCheckBox(QStringLiteral("Keep subtypes"), this);
    m_keepSubtypes->setObjectName(QStringLiteral("syntaxKeepSubtypes"));
    m_score = new QPushButton(QStringLiteral("Score Heads"), this);
    m_score->setObjectName(QStringLiteral("runSyntax"));
    m_scoreAll = new QPushButton(QStringLiteral("Score All Models"), this);
    m_scoreAll->setObjectName(QStringLiteral("runSyntaxAll"));
    m_scoreAll->setToolTip(QStringLiteral("Score every model of the project on this data set, to compare them"));
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("syntaxProgress"));
    controls->addWidget(new QLabel(QStringLiteral("Model"), this), 0, 0);
    controls->addWidget(m_model, 0, 1);
    controls->addWidget(new QLabel(QStringLiteral("Treebank"), this), 0, 2);
    controls->addWidget(m_treebank, 0, 3, 1, 3);
    controls->addWidget(new QLabel(QStringLiteral("Sentences"), this), 1, 0);
    auto* options = new QHBoxLayout;
    options->addWidget(m_maxSentences);
    options->addWidget(m_keepSubtypes);
    options->addStretch(1);
    controls->addLayout(options, 1, 1);
    controls->addWidget(m_progress, 1, 2, 1, 2);
    controls->addWidget(m_score, 1, 4);
    controls->addWidget(m_scoreAll, 1, 5);
    controls->setColumnStretch(1, 1);
    controls->setColumnStretch(3, 2);
    layout->addLayout(controls);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("syntaxSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("syntaxTabs"));
    m_overview = new OverviewTab(m_tabs);
    m_headTab = new HeadTab(m_tabs);
    m_sentenceTab = new SentenceTab(m_tabs);
    m_runsTab = new RunsTab(m_tabs);
    m_tabs->addTab(m_overview, QStringLiteral("Overview"));
    m_tabs->addTab(m_headTab, QStringLiteral("Head"));
    m_tabs->addTab(m_sentenceTab, QStringLiteral("Sentence"));
    m_tabs->addTab(m_runsTab, QStringLiteral("Runs"));
    m_tabs->addTab(new NotesEditor(context, kSyntaxKey, m_tabs), QStringLiteral("Notes"));
    layout->addWidget(m_tabs, 1);

    connect(m_model, &QComboBox::activated, this, [this] { selectModel(m_model->currentData().toString()); });
    connect(m_treebank, &QComboBox::activated, this, [this] {
        SyntaxData d = m_data;
        d.treebank = m_treebank->currentData().toString();
        if (d.treebank == kBrowse) {
            d.treebank = QFileDialog::getOpenFileName(this, QStringLiteral("Open Treebank"), QString(), QStringLiteral("CoNLL-U (*.conllu);;All files (*)"));
            if (d.treebank.isEmpty()) {
                refresh(); // back to the treebank shown
                return;
            }
        }
        selectData(d);
    });
    connect(m_maxSentences, &QSpinBox::valueChanged, this, [this](int n) {
        SyntaxData d = m_data;
        d.maxSentences = n;
        selectData(d);
    });
    connect(m_keepSubtypes, &QCheckBox::toggled, this, [this](bool on) {
        SyntaxData d = m_data;
        d.keepSubtypes = on;
        selectData(d);
    });
    connect(m_score, &QPushButton::clicked, this, [this] { scoreHeads(); });
    connect(m_scoreAll, &QPushButton::clicked, this, [this] { scoreAllModels(); });
    connect(m_overview, &OverviewTab::headClicked, this, &SyntaxPage::chooseHead);
    connect(m_overview, &OverviewTab::compareRequested, this, &SyntaxPage::compareWith);
    connect(m_headTab, &HeadTab::sentenceRequested, this, &SyntaxPage::chooseSentence);
    connect(m_sentenceTab, &SentenceTab::stepRequested, this, &SyntaxPage::stepSentence);
    connect(m_runsTab, &RunsTab::showRequested, this, &SyntaxPage::showRun);
    connect(m_runsTab, &RunsTab::compareRequested, this, &SyntaxPage::compareWith);
    connect(m_runsTab, &RunsTab::deleteRequested, this, &SyntaxPage::deleteRun);
    connect(context.project, &Project::sectionChanged, this, [this](const QString& key) {
        if (key == kSyntaxKey)
            sectionChanged();
    });
    connect(context.project, &Project::modelsChanged, this, &SyntaxPage::modelsChanged);
    connect(context.project, &Project::loaded, this, [this] {
        // Another project: nothing chosen in this one carries over.
        m_head.reset();
        m_sentence = -1;
        m_runId.clear();
        m_followedShown.clear();
        m_scoreError.clear();
        m_overview->resetChoices();
    });
    connect(context.jobs, &JobRunner::jobProgress, this, &SyntaxPage::scoringProgress);
    connect(context.jobs, &JobRunner::jobFinished, this, [this](JobId id) { scoringFinished(id); });
    modelsChanged();
    sectionChanged();
}

const SyntaxSection& SyntaxPage::section() const
{
    QJsonObject json = m_context.project->section(kSyntaxKey);
    json.remove(QStringLiteral("notes"));
    if (!m_parsedFrom || *m_parsedFrom != json) {
        m_parsed = SyntaxSection::fromJson(json);
        m_parsedFrom = json;
    }
    return m_parsed;
}

SyntaxShown SyntaxPage::derive() const
{
    SyntaxShown s;
    s.project = m_context.project;
    s.section = &section();
    s.modelId = m_modelId;
    s.data = m_data;
    s.run = s.section->run(m_runId);
    if (!s.run)
        s.run = s.section->latest(m_modelId, m_data);
    const SyntaxRun* other = s.section->run(s.section->compare);
    if (s.run && other && other != s.run && other->data == s.run->data)
        s.compared = other;
    const ModelRef* model = m_context.project->model(m_modelId);
    s.modelName = model ? model->name : s.run ? s.run->modelName : QString();
    return s;
}

void SyntaxPage::sectionChanged()
{
    const SyntaxSection& sec = section();
    // The section's shown run changed (a run was stored, undone, redone, another
    // project opened): the selection follows it.
    if (sec.shown != m_followedShown) {
        m_followedShown = sec.shown;
        if (const SyntaxRun* run = sec.run(sec.shown)) {
            m_runId = run->id;
            m_modelId = m_context.project->model(run->modelId) ? run->modelId : m_modelId;
            m_data = run->data;
        }
    }
    if (!m_runId.isEmpty() && !sec.run(m_runId))
        m_runId.clear(); // deleted or undone: the latest run of the selection instead
    refresh();
}

void SyntaxPage::modelsChanged()
{
    const QList<ModelRef>& models = m_context.project->models();
    if (!m_context.project->model(m_modelId))
        m_modelId = models.isEmpty() ? QString() : models.front().id;
    refresh();
}

void SyntaxPage::selectModel(const QString& modelId)
{
    m_scoreError.clear();
    m_modelId = modelId;
    m_runId.clear();
    refresh();
}

void SyntaxPage::selectData(const SyntaxData& data)
{
    m_scoreError.clear();
    m_data = data;
    m_runId.clear();
    refresh();
}

void SyntaxPage::showRun(const QString& runId)
{
    const SyntaxRun* run = section().run(runId);
    if (!run)
        return;
    m_runId = run->id;
    m_modelId = run->modelId;
    m_data = run->data;
    m_tabs->setCurrentWidget(m_overview);
    refresh();
}

void SyntaxPage::showRelation(const QString& relation, const QString& view)
{
    m_overview->showRelation(relation, view);
}

void SyntaxPage::refresh()
{
    const SyntaxShown shown = derive();
    syncControls(shown);
    startDerivedJobs(shown);
    m_overview->show(shown);
    m_runsTab->show(shown);
    const bool headFits = shown.run && m_head && m_headResult && m_headResult->runId == shown.run->id && m_headResult->choice == *m_head;
    m_headTab->show(shown, m_head, headFits ? &m_headResult->report : nullptr, m_headStatus);
    const bool sentenceFits = shown.run && m_head && m_sentenceResult && m_sentenceResult->runId == shown.run->id
        && m_sentenceResult->choice == *m_head && m_sentenceResult->sentence == m_sentence;
    QString sentenceName = QStringLiteral("sentence %1").arg(m_sentence + 1);
    int position = -1;
    if (headFits)
        for (size_t i = 0; i < m_headResult->report.sentences.size(); ++i)
            if (m_headResult->report.sentences[i].sentence == m_sentence) {
                sentenceName = m_headResult->report.ids[qsizetype(i)];
                position = int(i);
            }
    const int listed = headFits ? int(m_headResult->report.sentences.size()) : 0;
    m_sentenceTab->show(shown, m_head, m_sentence, sentenceName, sentenceFits ? &m_sentenceResult->view : nullptr, m_sentenceStatus,
                        position > 0, position >= 0 && position + 1 < listed);

    // The summary line: the run shown, or what is missing.
    if (!shown.section->problems.isEmpty() && !shown.run) {
        m_summary->setText(QStringLiteral("%1. Score the run again.").arg(shown.section->problems.join(QStringLiteral("; ")).toHtmlEscaped()));
    } else if (!shown.run && !m_scoreError.isEmpty()) {
        m_summary->setText(QStringLiteral("<span style='color:#c62828'>%1</span>").arg(m_scoreError.toHtmlEscaped()));
    } else if (!shown.run) {
        m_summary->setText(m_scoring.isEmpty() ? shown.missingRunText().toHtmlEscaped() : QString());
    } else {
        const SyntaxScores& s = shown.run->scores;
        const RelationScores& all = s.relations.value(QStringLiteral("all"));
        QStringList skipped;
        for (auto it = s.sentencesSkipped.begin(); it != s.sentencesSkipped.end(); ++it)
            skipped << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        double bestUas = 0;
        for (const auto& row : s.uas)
            for (double v : row)
                bestUas = std::max(bestUas, v);
        m_summary->setText(QStringLiteral("<b>%1</b>: %2 sentences, %3 words%4. Best head overall: layer %5 head %6 (%7) %8%, "
                                          "fixed offset %9: %10%. Trees from attention: best UAS %11%, right-branching %12%.%13")
                               .arg(shown.selectionText().toHtmlEscaped())
                               .arg(s.sentencesUsed)
                               .arg(s.words)
                               .arg(skipped.isEmpty() ? QString() : QStringLiteral(" (skipped: %1)").arg(skipped.join(QStringLiteral(", "))))
                               .arg(all.bestLayer)
                               .arg(all.bestHead)
                               .arg(viewName(all.bestDirection))
                               .arg(100.0 * all.bestAccuracy, 0, 'f', 1)
                               .arg(all.baselineOffset)
                               .arg(100.0 * all.baselineAccuracy, 0, 'f', 1)
                               .arg(100.0 * bestUas, 0, 'f', 1)
                               .arg(100.0 * s.rightBranchingUas, 0, 'f', 1)
                               .arg(shown.runFromOtherWeights()
                                        ? QStringLiteral(" <span style='color:#c62828'>Scored with earlier weights of this model: score it again.</span>")
                                        : QString()));
        if (!m_scoreError.isEmpty()) // a new scoring failed; the stored run is still the one shown
            m_summary->setText(QStringLiteral("<span style='color:#c62828'>%1</span><br>%2").arg(m_scoreError.toHtmlEscaped(), m_summary->text()));
    }
}

void SyntaxPage::syncControls(const SyntaxShown& shown)
{
    const QSignalBlocker a(m_model), b(m_treebank), c(m_maxSentences), d(m_keepSubtypes);
    m_model->clear();
    for (const ModelRef& m : m_context.project->models())
        m_model->addItem(m.name, m.id);
    m_model->setCurrentIndex(m_model->findData(m_modelId));
    if (m_model->currentIndex() < 0 && shown.run) { // a run of a model no longer in the project
        m_model->addItem(QStringLiteral("%1 (removed)").arg(shown.run->modelName), QString());
        m_model->setCurrentIndex(m_model->count() - 1);
    }

    // Treebanks: the built-in one, those of stored runs, the one selected, and a file picker.
    m_treebank->clear();
    QStringList paths{QString::fromLatin1(kBuiltinTreebank)};
    for (const SyntaxRun& r : shown.section->runs)
        paths << r.data.treebank;
    paths << m_data.treebank;
    paths.removeDuplicates();
    for (const QString& p : paths) {
        SyntaxData named;
        named.treebank = p;
        m_treebank->addItem(named.treebankName(), p);
        m_treebank->setItemData(m_treebank->count() - 1, p, Qt::ToolTipRole);
    }
    m_treebank->addItem(QStringLiteral("Other file…"), kBrowse);
    m_treebank->setCurrentIndex(m_treebank->findData(m_data.treebank));
    m_maxSentences->setValue(m_data.maxSentences);
    m_keepSubtypes->setChecked(m_data.keepSubtypes);

    const bool scoring = !m_scoring.isEmpty();
    m_score->setText(scoring ? QStringLiteral("Cancel") : QStringLiteral("Score Heads"));
    m_score->setEnabled(scoring || m_context.project->model(m_modelId));
    m_score->setToolTip(scoring ? QStringLiteral("Stop scoring") : m_model->count() ? QString() : QStringLiteral("Add a model first (Model ▸ Open Model Folder…)"));
    m_scoreAll->setEnabled(!scoring && m_context.project->models().size() > 1);
    if (m_scoreAction) {
        m_scoreAction->setText(m_score->text());
        m_scoreAction->setEnabled(m_score->isEnabled());
        m_scoreAllAction->setEnabled(m_scoreAll->isEnabled());
    }
    if (!scoring)
        m_progress->clear();
}

// The head chosen in the Overview, and the sentence chosen in the Head tab,
// computed for the run shown now unless that is done or under way.
void SyntaxPage::startDerivedJobs(const SyntaxShown& shown)
{
    auto* engine = m_context.engines ? m_context.engines->get<SyntaxEngine>() : nullptr;
    const ModelRef* model = shown.run ? m_context.project->model(shown.run->modelId) : nullptr;
    if (!shown.run || !m_head || !engine)
        return;
    const SyntaxRun run = *shown.run;
    const HeadChoice choice = *m_head;
    if (choice.layer >= run.scores.layers || choice.head >= run.scores.heads) {
        m_headStatus = QStringLiteral("%1 has no layer %2 head %3 (it has %4 × %5): click a head in the Overview.")
                           .arg(run.modelName)
                           .arg(choice.layer)
                           .arg(choice.head)
                           .arg(run.scores.layers)
                           .arg(run.scores.heads);
        m_sentenceStatus = m_headStatus;
        return;
    }
    if (!model) {
        m_headStatus = QStringLiteral("%1 is no longer in the project: its sentences cannot be computed.").arg(run.modelName);
        m_sentenceStatus = m_headStatus;
        return;
    }
    const SyntaxRequest request{model->path, m_context.device(), run.data};
    const QString headKey = QStringLiteral("%1|%2|%3|%4|%5").arg(run.id).arg(choice.layer).arg(choice.head).arg(choice.relation, choice.direction);
    const bool headDone = m_headResult && m_headResult->runId == run.id && m_headResult->choice == choice;
    if (!headDone && m_headPending != headKey && m_headFailed != headKey) {
        m_headPending = headKey;
        m_headStatus = QStringLiteral("Finding where layer %1 head %2 of %3 is right and wrong…").arg(choice.layer).arg(choice.head).arg(run.modelName);
        m_context.jobs->start<HeadReport>(
            QStringLiteral("Head %1-%2 of %3").arg(choice.layer).arg(choice.head).arg(run.modelName),
            [engine, request, choice](JobContext& ctx) { return engine->head(request, choice.layer, choice.head, choice.direction, choice.relation, &ctx); },
            [this, runId = run.id, choice, headKey](HeadReport report) {
                if (m_headPending == headKey)
                    m_headPending.clear();
                m_headResult = HeadResult{runId, choice, std::move(report)};
                if (m_tabs->currentWidget() == m_overview)
                    m_tabs->setCurrentWidget(m_headTab);
                refresh();
            },
            [this, headKey](const QString& error) {
                if (m_headPending == headKey)
                    m_headPending.clear();
                m_headFailed = headKey; // not tried again until the selection changes
                m_headStatus = error;
                refresh();
            },
            QStringLiteral("syntax-head"));
    }
    if (m_sentence < 0)
        return;
    const int sentence = m_sentence;
    const QString sentenceKey = headKey + QStringLiteral("|%1").arg(sentence);
    const bool sentenceDone = m_sentenceResult && m_sentenceResult->runId == run.id && m_sentenceResult->choice == choice
        && m_sentenceResult->sentence == sentence;
    if (sentenceDone || m_sentencePending == sentenceKey || m_sentenceFailed == sentenceKey)
        return;
    m_sentencePending = sentenceKey;
    m_sentenceStatus = QStringLiteral("Computing sentence %1 through layer %2 head %3…").arg(sentence + 1).arg(choice.layer).arg(choice.head);
    m_context.jobs->start<SentenceView>(
        QStringLiteral("Sentence %1 of %2").arg(sentence + 1).arg(run.data.treebankName()),
        [engine, request, choice, sentence](JobContext& ctx) { return engine->sentence(request, sentence, choice.layer, choice.head, choice.direction, &ctx); },
        [this, runId = run.id, choice, sentence, sentenceKey](SentenceView view) {
            if (m_sentencePending == sentenceKey)
                m_sentencePending.clear();
            m_sentenceResult = SentenceResult{runId, choice, sentence, std::move(view)};
            refresh();
        },
        [this, sentenceKey](const QString& error) {
            if (m_sentencePending == sentenceKey)
                m_sentencePending.clear();
            m_sentenceFailed = sentenceKey;
            m_sentenceStatus = error;
            refresh();
        },
        QStringLiteral("syntax-sentence"));
}

void SyntaxPage::chooseHead(int layer, int head)
{
    const SyntaxShown shown = derive();
    if (!shown.run)
        return;
    const QString view = m_overview->view();
    const bool tree = view == QLatin1String("uas") || view == QLatin1String("uuas");
    m_head = HeadChoice{layer, head, tree ? QStringLiteral("all") : m_overview->relation(),
                        tree ? shown.run->scores.relations.value(QStringLiteral("all")).bestDirection : view};
    m_sentence = -1;
    refresh();
}

void SyntaxPage::chooseSentence(int index)
{
    m_sentence = index;
    m_tabs->setCurrentWidget(m_sentenceTab);
    refresh();
}

// Previous or next sentence of the head's list (the one the Head tab shows).
void SyntaxPage::stepSentence(int delta)
{
    if (!m_headResult)
        return;
    const auto& list = m_headResult->report.sentences;
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].sentence == m_sentence) {
            const long next = long(i) + delta;
            if (next >= 0 && next < long(list.size()))
                chooseSentence(list[size_t(next)].sentence);
            return;
        }
}

JobId SyntaxPage::scoreHeads()
{
    if (!m_scoring.isEmpty()) {
        for (JobId id : m_scoring)
            m_context.jobs->cancel(id);
        return 0;
    }
    const ModelRef* model = m_context.project->model(m_modelId);
    return model ? startScoring(*model, true) : 0;
}

QList<JobId> SyntaxPage::scoreAllModels()
{
    QList<JobId> jobs;
    if (!m_scoring.isEmpty())
        return jobs;
    for (const ModelRef& m : m_context.project->models())
        jobs << startScoring(m, m.id == m_modelId);
    return jobs;
}

JobId SyntaxPage::startScoring(const ModelRef& model, bool makeShown)
{
    auto* engine = m_context.engines ? m_context.engines->get<SyntaxEngine>() : nullptr;
    if (!engine)
        return 0;
    const SyntaxRequest request{model.path, m_context.device(), m_data};
    FingerprintCache* fingerprints = m_context.fingerprints;
    if (m_scoring.isEmpty())
        m_scoringClock.start();
    m_scoreError.clear();
    const JobId id = m_context.jobs->start<Scored>(
        QStringLiteral("Scoring the heads of %1").arg(model.name),
        [engine, request, fingerprints](JobContext& ctx) {
            Scored s;
            s.weights = fingerprintWeights(request.modelFolder, &ctx, fingerprints); // the weights this run is from
            ScoringOptions options;
            options.maxSentences = request.data.maxSentences;
            s.scores = engine->score(request, options, &ctx);
            return s;
        },
        [this, model, data = m_data, makeShown](Scored s) {
            SyntaxRun run;
            run.id = newRunId();
            run.modelId = model.id;
            run.modelName = model.name;
            run.weights = s.weights;
            run.data = data;
            run.scoredAt = QDateTime::currentDateTimeUtc();
            run.scores = std::move(s.scores);
            pushSection(section().withRun(run, makeShown), QStringLiteral("Score Heads of %1").arg(model.name));
        },
        [this, name = model.name](const QString& error) {
            m_scoreError = QStringLiteral("Scoring %1 failed: %2").arg(name, error);
            refresh();
        },
        QStringLiteral("syntax-score:") + model.id);
    m_scoring << id;
    m_progress->setText(QStringLiteral("Scoring %1…").arg(model.name));
    refresh();
    return id;
}

void SyntaxPage::scoringProgress(JobId id, double fraction, const QString& message)
{
    if (!m_scoring.contains(id) || fraction <= 0)
        return;
    const double elapsed = double(m_scoringClock.elapsed()) / 1000.0;
    const double left = elapsed * (1.0 - fraction) / fraction;
    m_progress->setText(QStringLiteral("%1 — %2, about %3 left").arg(percent(fraction), message, duration(left)));
}

void SyntaxPage::scoringFinished(JobId id)
{
    if (m_scoring.removeAll(id) > 0)
        refresh();
}

void SyntaxPage::compareWith(const QString& runId)
{
    const SyntaxShown shown = derive();
    if (!shown.run)
        return;
    SyntaxSection next = section();
    if (next.compare == runId && next.shown == shown.run->id)
        return;
    next.compare = runId == shown.run->id ? QString() : runId;
    next.shown = shown.run->id; // the comparison is of the run on display: what a reopened project shows
    m_followedShown = next.shown;
    pushSection(next, runId.isEmpty() ? QStringLiteral("Stop Comparing") : QStringLiteral("Compare Runs"));
}

void SyntaxPage::deleteRun(const QString& runId)
{
    const SyntaxRun* run = section().run(runId);
    if (!run)
        return;
    const QString what = runTitle(*run);
    const SyntaxSection next = section().withoutRun(runId);
    m_followedShown = next.shown; // the selection stays: the page says the run is gone
    pushSection(next, QStringLiteral("Delete Run of %1").arg(what));
    m_context.status(QStringLiteral("Deleted the run of %1 — Edit ▸ Undo brings it back").arg(what));
}

void SyntaxPage::pushSection(const SyntaxSection& next, const QString& text)
{
    QJsonObject json = next.toJson();
    json.insert(QStringLiteral("notes"), m_context.project->notes(kSyntaxKey)); // the notes as they are now
    m_context.undo->push(new SetSectionCommand(m_context.project, kSyntaxKey, json, text));
}

std::unique_ptr<Figure> SyntaxPage::currentFigure(QString* why) const
{
    if (m_tabs->currentWidget() == m_overview) {
        if (m_overview->heatmap().isEmpty()) {
            *why = derive().missingRunText();
            return nullptr;
        }
        return std::make_unique<HeatmapFigure>(m_overview->heatmap());
    }
    if (m_tabs->currentWidget() == m_sentenceTab) {
        if (const auto matrix = m_sentenceTab->matrix())
            return std::make_unique<HeatmapFigure>(*matrix);
        *why = QStringLiteral("No sentence shown: double-click one in the Head tab first.");
        return nullptr;
    }
    *why = QStringLiteral("This tab has no figure: the Overview's heatmap and the Sentence tab's matrix export as figures.");
    return nullptr;
}

QList<QAction*> SyntaxPage::workspaceActions()
{
    if (!m_scoreAction) {
        m_scoreAction = new QAction(QStringLiteral("Score Heads"), this);
        m_scoreAction->setObjectName(QStringLiteral("scoreHeadsAction"));
        m_scoreAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
        connect(m_scoreAction, &QAction::triggered, this, [this] { scoreHeads(); });
        m_scoreAllAction = new QAction(QStringLiteral("Score All Models"), this);
        connect(m_scoreAllAction, &QAction::triggered, this, [this] { scoreAllModels(); });
        refresh();
    }
    return {m_scoreAction, m_scoreAllAction};
}

} // namespace sonde
