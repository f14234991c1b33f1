#include "figures/BarChartFigure.h"

#include <QFontMetrics>
#include <QPainter>
#include <algorithm>

namespace sonde {

void BarChartFigure::setTitle(const QString& title, const QString& subtitle)
{
    m_title = title;
    m_subtitle = subtitle;
}

QSize BarChartFigure::preferredSize() const
{
    const int bars = int(m_categories.size()) * int(std::max<size_t>(1, m_series.size()));
    return {640, std::clamp(120 + bars * 13 + int(m_categories.size()) * 8, 320, 1600)};
}

void BarChartFigure::paint(QPainter& p, const QRect& area, const QPalette& palette, const QFont& font) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(area, palette.color(QPalette::Window));
    const QColor text = palette.color(QPalette::WindowText);
    const QFontMetrics fm(font);
    QFont bold = font;
    bold.setBold(true);
    p.setPen(text);
    p.setFont(bold);
    int y = area.top() + 6;
    p.drawText(QRect(area.left() + 4, y, area.width() - 8, fm.height() + 4), Qt::AlignCenter,
               QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, area.width() - 8));
    y += fm.height() + 6;
    p.setFont(font);
    if (!m_subtitle.isEmpty()) {
        p.drawText(QRect(area.left() + 4, y, area.width() - 8, fm.height()), Qt::AlignCenter,
                   fm.elidedText(m_subtitle, Qt::ElideRight, area.width() - 8));
        y += fm.height() + 4;
    }
    if (isEmpty()) {
        p.drawText(QRect(area.left(), y, area.width(), area.bottom() - y), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        p.restore();
        return;
    }
    // Legend: a swatch and the name of each series, centred in one row.
    const int swatch = fm.height() - 4;
    int legendWidth = 0;
    for (const Series& s : m_series)
        legendWidth += swatch + 6 + fm.horizontalAdvance(s.name) + 18;
    int x = area.left() + std::max(4, (area.width() - legendWidth) / 2);
    for (const Series& s : m_series) {
        p.fillRect(QRect(x, y + 2, swatch, swatch), s.colour);
        p.drawText(QRect(x + swatch + 6, y, fm.horizontalAdvance(s.name) + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, s.name);
        x += swatch + 6 + fm.horizontalAdvance(s.name) + 18;
    }
    y += fm.height() + 8;

    int labelWidth = 0;
    for (const QString& c : m_categories)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(c));
    labelWidth = std::min(labelWidth + 10, area.width() / 3);
    const QRect plot(area.left() + labelWidth, y, area.width() - labelWidth - 56, area.bottom() - y - fm.height() * 2 - 10);
    // As many groups as have room for their label; the first ones (callers put
    // the most important first), with a note of how many are left out.
    const int fit = std::max(1, plot.height() / (fm.height() + 2));
    const int groups = std::min(int(m_categories.size()), fit), perGroup = int(m_series.size());
    if (groups < m_categories.size())
        p.drawText(QRect(area.left() + 4, area.bottom() - fm.height() - 2, area.width() - 8, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1 of %2 shown; enlarge to see all").arg(groups).arg(m_categories.size()));
    const double groupHeight = double(plot.height()) / groups;
    const double barHeight = std::max(2.0, (groupHeight - 6) / perGroup);
    // Grid and ticks every 20.
    p.setPen(QPen(palette.color(QPalette::Mid), 0.5));
    for (double v = 0; v <= m_maximum + 1e-9; v += m_maximum / 5) {
        const double gx = plot.left() + plot.width() * v / m_maximum;
        p.drawLine(QPointF(gx, plot.top()), QPointF(gx, plot.bottom()));
        p.setPen(text);
        p.drawText(QRectF(gx - 20, plot.bottom() + 2, 40, fm.height()), Qt::AlignCenter, QString::number(v, 'f', 0));
        p.setPen(QPen(palette.color(QPalette::Mid), 0.5));
    }
    p.setPen(text);
    p.drawText(QRect(plot.left(), plot.bottom() + fm.height() + 2, plot.width(), fm.height()), Qt::AlignCenter, m_axisLabel);
    for (int g = 0; g < groups; ++g) {
        const double top = plot.top() + g * groupHeight + 3;
        p.setPen(text);
        p.drawText(QRectF(area.left(), top, labelWidth - 8, barHeight * perGroup), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(m_categories[g], Qt::ElideRight, labelWidth - 8));
        for (int s = 0; s < perGroup; ++s) {
            const double v = s < int(m_series.size()) && g < int(m_series[size_t(s)].values.size()) ? m_series[size_t(s)].values[size_t(g)] : 0;
            const QRectF bar(plot.left(), top + s * barHeight, plot.width() * std::clamp(v, 0.0, m_maximum) / m_maximum, barHeight - 1);
            p.fillRect(bar, m_series[size_t(s)].colour);
            if (barHeight >= fm.height() - 4) {
                p.setPen(text);
                p.drawText(QRectF(bar.right() + 3, bar.top(), 50, bar.height()), Qt::AlignLeft | Qt::AlignVCenter,
                           QString::number(v, 'f', 1));
            }
        }
    }
    p.restore();
}

} // namespace sonde
