#include "figures/HeatmapFigure.h"

#include <QFontMetrics>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace sonde {

namespace {
constexpr int kTop = 30, kTopWithSubtitle = 46, kRight = 96, kLeft = 54, kBottom = 34;
constexpr double kValueCellWidth = 34, kValueCellHeight = 16; // smaller cells: values in tooltips only
}

QColor HeatmapFigure::colour(double v)
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

QColor HeatmapFigure::divergingColour(double v, double range)
{
    // Ends of ColorBrewer's RdBu, through white.
    const double t = std::clamp(v / std::max(range, 1e-9), -1.0, 1.0);
    const QColor end = t < 0 ? QColor(33, 102, 172) : QColor(178, 24, 43);
    const double a = std::abs(t);
    return QColor(int(255 + a * (end.red() - 255)), int(255 + a * (end.green() - 255)), int(255 + a * (end.blue() - 255)));
}

void HeatmapFigure::setValues(const std::vector<std::vector<double>>& values, Scale scale)
{
    m_values = values;
    m_scale = scale;
    if (scale == Scale::Difference) { // symmetric, rounded up to 5 points
        double largest = 0;
        for (const auto& row : values)
            for (double v : row)
                largest = std::max(largest, std::abs(v));
        m_range = std::max(0.05, std::ceil(largest * 20.0 - 1e-9) / 20.0);
    }
}

void HeatmapFigure::setTitle(const QString& title, const QString& subtitle)
{
    m_title = title;
    m_subtitle = subtitle;
}

void HeatmapFigure::setAxes(const QStringList& rows, const QStringList& columns, const QString& rowTitle, const QString& columnTitle,
                            const std::vector<std::pair<int, int>>& outlined)
{
    m_rowLabels = rows;
    m_columnLabels = columns;
    m_rowTitle = rowTitle;
    m_columnTitle = columnTitle;
    m_outlined = outlined;
}

void HeatmapFigure::setMarked(int row, int column)
{
    m_markRow = row;
    m_markColumn = column;
}

void HeatmapFigure::setSelected(int row, int column)
{
    m_selectedRow = row;
    m_selectedColumn = column;
}

QString HeatmapFigure::rowName(int row) const
{
    return row < m_rowLabels.size() ? m_rowLabels[row] : QString::number(row);
}

QString HeatmapFigure::columnName(int column) const
{
    return column < m_columnLabels.size() ? m_columnLabels[column] : QString::number(column);
}

QSize HeatmapFigure::preferredSize() const
{
    // Cells of a readable size for dense matrices (a long sentence's tokens).
    const int w = std::max(560, kLeft + kRight + 18 * columns()), h = std::max(420, kTopWithSubtitle + kBottom + 40 + 18 * rows());
    return {std::min(w, 2400), std::min(h, 2400)};
}

// Named rows get a margin that fits their names (within limits); named
// columns wider than their cells are written upwards, with a bottom margin to match.
HeatmapFigure::Layout HeatmapFigure::layout(const QRect& area, const QFont& font) const
{
    Layout l;
    l.left = kLeft;
    l.bottom = kBottom;
    const QFontMetrics fm(font);
    for (const QString& r : m_rowLabels)
        l.left = std::max(l.left, std::min(140, fm.horizontalAdvance(r) + 26));
    const int top = m_subtitle.isEmpty() ? kTop : kTopWithSubtitle;
    if (!m_columnLabels.isEmpty() && !isEmpty()) {
        int widest = 0;
        for (const QString& c : m_columnLabels)
            widest = std::max(widest, fm.horizontalAdvance(c));
        const double cell = double(area.width() - l.left - kRight) / double(columns());
        if (widest + 4 > cell) {
            l.rotatedColumns = true;
            l.bottom = std::min(140, widest + 6) + 20;
        }
    }
    l.grid = QRectF(area.left() + l.left, area.top() + top, std::max(10, area.width() - l.left - kRight),
                    std::max(10, area.height() - top - l.bottom));
    if (!isEmpty()) {
        l.cellWidth = l.grid.width() / columns();
        l.cellHeight = l.grid.height() / rows();
    }
    return l;
}

bool HeatmapFigure::cellAt(const QRect& area, const QFont& font, const QPointF& point, int* row, int* column) const
{
    if (isEmpty())
        return false;
    const Layout l = layout(area, font);
    if (!l.grid.contains(point))
        return false;
    *row = std::min(rows() - 1, int((point.y() - l.grid.top()) / l.cellHeight));
    *column = std::min(columns() - 1, int((point.x() - l.grid.left()) / l.cellWidth));
    return true;
}

bool HeatmapFigure::valuesHidden(const QRect& area, const QFont& font) const
{
    const Layout l = layout(area, font);
    return l.cellWidth <= kValueCellWidth || l.cellHeight <= kValueCellHeight;
}

QColor HeatmapFigure::cellColour(double v) const
{
    return m_scale == Scale::Difference ? divergingColour(v, m_range) : colour(v);
}

// Accuracy in %, a difference in signed percentage points.
QString HeatmapFigure::valueText(double v, int decimals) const
{
    const QString number = QString::number(v * 100.0, 'f', decimals);
    if (m_scale == Scale::Accuracy)
        return number;
    return v > 0 && number.toDouble() != 0 ? QLatin1Char('+') + number : number;
}

