#include "syntax/SyntaxTabs.h"

#include "figures/FigureView.h"
#include "figures/HeatmapView.h"
#include "project/Project.h"
#include "syntax/RelationTableModel.h"
#include "syntax/SentenceArcs.h"
#include "syntax/SyntaxFigures.h"

#include <QAbstractTextDocumentLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTableWidget>
#include <QTextDocument>
#include <QVBoxLayout>

namespace sonde {

namespace {

constexpr int kMinimumCell = 16; // px: below this a sentence's matrix scrolls

// List items written in a little HTML (highlighted words), wrapped to the list's width.
class HtmlDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        const QString html = o.text;
        o.text.clear();
        o.widget->style()->drawControl(QStyle::CE_ItemViewItem, &o, painter, o.widget);
        QTextDocument doc;
        doc.setHtml(html);
        doc.setTextWidth(o.rect.width() - 8);
        painter->save();
        painter->translate(o.rect.topLeft() + QPoint(4, 2));
        doc.drawContents(painter);
        painter->restore();
    }
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QTextDocument doc;
        doc.setHtml(index.data(Qt::DisplayRole).toString());
        doc.setTextWidth(std::max(200, option.rect.width() - 8));
        return QSize(int(doc.idealWidth()) + 8, int(doc.size().height()) + 4);
    }
};

QListWidget* titledList(QWidget* parent, const QString& title, const QString& objectName)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(title, box));
    auto* list = new QListWidget(box);
    list->setObjectName(objectName);
    list->setWordWrap(true);
    list->setItemDelegate(new HtmlDelegate(list));
    list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    layout->addWidget(list);
    return list;
}

// A sentence with the relation's wrong words marked: the dependent underlined,
// the head the attention head chose in red, the gold head in green.
QString sentenceHtml(const HeadSentence& h, const QString& id)
{
    QStringList words;
    for (const QString& f : h.forms)
        words << f.toHtmlEscaped();
    QStringList misses;
    for (const HeadSentence::Miss& m : h.misses) {
        words[m.word] = QStringLiteral("<u><b>%1</b></u>").arg(words[m.word]);
        const QString predicted = m.predicted >= 0 && m.predicted < h.forms.size() ? h.forms[m.predicted].toHtmlEscaped() : QStringLiteral("(root)");
        misses << QStringLiteral("<b>%1</b> → <span style='color:#c62828'>%2</span> (gold: <span style='color:#2e7d32'>%3</span>)")
                      .arg(h.forms[m.word].toHtmlEscaped(), predicted, h.forms[m.gold].toHtmlEscaped());
    }
    QString html = QStringLiteral("<b>%1</b> — %2 of %3 words right<br>%4").arg(id.toHtmlEscaped()).arg(h.correct).arg(h.words).arg(words.join(QLatin1Char(' ')));
    if (!misses.isEmpty())
        html += QStringLiteral("<br><small>%1</small>").arg(misses.join(QStringLiteral("; ")));
    return html;
}

} // namespace

// ---- Overview ------------------------------------------------------------------

