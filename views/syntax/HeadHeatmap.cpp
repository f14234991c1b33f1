#include "HeadHeatmap.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace sonde {

namespace {
constexpr int kLeft = 54, kTop = 30, kRight = 78, kBottom = 34;
}

HeadHeatmap::HeadHeatmap(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setObjectName(QStringLiteral("headHeatmap"));
}

QColor HeadHeatmap::colour(double v)
{
    // Anchors of matplotlib's viridis, interpolated linearly.
    static const QColor anchors[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                                     QColor(253, 231, 37)};
    v = std::clamp(v, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(v));
    const double t = v - i;
    const QColor& a = anchors[i];
    const QColor& b = anchors[i + 1];
    return QColor(int(a.red() + t * (b.red() - a.red())), int(a.green() + t * (b.green() - a.green())),
                  int(a.blue() + t * (b.blue() - a.blue())));
}

void HeadHeatmap::setData(const std::vector<std::vector<double>>& values, const QString& title, int markLayer, int markHead)
{
    m_values = values;
    m_title = title;
    m_markLayer = markLayer;
    m_markHead = markHead;
    update();
}

void HeadHeatmap::setAxes(const QStringList& rows, const QStringList& columns, const QString& rowTitle, const QString& columnTitle,
                          const std::vector<std::pair<int, int>>& outlined)
{
    m_rowLabels = rows;
    m_columnLabels = columns;
    m_rowTitle = rowTitle;
    m_columnTitle = columnTitle;
    m_outlined = outlined;
    update();
}

QRectF HeadHeatmap::gridRect() const
{
    return QRectF(kLeft, kTop, std::max(10, width() - kLeft - kRight), std::max(10, height() - kTop - kBottom));
}

bool HeadHeatmap::cellAt(const QPointF& p, int* layer, int* head) const
{
    if (m_values.empty() || m_values[0].empty())
        return false;
    const QRectF g = gridRect();
    if (!g.contains(p))
        return false;
    *layer = std::min(int(m_values.size()) - 1, int((p.y() - g.top()) / g.height() * double(m_values.size())));
    *head = std::min(int(m_values[0].size()) - 1, int((p.x() - g.left()) / g.width() * double(m_values[0].size())));
    return true;
}

void HeadHeatmap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().window());
    p.setPen(palette().color(QPalette::WindowText));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(0, 4, width(), kTop - 6), Qt::AlignCenter, m_title);
    p.setFont(font());
    if (m_values.empty() || m_values[0].empty()) {
        p.drawText(rect(), Qt::AlignCenter, QStringLiteral("No analysis yet"));
        return;
    }
    const int layers = int(m_values.size()), heads = int(m_values[0].size());
    const QRectF g = gridRect();
    const double cw = g.width() / heads, ch = g.height() / layers;
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h) {
            const QRectF cell(g.left() + h * cw, g.top() + l * ch, cw, ch);
            const double v = m_values[size_t(l)][size_t(h)];
            p.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), colour(v));
            if (cw > 34 && ch > 16) { // values when there is room
                p.setPen(v > 0.6 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, QString::number(v * 100.0, 'f', 0));
            }
        }
    auto outline = [&](int l, int h, const QColor& c, qreal w) {
        if (l < 0 || h < 0 || l >= layers || h >= heads)
            return;
        p.setPen(QPen(c, w));
        p.setBrush(Qt::NoBrush);
        const qreal inset = std::min<qreal>(1.0, std::min(cw, ch) / 4);
        p.drawRect(QRectF(g.left() + h * cw, g.top() + l * ch, cw, ch).adjusted(inset, inset, -inset, -inset));
    };
    // Frames thin out with the cells so dense matrices (many pieces) stay readable.
    const qreal frame = std::clamp(std::min(cw, ch) / 6.0, 0.6, 2.0);
    for (auto [r, c] : m_outlined)
        outline(r, c, QColor(255, 152, 0), frame);
    outline(m_markLayer, m_markHead, QColor(255, 64, 64), 2.5);
    outline(m_selectedLayer, m_selectedHead, Qt::white, 2.0);

    // Axes: layers down the side, heads along the bottom.
    p.setPen(palette().color(QPalette::WindowText));
    const int labelEvery = std::max(1, int(14 / std::max(1.0, ch)) + 1);
    for (int l = 0; l < layers; l += labelEvery)
        p.drawText(QRectF(0, g.top() + l * ch, kLeft - 6, ch), Qt::AlignRight | Qt::AlignVCenter,
                   l < m_rowLabels.size() ? fontMetrics().elidedText(m_rowLabels[l], Qt::ElideRight, kLeft - 20) : QString::number(l));
    const int headEvery = std::max(1, int(18 / std::max(1.0, cw)) + 1);
    for (int h = 0; h < heads; h += headEvery)
        p.drawText(QRectF(g.left() + h * cw, g.bottom() + 2, cw, 16), Qt::AlignHCenter | Qt::AlignTop,
                   h < m_columnLabels.size() ? fontMetrics().elidedText(m_columnLabels[h], Qt::ElideRight, int(cw * headEvery))
                                             : QString::number(h));
    p.drawText(QRectF(g.left(), g.bottom() + 16, g.width(), 16), Qt::AlignCenter, m_columnTitle);
    p.save();
    p.translate(12, g.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-60, -8, 120, 16), Qt::AlignCenter, m_rowTitle);
    p.restore();

    // Legend: 0 % to 100 %.
    const QRectF bar(g.right() + 18, g.top(), 14, g.height());
    for (int y = 0; y < int(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1), colour(double(y) / bar.height()));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(bar);
    for (int pct : {0, 25, 50, 75, 100}) {
        const double y = bar.bottom() - bar.height() * pct / 100.0;
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        p.drawText(QRectF(bar.right() + 5, y - 8, 40, 16), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("%1%").arg(pct));
    }
}

void HeadHeatmap::mouseMoveEvent(QMouseEvent* event)
{
    int l = 0, h = 0;
    if (cellAt(event->position(), &l, &h))
        QToolTip::showText(event->globalPosition().toPoint(),
                           QStringLiteral("%1 %2, %3 %4: %5%")
                               .arg(m_rowTitle, l < m_rowLabels.size() ? m_rowLabels[l] : QString::number(l), m_columnTitle,
                                    h < m_columnLabels.size() ? m_columnLabels[h] : QString::number(h))
                               .arg(m_values[size_t(l)][size_t(h)] * 100.0, 0, 'f', 1),
                           this);
    else
        QToolTip::hideText();
}

void HeadHeatmap::mousePressEvent(QMouseEvent* event)
{
    int l = 0, h = 0;
    if (!cellAt(event->position(), &l, &h))
        return;
    m_selectedLayer = l;
    m_selectedHead = h;
    update();
    Q_EMIT headClicked(l, h);
}

} // namespace sonde
