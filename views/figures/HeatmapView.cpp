#include "figures/HeatmapView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace sonde {

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setObjectName(QStringLiteral("heatmap"));
}

void HeatmapView::setFigure(const HeatmapFigure& figure)
{
    m_figure = figure;
    update();
}

void HeatmapView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    m_figure.paint(p, rect(), palette(), font());
}

void HeatmapView::mouseMoveEvent(QMouseEvent* event)
{
    int r = 0, c = 0;
    if (!m_figure.cellAt(rect(), font(), event->position(), &r, &c)) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(),
                       QStringLiteral("%1 %2, %3 %4: %5%6")
                           .arg(m_figure.rowTitle(), m_figure.rowName(r), m_figure.columnTitle(), m_figure.columnName(c),
                                m_figure.valueText(m_figure.value(r, c), 1),
                                m_figure.scale() == HeatmapFigure::Scale::Difference ? QStringLiteral(" points") : QStringLiteral("%")),
                       this);
}

void HeatmapView::mousePressEvent(QMouseEvent* event)
{
    int r = 0, c = 0;
    if (!m_figure.cellAt(rect(), font(), event->position(), &r, &c))
        return;
    m_figure.setSelected(r, c);
    update();
    Q_EMIT cellClicked(r, c);
}

} // namespace sonde
