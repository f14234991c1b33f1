#include "SentenceArcs.h"

#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace sonde {

SentenceArcs::SentenceArcs(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sentenceArcs"));
    setMinimumHeight(220);
}

void SentenceArcs::setSentence(const QStringList& words, const std::vector<int>& gold, const QStringList& relations,
                               const std::vector<int>& predicted)
{
    m_words = words;
    m_gold = gold;
    m_relations = relations;
    m_predicted = predicted;
    updateGeometry();
    update();
}

void SentenceArcs::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (m_words.isEmpty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter, QStringLiteral("Double-click a sentence in the head view to see it here."));
        return;
    }
    const QFontMetricsF fm(font());
    const double baseline = height() * 0.55;
    // Word centres, spaced by their widths.
    std::vector<double> centre;
    double x = 12;
    for (const QString& w : m_words) {
        const double width = std::max(fm.horizontalAdvance(w), 24.0) + 18;
        centre.push_back(x + width / 2);
        x += width;
    }
    const double scale = x > width() - 12 ? (width() - 24) / (x - 12) : 1.0;
    for (double& c : centre)
        c = 12 + (c - 12) * scale;
    p.setPen(palette().color(QPalette::WindowText));
    for (int i = 0; i < m_words.size(); ++i)
        p.drawText(QRectF(centre[size_t(i)] - 60, baseline - fm.height() / 2, 120, fm.height()), Qt::AlignCenter, m_words[i]);

    const double above = baseline - fm.height() * 0.8, below = baseline + fm.height() * 0.8;
    const double unit = std::min(22.0, (above - 20) / std::max(1.0, std::log2(double(m_words.size()) + 1) * 2));
    auto arc = [&](int from, int to, double y, int sign, const QColor& colour, const QString& label) {
        const double x1 = centre[size_t(from)], x2 = centre[size_t(to)];
        const double h = sign * std::min(std::abs(y - (sign < 0 ? 14.0 : double(height()) - 8.0)),
                                         unit * (1.0 + std::log2(1.0 + std::abs(to - from)) * 1.6));
        QPainterPath path(QPointF(x1, y));
        path.cubicTo(QPointF(x1, y + h), QPointF(x2, y + h), QPointF(x2, y));
        p.setPen(QPen(colour, 1.6));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        // Arrowhead at the dependent.
        const double d = sign * 6.0;
        p.setBrush(colour);
        p.drawPolygon(QPolygonF({QPointF(x2, y), QPointF(x2 - 4, y + d), QPointF(x2 + 4, y + d)}));
        if (!label.isEmpty()) {
            p.setPen(colour.darker(140));
            p.drawText(QRectF((x1 + x2) / 2 - 50, y + h * 0.75 - fm.height(), 100, fm.height()), Qt::AlignCenter, label);
        }
    };
    const QColor goldColour(0x37, 0x47, 0x4f), right(0x2e, 0x7d, 0x32), wrong(0xc6, 0x28, 0x28);
    for (int i = 0; i < m_words.size(); ++i) {
        const int g = m_gold[size_t(i)];
        if (g == 0) { // the root: an arrow from above
            p.setPen(QPen(goldColour, 1.6));
            p.drawLine(QPointF(centre[size_t(i)], 14), QPointF(centre[size_t(i)], above));
            p.drawText(QRectF(centre[size_t(i)] + 4, 10, 60, fm.height()), Qt::AlignLeft, QStringLiteral("root"));
            continue;
        }
        arc(g - 1, i, above, -1, goldColour, m_relations[i]);
        const int pr = m_predicted[size_t(i)];
        if (pr >= 1 && pr - 1 != i)
            arc(pr - 1, i, below, +1, pr == g ? right : wrong, QString());
        else if (pr - 1 == i) { // predicted itself: only possible when the word's row is all ties
            p.setPen(QPen(wrong, 1.6));
            p.drawEllipse(QPointF(centre[size_t(i)], below + 6), 4, 4);
        }
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRectF(4, height() - fm.height() - 2, width() - 8, fm.height()), Qt::AlignLeft,
               QStringLiteral("above: gold tree · below: the head's predictions (green right, red wrong)"));
}

} // namespace sonde