OverviewTab::OverviewTab(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("syntaxOverview"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* pick = new QGridLayout;
    m_relation = new QComboBox(left);
    m_relation->setObjectName(QStringLiteral("syntaxRelation"));
    m_relation->setMinimumContentsLength(8);
    m_view = new QComboBox(left);
    m_view->setObjectName(QStringLiteral("syntaxView"));
    for (const char* v : {"dep2head", "head2dep", "uas", "uuas"})
        m_view->addItem(viewName(QLatin1String(v)), QLatin1String(v));
    m_view->setItemText(2, QStringLiteral("tree UAS (Chu-Liu-Edmonds)"));
    m_view->setItemText(3, QStringLiteral("undirected tree UUAS"));
    m_compare = new QComboBox(left);
    m_compare->setObjectName(QStringLiteral("syntaxCompare"));
    m_compare->setMinimumContentsLength(10);
    pick->addWidget(new QLabel(QStringLiteral("Relation"), left), 0, 0);
    pick->addWidget(m_relation, 0, 1);
    pick->addWidget(m_view, 0, 2);
    pick->addWidget(new QLabel(QStringLiteral("Compare with"), left), 1, 0);
    pick->addWidget(m_compare, 1, 1, 1, 2);
    pick->setColumnStretch(1, 1);
    pick->setColumnStretch(2, 1);
    leftLayout->addLayout(pick);
    m_note = new QLabel(left);
    m_note->setObjectName(QStringLiteral("overviewNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    leftLayout->addWidget(m_note);
    m_heatmap = new HeatmapView(left);
    m_heatmap->setObjectName(QStringLiteral("overviewHeatmap"));
    leftLayout->addWidget(m_heatmap, 1);

    auto* right = new QSplitter(Qt::Vertical, split);
    right->setChildrenCollapsible(false);
    auto* tableBox = new QWidget(right);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto* filter = new QHBoxLayout;
    m_minCount = new QSpinBox(tableBox);
    m_minCount->setRange(0, 1000000);
    m_minCount->setValue(10);
    filter->addWidget(new QLabel(QStringLiteral("Relations with at least"), tableBox));
    filter->addWidget(m_minCount);
    filter->addWidget(new QLabel(QStringLiteral("words"), tableBox));
    filter->addStretch(1);
    tableLayout->addLayout(filter);
    m_tableModel = new RelationTableModel(this);
    m_table = new QTableView(tableBox);
    m_table->setObjectName(QStringLiteral("relationTable"));
    m_table->setModel(m_tableModel);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setMinimumHeight(120);
    tableLayout->addWidget(m_table, 1);
    m_chart = new FigureView(right);
    m_chart->setObjectName(QStringLiteral("relationChart"));
    m_chart->setMinimumHeight(160);
    right->addWidget(tableBox);
    right->addWidget(m_chart);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    left->setMinimumWidth(260);
    right->setMinimumWidth(260);
    layout->addWidget(split);

    connect(m_relation, &QComboBox::currentTextChanged, this, [this] { redraw(); });
    for (QComboBox* box : {m_relation, m_view})
        connect(box, &QComboBox::activated, this, [this] { m_viewChosen = true; });
    connect(m_view, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_minCount, &QSpinBox::valueChanged, this, [this] { show(m_shown); });
    connect(m_compare, &QComboBox::activated, this, [this] { Q_EMIT compareRequested(m_compare->currentData().toString()); });
    connect(m_heatmap, &HeatmapView::cellClicked, this, [this](int layer, int head) {
        if (m_shown.run && !m_shown.compared)
            Q_EMIT headClicked(layer, head);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { m_relation->setCurrentText(m_tableModel->relation(current.row())); });
}

QString OverviewTab::relation() const
{
    return m_relation->currentText();
}

QString OverviewTab::view() const
{
    return m_view->currentData().toString();
}

const HeatmapFigure& OverviewTab::heatmap() const
{
    return m_heatmap->figure();
}

void OverviewTab::showRelation(const QString& relation, const QString& view)
{
    m_viewChosen = true;
    const QSignalBlocker a(m_relation), b(m_view);
    m_relation->setCurrentText(relation);
    m_view->setCurrentIndex(std::max(0, m_view->findData(view)));
    redraw();
}

void OverviewTab::show(const SyntaxShown& shown)
{
    m_shown = shown;
    const SyntaxRun* run = shown.run;
    // The first run shown in a project: its headline best head's direction,
    // and more relations listed for a small treebank. Moving between runs
    // keeps the relation and view chosen, to compare them.
    if (run && !m_viewChosen) {
        const QSignalBlocker a(m_view), b(m_minCount);
        m_view->setCurrentIndex(std::max(0, m_view->findData(run->scores.relations.value(QStringLiteral("all")).bestDirection)));
        m_minCount->setValue(defaultMinCount(run->scores));
        m_viewChosen = true;
    }

    m_tableModel->setScores(run ? &run->scores : nullptr, m_minCount->value(), shown.compared ? &shown.compared->scores : nullptr,
                            shown.compared ? shown.compared->modelName : QString());
    {
        const QString keep = m_relation->currentText();
        const QSignalBlocker block(m_relation);
        m_relation->clear();
        m_relation->addItems(m_tableModel->relations());
        m_relation->setCurrentText(keep.isEmpty() || !m_tableModel->relations().contains(keep) ? QStringLiteral("all") : keep);
    }
    {
        const QSignalBlocker block(m_compare);
        m_compare->clear();
        m_compare->addItem(QStringLiteral("nothing"), QString());
        if (run && shown.section)
            for (const SyntaxRun& r : shown.section->runs)
                if (r.id != run->id && r.data == run->data)
                    m_compare->addItem(r.scoredAt.isValid() ? QStringLiteral("%1 (%2)").arg(r.modelName, QLocale().toString(r.scoredAt.toLocalTime(), QLocale::ShortFormat))
                                                            : r.modelName,
                                       r.id);
        m_compare->setCurrentIndex(std::max(0, m_compare->findData(shown.compared ? shown.compared->id : QString())));
        m_compare->setEnabled(m_compare->count() > 1);
        m_compare->setToolTip(m_compare->count() > 1 ? QStringLiteral("Show the difference to another run on this data set")
                                                     : QStringLiteral("Score another model on the same data set to compare"));
    }
    BarChartFigure chart = run ? bestHeadChart(*run, shown.compared, m_minCount->value()) : BarChartFigure();
    if (!run) {
        chart.setTitle(QStringLiteral("Best head vs best fixed offset"), shown.selectionText());
        chart.setEmptyText(shown.missingRunText());
    }
    m_chart->setFigure(std::make_shared<BarChartFigure>(chart));
    redraw();
}

void OverviewTab::redraw()
{
    const SyntaxRun* run = m_shown.run;
    HeatmapFigure f;
    m_note->hide();
    if (!run) {
        f.setTitle(QStringLiteral("Accuracy of every head"), m_shown.selectionText());
        f.setEmptyText(m_shown.missingRunText());
    } else if (m_shown.compared && sameShape(run->scores, m_shown.compared->scores)) {
        f = differenceHeatmap(*run, *m_shown.compared, relation(), view());
    } else {
        f = runHeatmap(*run, relation(), view());
        if (m_shown.compared) {
            m_note->setText(QStringLiteral("%1 has %2 × %3 heads and %4 has %5 × %6, so heads cannot be subtracted one by one: "
                                           "the table sets each relation's best heads side by side.")
                                .arg(run->modelName)
                                .arg(run->scores.layers)
                                .arg(run->scores.heads)
                                .arg(m_shown.compared->modelName)
                                .arg(m_shown.compared->scores.layers)
                                .arg(m_shown.compared->scores.heads));
            m_note->show();
        }
    }
    m_heatmap->setFigure(f);
    m_heatmap->setCursor(run && !m_shown.compared ? Qt::PointingHandCursor : Qt::ArrowCursor);
    m_heatmap->setToolTip(run && !m_shown.compared ? QStringLiteral("Click a head to see where it is right and wrong") : QString());
}

// ---- Head ----------------------------------------------------------------------

HeadTab::HeadTab(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("syntaxHead"));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("headTitle"));
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    auto* lists = new QSplitter(Qt::Horizontal, this);
    m_right = titledList(lists, QStringLiteral("<b>Right</b> on every word of the relation"), QStringLiteral("headRight"));
    m_wrong = titledList(lists, QStringLiteral("<b>Wrong</b> somewhere: <u>dependent</u> → <span style='color:#c62828'>chosen head</span> "
                                               "(gold: <span style='color:#2e7d32'>head</span>)"),
                         QStringLiteral("headWrong"));
    layout->addWidget(lists, 1);
    for (QListWidget* list : {m_right, m_wrong}) {
        list->setToolTip(QStringLiteral("Double-click a sentence to see it through this head"));
        connect(list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) { Q_EMIT sentenceRequested(item->data(Qt::UserRole).toInt()); });
    }
}

void HeadTab::show(const SyntaxShown& shown, const std::optional<HeadChoice>& choice, const HeadReport* report, const QString& status)
{
    m_right->clear();
    m_wrong->clear();
    if (!shown.run) {
        m_title->setText(shown.missingRunText().toHtmlEscaped());
        return;
    }
    if (!choice) {
        m_title->setText(QStringLiteral("Click a head in the Overview heatmap to list, for <b>%1</b>, the sentences where it is right and wrong.")
                             .arg(shown.selectionText().toHtmlEscaped()));
        return;
    }
    if (!report) {
        m_title->setText(status.toHtmlEscaped());
        return;
    }
    int correct = 0, words = 0;
    for (size_t i = 0; i < report->sentences.size(); ++i) {
        const HeadSentence& h = report->sentences[i];
        correct += h.correct;
        words += h.words;
        auto* item = new QListWidgetItem(sentenceHtml(h, report->ids[qsizetype(i)]));
        item->setData(Qt::UserRole, h.sentence);
        (h.correct == h.words ? m_right : m_wrong)->addItem(item);
    }
    m_title->setText(QStringLiteral("<b>%1</b>: layer %2, head %3, %4 on <b>%5</b>: %6 of %7 words right; %8 sentences all right, %9 with errors.")
                         .arg(shown.selectionText().toHtmlEscaped())
                         .arg(report->layer)
                         .arg(report->head)
                         .arg(viewName(report->direction), report->relation.toHtmlEscaped())
                         .arg(correct)
                         .arg(words)
                         .arg(m_right->count())
                         .arg(m_wrong->count()));
}

// ---- Sentence ------------------------------------------------------------------

SentenceTab::SentenceTab(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("syntaxSentence"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("sentenceTitle"));
    m_title->setWordWrap(true);
    m_previous = new QPushButton(QStringLiteral("◀ Previous"), this);
    m_previous->setObjectName(QStringLiteral("sentencePrevious"));
    m_next = new QPushButton(QStringLiteral("Next ▶"), this);
    m_next->setObjectName(QStringLiteral("sentenceNext"));
    m_pieces = new QCheckBox(QStringLiteral("Tokens instead of words"), this);
    m_pieces->setObjectName(QStringLiteral("pieceLevel"));
    top->addWidget(m_title, 1);
    top->addWidget(m_previous);
    top->addWidget(m_next);
    top->addWidget(m_pieces);
    layout->addLayout(top);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_arcs = new SentenceArcs(split);
    // Long sentences at token level get cells of a readable size and scroll.
    auto* scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_matrix = new HeatmapView(scroll);
    m_matrix->setObjectName(QStringLiteral("sentenceMatrix"));
    scroll->setWidget(m_matrix);
    split->addWidget(m_arcs);
    split->addWidget(scroll);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    connect(m_pieces, &QCheckBox::toggled, this, [this] { redrawMatrix(); });
    connect(m_previous, &QPushButton::clicked, this, [this] { Q_EMIT stepRequested(-1); });
    connect(m_next, &QPushButton::clicked, this, [this] { Q_EMIT stepRequested(+1); });
}

void SentenceTab::show(const SyntaxShown& shown, const std::optional<HeadChoice>& head, int sentence, const QString& sentenceName,
                       const SentenceView* view, const QString& status, bool hasPrevious, bool hasNext)
{
    m_previous->setEnabled(hasPrevious);
    m_next->setEnabled(hasNext);
    if (!view) {
        m_view.reset();
        m_arcs->setSentence({}, {}, {}, {});
        HeatmapFigure none;
        none.setEmptyText(QString()); // the title says why
        m_matrix->setFigure(none);
        if (!shown.run)
            m_title->setText(shown.missingRunText().toHtmlEscaped());
        else if (!head || sentence < 0)
            m_title->setText(QStringLiteral("Double-click a sentence in the Head tab to see it, for <b>%1</b>, through that head.")
                                 .arg(shown.selectionText().toHtmlEscaped()));
        else
            m_title->setText(status.toHtmlEscaped());
        return;
    }
    m_view = *view;
    int right = 0, counted = 0;
    for (size_t i = 0; i < view->gold.size(); ++i) {
        if (view->gold[i] == 0)
            continue;
        ++counted;
        right += view->predicted[i] == view->gold[i];
    }
    m_title->setText(QStringLiteral("<b>%1</b>, %2: layer %3, head %4, %5: %6 of %7 words right (gold arcs above, the head's below).")
                         .arg(shown.selectionText().toHtmlEscaped(), sentenceName.toHtmlEscaped())
                         .arg(head->layer)
                         .arg(head->head)
                         .arg(viewName(head->direction))
                         .arg(right)
                         .arg(counted));
    m_figureTitle = QStringLiteral("%1, %2: layer %3 head %4").arg(runTitle(*shown.run), sentenceName).arg(head->layer).arg(head->head);
    m_arcs->setSentence(view->words, view->gold, view->relations, view->predicted);
    redrawMatrix();
}

void SentenceTab::redrawMatrix()
{
    if (!m_view)
        return;
    const HeatmapFigure f = sentenceMatrix(*m_view, m_pieces->isChecked(), m_figureTitle);
    m_matrix->setFigure(f);
    const int n = f.rows();
    m_matrix->setMinimumSize(kMinimumCell * n + 260, kMinimumCell * n + 120);
}

std::optional<HeatmapFigure> SentenceTab::matrix() const
{
    if (!m_view)
        return std::nullopt;
    return m_matrix->figure();
}

// ---- Runs ----------------------------------------------------------------------

RunsTab::RunsTab(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("syntaxRuns"));
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setColumnCount(7);
    m_table->setHorizontalHeaderLabels({QStringLiteral(""), QStringLiteral("Model"), QStringLiteral("Treebank"), QStringLiteral("Options"),
                                        QStringLiteral("Scored"), QStringLiteral("Words"), QStringLiteral("Weights")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    m_problems = new QLabel(this);
    m_problems->setWordWrap(true);
    m_problems->hide();
    layout->addWidget(m_problems);
    auto* buttons = new QHBoxLayout;
    m_show = new QPushButton(QStringLiteral("Show"), this);
    m_show->setObjectName(QStringLiteral("runShow"));
    m_compare = new QPushButton(QStringLiteral("Compare With Shown"), this);
    m_compare->setObjectName(QStringLiteral("runCompare"));
    m_delete = new QPushButton(QStringLiteral("Delete"), this);
    m_delete->setObjectName(QStringLiteral("runDelete"));
    m_delete->setToolTip(QStringLiteral("Delete the run from the project (Edit ▸ Undo brings it back)"));
    buttons->addWidget(m_show);
    buttons->addWidget(m_compare);
    buttons->addStretch(1);
    buttons->addWidget(m_delete);
    layout->addLayout(buttons);
    connect(m_show, &QPushButton::clicked, this, [this] { Q_EMIT showRequested(selectedRun()); });
    connect(m_compare, &QPushButton::clicked, this, [this] { Q_EMIT compareRequested(selectedRun()); });
    connect(m_delete, &QPushButton::clicked, this, [this] { Q_EMIT deleteRequested(selectedRun()); });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { Q_EMIT showRequested(selectedRun()); });
    auto enable = [this] {
        const bool any = !selectedRun().isEmpty();
        m_show->setEnabled(any);
        m_compare->setEnabled(any);
        m_delete->setEnabled(any);
    };
    connect(m_table, &QTableWidget::itemSelectionChanged, this, enable);
    enable();
}

QString RunsTab::selectedRun() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_table->item(rows.front().row(), 1)->data(Qt::UserRole).toString();
}

