#pragma once
// Horizontal grouped bars, one group per category (a relation), one bar per
// series (best head, best fixed offset, another model's best head), with the
// value written at each bar's end and a legend with the series' colours.
#include "figures/Figure.h"

#include <QColor>
#include <vector>

namespace sonde {

class BarChartFigure : public Figure {
public:
    struct Series {
        QString name;
        QColor colour;
        std::vector<double> values; // one per category
    };
    void setTitle(const QString& title, const QString& subtitle = QString());
    void setCategories(const QStringList& categories) { m_categories = categories; }
    void addSeries(Series s) { m_series.push_back(std::move(s)); }
    void setAxis(const QString& label, double maximum) { m_axisLabel = label, m_maximum = maximum; }
    void setEmptyText(const QString& text) { m_emptyText = text; }
    bool isEmpty() const { return m_categories.isEmpty() || m_series.empty(); }

    QSize preferredSize() const override;
    void paint(QPainter& p, const QRect& area, const QPalette& palette, const QFont& font) const override;

private:
    QString m_title, m_subtitle, m_axisLabel, m_emptyText = QStringLiteral("No analysis yet");
    QStringList m_categories;
    std::vector<Series> m_series;
    double m_maximum = 100;
};

} // namespace sonde