void HeatmapFigure::paint(QPainter& p, const QRect& area, const QPalette& palette, const QFont& font) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(area, palette.color(QPalette::Window));
    const QColor text = palette.color(QPalette::WindowText);
    p.setPen(text);
    QFont bold = font;
    bold.setBold(true);
    p.setFont(bold);
    const QFontMetrics fm(font);
    p.drawText(QRectF(area.left() + 4, area.top() + 4, area.width() - 8, kTop - 8), Qt::AlignCenter,
               QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, area.width() - 8));
    p.setFont(font);
    if (!m_subtitle.isEmpty())
        p.drawText(QRectF(area.left() + 4, area.top() + kTop - 4, area.width() - 8, 16), Qt::AlignCenter,
                   fm.elidedText(m_subtitle, Qt::ElideRight, area.width() - 8));
    if (isEmpty()) {
        p.drawText(QRectF(area).adjusted(20, kTopWithSubtitle, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        p.restore();
        return;
    }
    const Layout l = layout(area, font);
    const QRectF& g = l.grid;
    const double cw = l.cellWidth, ch = l.cellHeight;
    const bool showValues = !valuesHidden(area, font);
    for (int r = 0; r < rows(); ++r)
        for (int c = 0; c < columns(); ++c) {
            const QRectF cell(g.left() + c * cw, g.top() + r * ch, cw, ch);
            const double v = value(r, c);
            const QColor fill = cellColour(v);
            p.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), fill);
            if (showValues) {
                p.setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, valueText(v, 0));
            }
        }
    auto outline = [&](int r, int c, const QColor& colour, qreal width) {
        if (r < 0 || c < 0 || r >= rows() || c >= columns())
            return;
        p.setPen(QPen(colour, width));
        p.setBrush(Qt::NoBrush);
        const qreal inset = std::min<qreal>(1.0, std::min(cw, ch) / 4);
        p.drawRect(QRectF(g.left() + c * cw, g.top() + r * ch, cw, ch).adjusted(inset, inset, -inset, -inset));
    };
    // Frames thin out with the cells so dense matrices (many pieces) stay readable.
    const qreal frame = std::clamp(std::min(cw, ch) / 6.0, 0.6, 2.0);
    for (auto [r, c] : m_outlined)
        outline(r, c, QColor(255, 152, 0), frame);
    outline(m_markRow, m_markColumn, QColor(255, 64, 64), 2.5);
    outline(m_selectedRow, m_selectedColumn, Qt::white, 2.0);

    // Axes: rows down the side, columns along the bottom.
    p.setPen(text);
    const int rowEvery = std::max(1, int(14 / std::max(1.0, ch)) + 1);
    for (int r = 0; r < rows(); r += rowEvery)
        p.drawText(QRectF(area.left(), g.top() + r * ch, l.left - 6, ch), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(rowName(r), Qt::ElideRight, l.left - 20));
    const int columnEvery = std::max(1, int((l.rotatedColumns ? 14 : 18) / std::max(1.0, cw)) + 1);
    const int labelSpace = l.bottom - 20;
    for (int c = 0; c < columns(); c += columnEvery) {
        if (l.rotatedColumns) { // written upwards, ending at the grid
            p.save();
            p.translate(g.left() + (c + 0.5) * cw, g.bottom() + 3);
            p.rotate(-90);
            p.drawText(QRectF(-labelSpace, -8, labelSpace, 16), Qt::AlignRight | Qt::AlignVCenter,
                       fm.elidedText(columnName(c), Qt::ElideRight, labelSpace));
            p.restore();
        } else {
            const double centre = g.left() + (c + 0.5) * cw, room = cw * columnEvery;
            p.drawText(QRectF(centre - room / 2, g.bottom() + 2, room, 16), Qt::AlignHCenter | Qt::AlignTop,
                       fm.elidedText(columnName(c), Qt::ElideRight, int(room)));
        }
    }
    p.drawText(QRectF(g.left(), g.bottom() + l.bottom - 18, g.width(), 16), Qt::AlignCenter, m_columnTitle);
    p.save();
    p.translate(area.left() + 12, g.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-60, -8, 120, 16), Qt::AlignCenter, m_rowTitle);
    p.restore();

    drawLegend(p, QRectF(g.right() + 18, g.top(), 14, g.height()), palette);
    p.restore();
}

void HeatmapFigure::drawLegend(QPainter& p, const QRectF& bar, const QPalette& palette) const
{
    const bool diff = m_scale == Scale::Difference;
    const int steps = std::max(2, int(bar.height()));
    for (int y = 0; y < steps; ++y) {
        const double t = double(y) / bar.height(); // 0 at the bottom
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1.2), diff ? divergingColour((2 * t - 1) * m_range, m_range) : colour(t));
    }
    p.setPen(palette.color(QPalette::WindowText));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    for (int tick = 0; tick <= 4; ++tick) {
        const double t = tick / 4.0;
        const double y = bar.bottom() - bar.height() * t;
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        const QString label = diff ? valueText((2 * t - 1) * m_range, 1) + QStringLiteral(" pt") : QStringLiteral("%1%").arg(tick * 25);
        p.drawText(QRectF(bar.right() + 5, y - 8, 70, 16), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
}

} // namespace sonde