void RunsTab::show(const SyntaxShown& shown)
{
    const QString keep = selectedRun();
    m_table->setRowCount(0);
    if (!shown.section)
        return;
    const auto& runs = shown.section->runs;
    m_table->setRowCount(int(runs.size()));
    for (int i = 0; i < int(runs.size()); ++i) {
        const SyntaxRun& r = runs[size_t(i)];
        const ModelRef* model = shown.project ? shown.project->model(r.modelId) : nullptr;
        const QString marker = shown.run && shown.run->id == r.id ? QStringLiteral("shown")
                             : shown.compared && shown.compared->id == r.id ? QStringLiteral("compared") : QString();
        const QString weights = !model ? QStringLiteral("model not in the project")
                              : r.weights.isEmpty() ? QStringLiteral("not recorded")
                              : model->fileHashes == r.weights ? QStringLiteral("as recorded")
                                                               : QStringLiteral("earlier weights");
        const QStringList cells = {marker,
                                   r.modelName,
                                   r.data.treebankName(),
                                   QStringLiteral("%1, %2").arg(r.data.maxSentences > 0 ? QStringLiteral("first %1").arg(r.data.maxSentences) : QStringLiteral("all sentences"),
                                                                r.data.keepSubtypes ? QStringLiteral("subtypes kept") : QStringLiteral("subtypes collapsed")),
                                   r.scoredAt.isValid() ? QLocale().toString(r.scoredAt.toLocalTime(), QLocale::ShortFormat) : QStringLiteral("—"),
                                   QString::number(r.scores.words),
                                   weights};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setData(Qt::UserRole, r.id);
            if (c == 2)
                item->setToolTip(r.data.treebank);
            m_table->setItem(i, c, item);
        }
        if (r.id == keep)
            m_table->selectRow(i);
    }
    m_problems->setVisible(!shown.section->problems.isEmpty());
    m_problems->setText(shown.section->problems.join(QLatin1Char('\n')));
}

} // namespace sonde
