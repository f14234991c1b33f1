#include "figures/FigureView.h"

#include <QPainter>

namespace sonde {

FigureView::FigureView(QWidget* parent) : QWidget(parent) {}

void FigureView::setFigure(std::shared_ptr<const Figure> figure)
{
    m_figure = std::move(figure);
    updateGeometry();
    update();
}

QSize FigureView::sizeHint() const
{
    return m_figure ? m_figure->preferredSize() : QSize(480, 320);
}

void FigureView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    if (m_figure)
        m_figure->paint(p, rect(), palette(), font());
    else
        p.fillRect(rect(), palette().window());
}

} // namespace sonde
