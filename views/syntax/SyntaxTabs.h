#pragma once
// The tabs of the Attention & Syntax page. Each shows what the page hands it
// (SyntaxShown, and for the head and sentence tabs the job result for the
// head or sentence chosen) and says, when it has nothing for the current
// selection, what it would show. None keeps section state of its own.
#include "figures/HeatmapFigure.h"
#include "syntax/SyntaxShown.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace sonde {

class FigureView;
class HeatmapView;
class RelationTableModel;
class SentenceArcs;

// Heatmap of the shown run (or its difference to the compared one), the
// relation table and the best-head chart.
class OverviewTab : public QWidget {
    Q_OBJECT
public:
    explicit OverviewTab(QWidget* parent = nullptr);
    void show(const SyntaxShown& shown);
    void showRelation(const QString& relation, const QString& view);
    QString relation() const;
    QString view() const;
    const HeatmapFigure& heatmap() const;
    // A new project: the next run shown gets the default relation and view.
    void resetChoices() { m_viewChosen = false; }

Q_SIGNALS:
    void headClicked(int layer, int head);
    void compareRequested(const QString& runId); // "" for none

private:
    void redraw();
    SyntaxShown m_shown;
    bool m_viewChosen = false; // by the user, or given the defaults of the first run shown
    QComboBox* m_relation;
    QComboBox* m_view;
    QComboBox* m_compare;
    QSpinBox* m_minCount;
    QLabel* m_note;
    HeatmapView* m_heatmap;
    RelationTableModel* m_tableModel;
    QTableView* m_table;
    FigureView* m_chart;
};

// One head's sentences, where it is right and where it is wrong.
struct HeadChoice {
    int layer = 0, head = 0;
    QString relation, direction;
    bool operator==(const HeadChoice& o) const
    {
        return layer == o.layer && head == o.head && relation == o.relation && direction == o.direction;
    }
};

class HeadTab : public QWidget {
    Q_OBJECT
public:
    explicit HeadTab(QWidget* parent = nullptr);
    // `report` is for `choice` on the shown run, or absent (nothing chosen,
    // still computing: `status` says which).
    void show(const SyntaxShown& shown, const std::optional<HeadChoice>& choice, const HeadReport* report, const QString& status);

Q_SIGNALS:
    void sentenceRequested(int sentence); // index into the treebank

private:
    QLabel* m_title;
    QListWidget* m_right;
    QListWidget* m_wrong;
};

// One sentence through the chosen head: arcs and the attention matrix.
class SentenceTab : public QWidget {
    Q_OBJECT
public:
    explicit SentenceTab(QWidget* parent = nullptr);
    void show(const SyntaxShown& shown, const std::optional<HeadChoice>& head, int sentence, const QString& sentenceName,
              const SentenceView* view, const QString& status, bool hasPrevious, bool hasNext);
    std::optional<HeatmapFigure> matrix() const;

Q_SIGNALS:
    void stepRequested(int delta); // −1 previous, +1 next

private:
    void redrawMatrix();
    QLabel* m_title;
    QPushButton* m_previous;
    QPushButton* m_next;
    QCheckBox* m_pieces;
    SentenceArcs* m_arcs;
    HeatmapView* m_matrix;
    std::optional<SentenceView> m_view; // the job result shown (not section state)
    QString m_figureTitle;
};

// Every stored run: show, compare, delete.
class RunsTab : public QWidget {
    Q_OBJECT
public:
    explicit RunsTab(QWidget* parent = nullptr);
    void show(const SyntaxShown& shown);

Q_SIGNALS:
    void showRequested(const QString& runId);
    void compareRequested(const QString& runId);
    void deleteRequested(const QString& runId);

private:
    QString selectedRun() const;
    QTableWidget* m_table;
    QPushButton* m_show;
    QPushButton* m_compare;
    QPushButton* m_delete;
    QLabel* m_problems;
};

} // namespace sonde
