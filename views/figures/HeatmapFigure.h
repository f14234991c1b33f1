#pragma once
// A matrix of values as coloured cells with a colour legend: layers × heads
// accuracies (viridis, 0–100 %), differences between two models (a diverging
// scale symmetric about 0, in percentage points) or any labelled matrix such
// as a sentence's attention. Values are written in the cells when they fit;
// the widget showing it gives them as tooltips otherwise.
#include "figures/Figure.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <utility>
#include <vector>

namespace sonde {

class HeatmapFigure : public Figure {
public:
    enum class Scale { Accuracy, Difference };

    void setValues(const std::vector<std::vector<double>>& values, Scale scale = Scale::Accuracy);
    void setTitle(const QString& title, const QString& subtitle = QString());
    // Row and column names instead of indices; `outlined` cells get a frame.
    void setAxes(const QStringList& rows, const QStringList& columns, const QString& rowTitle, const QString& columnTitle,
                 const std::vector<std::pair<int, int>>& outlined = {});
    void setMarked(int row, int column);   // the best head: a red frame
    void setSelected(int row, int column); // the clicked one: a white frame
    // Shown instead of cells when there are none ("No analysis yet", or why not).
    void setEmptyText(const QString& text) { m_emptyText = text; }

    bool isEmpty() const { return m_values.empty() || m_values[0].empty(); }
    int rows() const { return int(m_values.size()); }
    int columns() const { return isEmpty() ? 0 : int(m_values[0].size()); }
    double value(int row, int column) const { return m_values[size_t(row)][size_t(column)]; }
    QString rowName(int row) const;
    QString columnName(int column) const;
    const QString& rowTitle() const { return m_rowTitle; }
    const QString& columnTitle() const { return m_columnTitle; }
    // The value as shown: "43" (%), "+2.5" (points).
    QString valueText(double v, int decimals) const;
    Scale scale() const { return m_scale; }

    // The cell under `point` in a figure painted into `area` with `font`.
    bool cellAt(const QRect& area, const QFont& font, const QPointF& point, int* row, int* column) const;
    // Whether the cells are too small for their values (then tooltips carry them).
    bool valuesHidden(const QRect& area, const QFont& font) const;

    QSize preferredSize() const override;
    void paint(QPainter& p, const QRect& area, const QPalette& palette, const QFont& font) const override;

    static QColor colour(double v);                        // viridis for v in [0, 1]
    static QColor divergingColour(double v, double range); // blue (−range) … white … red (+range)

private:
    struct Layout {
        QRectF grid;
        int left = 0, bottom = 0;
        bool rotatedColumns = false;
        double cellWidth = 0, cellHeight = 0;
    };
    Layout layout(const QRect& area, const QFont& font) const;
    QColor cellColour(double v) const;
    void drawLegend(QPainter& p, const QRectF& bar, const QPalette& palette) const;

    std::vector<std::vector<double>> m_values;
    QString m_title, m_subtitle, m_emptyText = QStringLiteral("No analysis yet");
    Scale m_scale = Scale::Accuracy;
    double m_range = 1.0; // Difference: the legend's half-width
    int m_markRow = -1, m_markColumn = -1, m_selectedRow = -1, m_selectedColumn = -1;
    QStringList m_rowLabels, m_columnLabels;
    QString m_rowTitle = QStringLiteral("layer"), m_columnTitle = QStringLiteral("head");
    std::vector<std::pair<int, int>> m_outlined;
};

} // namespace sonde
