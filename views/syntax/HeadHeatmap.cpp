#include "HeadHeatmap.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace sonde {

namespace {
constexpr int kLeft = 54, kTop = 30, kRight = 96, kBottom = 34;
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

QColor HeadHeatmap::divergingColour(double v, double range)
{
    // Ends of ColorBrewer's RdBu, through white.
    const double t = std::clamp(v / std::max(range, 1e-9), -1.0, 1.0);
    const QColor end = t < 0 ? QColor(33, 102, 172) : QColor(178, 24, 43);
    const double a = std::abs(t);
    return QColor(int(255 + a * (end.red() - 255)), int(255 + a * (end.green() - 255)), int(255 + a * (end.blue() - 255)));
}

void HeadHeatmap::setData(const std::vector<std::vector<double>>& values, const QString& title, int markLayer, int markHead, Scale scale)
{
    m_values = values;
    m_title = title;
    m_scale = scale;
    if (scale == Scale::Difference) { // symmetric, rounded up to 5 points
        double largest = 0;
        for (const auto& row : values)
            for (double v : row)
                largest = std::max(largest, std::abs(v));
        m_range = std::max(0.05, std::ceil(largest * 20.0 - 1e-9) / 20.0);
    }
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

// Named rows get a margin that fits their names (within limits); named
// columns whose names are wider than the cells are written upwards, with a
// bottom margin to match.
HeadHeatmap::Margins HeadHeatmap::margins() const
{
    Margins m{kLeft, kBottom, false};
    const QFontMetrics fm = fontMetrics();
    for (const QString& r : m_rowLabels)
        m.left = std::max(m.left, std::min(140, fm.horizontalAdvance(r) + 26));
    if (!m_columnLabels.isEmpty() && !m_values.empty() && !m_values[0].empty()) {
        int widest = 0;
        for (const QString& c : m_columnLabels)
            widest = std::max(widest, fm.horizontalAdvance(c));
        const double cell = double(width() - m.left - kRight) / double(m_values[0].size());
        if (widest + 4 > cell) {
            m.rotatedColumns = true;
            m.bottom = std::min(140, widest + 6) + 20;
        }
    }
    return m;
}

QRectF HeadHeatmap::gridRect() const
{
    const Margins m = margins();
    return QRectF(m.left, kTop, std::max(10, width() - m.left - kRight), std::max(10, height() - kTop - m.bottom));
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
            const QColor fill = cellColour(v);
            p.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), fill);
            if (cw > 34 && ch > 16) { // values when there is room
                p.setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, valueText(v, 0));
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
    const Margins margin = margins();
    p.setPen(palette().color(QPalette::WindowText));
    const int labelEvery = std::max(1, int(14 / std::max(1.0, ch)) + 1);
    for (int l = 0; l < layers; l += labelEvery)
        p.drawText(QRectF(0, g.top() + l * ch, margin.left - 6, ch), Qt::AlignRight | Qt::AlignVCenter,
                   l < m_rowLabels.size() ? fontMetrics().elidedText(m_rowLabels[l], Qt::ElideRight, margin.left - 20) : QString::number(l));
    const int headEvery = std::max(1, int((margin.rotatedColumns ? 14 : 18) / std::max(1.0, cw)) + 1);
    const int labelSpace = margin.bottom - 20;
    for (int h = 0; h < heads; h += headEvery) {
        const QString label = h < m_columnLabels.size() ? m_columnLabels[h] : QString::number(h);
        if (margin.rotatedColumns) { // written upwards, ending at the grid
            p.save();
            p.translate(g.left() + (h + 0.5) * cw, g.bottom() + 3);
            p.rotate(-90);
            p.drawText(QRectF(-labelSpace, -8, labelSpace, 16), Qt::AlignRight | Qt::AlignVCenter,
                       fontMetrics().elidedText(label, Qt::ElideRight, labelSpace));
            p.restore();
        } else {
            p.drawText(QRectF(g.left() + h * cw, g.bottom() + 2, cw, 16), Qt::AlignHCenter | Qt::AlignTop,
                       fontMetrics().elidedText(label, Qt::ElideRight, int(cw * headEvery)));
        }
    }
    p.drawText(QRectF(g.left(), g.bottom() + margin.bottom - 18, g.width(), 16), Qt::AlignCenter, m_columnTitle);
    p.save();
    p.translate(12, g.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-60, -8, 120, 16), Qt::AlignCenter, m_rowTitle);
    p.restore();

    drawLegend(p, QRectF(g.right() + 18, g.top(), 14, g.height()));
}

QColor HeadHeatmap::cellColour(double v) const
{
    return m_scale == Scale::Difference ? divergingColour(v, m_range) : colour(v);
}

// Accuracy in %, a difference in signed percentage points.
QString HeadHeatmap::valueText(double v, int decimals) const
{
    if (m_scale == Scale::Accuracy)
        return QString::number(v * 100.0, 'f', decimals);
    const QString number = QString::number(v * 100.0, 'f', decimals);
    return v > 0 && number.toDouble() != 0 ? QLatin1Char('+') + number : number;
}

void HeadHeatmap::drawLegend(QPainter& p, const QRectF& bar) const
{
    const bool diff = m_scale == Scale::Difference;
    for (int y = 0; y < int(bar.height()); ++y) {
        const double t = double(y) / bar.height(); // 0 at the bottom
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1), diff ? divergingColour((2 * t - 1) * m_range, m_range) : colour(t));
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(bar);
    for (int tick = 0; tick <= 4; ++tick) {
        const double t = tick / 4.0;
        const double y = bar.bottom() - bar.height() * t;
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        const QString label = diff ? valueText((2 * t - 1) * m_range, 1) + QStringLiteral(" pt") : QStringLiteral("%1%").arg(tick * 25);
        p.drawText(QRectF(bar.right() + 5, y - 8, 60, 16), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
}

void HeadHeatmap::mouseMoveEvent(QMouseEvent* event)
{
    int l = 0, h = 0;
    if (cellAt(event->position(), &l, &h))
        QToolTip::showText(event->globalPosition().toPoint(),
                           QStringLiteral("%1 %2, %3 %4: %5%6")
                               .arg(m_rowTitle, l < m_rowLabels.size() ? m_rowLabels[l] : QString::number(l), m_columnTitle,
                                    h < m_columnLabels.size() ? m_columnLabels[h] : QString::number(h),
                                    valueText(m_values[size_t(l)][size_t(h)], 1),
                                    m_scale == Scale::Difference ? QStringLiteral(" points") : QStringLiteral("%")),
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
