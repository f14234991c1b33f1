#include "SentenceArcs.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
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

namespace {

struct Arc {
    int from, to; // word indices: head → dependent
    int level = 1;
    int left() const { return std::min(from, to); }
    int right() const { return std::max(from, to); }
};

// Heights by nesting, as dependency diagrams draw them: an arc sits one level
// above the highest arc it spans, so arcs never cross a shorter arc's label.
void assignLevels(std::vector<Arc>& arcs)
{
    std::vector<size_t> order(arcs.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return arcs[a].right() - arcs[a].left() < arcs[b].right() - arcs[b].left(); });
    for (size_t k = 0; k < order.size(); ++k) {
        Arc& a = arcs[order[k]];
        for (size_t j = 0; j < k; ++j) {
            const Arc& inner = arcs[order[j]];
            if (inner.left() >= a.left() && inner.right() <= a.right())
                a.level = std::max(a.level, inner.level + 1);
        }
    }
}

} // namespace

void SentenceArcs::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (m_words.isEmpty())
        return; // the tab's title says why there is no sentence
    const QFontMetricsF fm(font());
    std::vector<Arc> goldArcs, predictedArcs;
    for (int i = 0; i < m_words.size(); ++i) {
        if (m_gold[size_t(i)] > 0)
            goldArcs.push_back({m_gold[size_t(i)] - 1, i});
        const int pr = m_predicted[size_t(i)];
        if (pr >= 1 && pr - 1 != i)
            predictedArcs.push_back({pr - 1, i});
    }
    assignLevels(goldArcs);
    assignLevels(predictedArcs);
    int goldLevels = 1, predictedLevels = 1;
    for (const Arc& a : goldArcs)
        goldLevels = std::max(goldLevels, a.level);
    for (const Arc& a : predictedArcs)
        predictedLevels = std::max(predictedLevels, a.level);

    // Words: spaced by their widths, spread over the width (at most 3x), or squeezed to fit.
    std::vector<double> centre;
    double x = 12;
    for (const QString& w : m_words) {
        const double span = std::max(fm.horizontalAdvance(w), 24.0) + 18;
        centre.push_back(x + span / 2);
        x += span;
    }
    const double scale = std::min(3.0, (width() - 24) / std::max(1.0, x - 12));
    for (double& c : centre)
        c = 12 + (c - 12) * scale;

    // Vertical budget: gold levels above the words, predicted ones below, a legend line at the bottom.
    const double legend = fm.height() + 4;
    const double usable = height() - legend - fm.height() - 24;
    const double unit = std::clamp(usable / (goldLevels + predictedLevels + 1.0), 6.0, 2.2 * fm.height());
    const double baseline = 14 + fm.height() + goldLevels * unit + fm.height() * 0.5;
    p.setPen(palette().color(QPalette::WindowText));
    for (int i = 0; i < m_words.size(); ++i)
        p.drawText(QRectF(centre[size_t(i)] - 60, baseline - fm.height() / 2, 120, fm.height()), Qt::AlignCenter, m_words[i]);
    const double above = baseline - fm.height() * 0.7, below = baseline + fm.height() * 0.7;

    auto drawArc = [&](const Arc& a, double y, int sign, const QColor& colour, const QString& label) {
        const double x1 = centre[size_t(a.from)], x2 = centre[size_t(a.to)];
        const double h = sign * a.level * unit;
        QPainterPath path(QPointF(x1, y));
        // The curve's apex lies at 3/4 of the control height.
        path.cubicTo(QPointF(x1, y + h * 4.0 / 3.0), QPointF(x2, y + h * 4.0 / 3.0), QPointF(x2, y));
        p.setPen(QPen(colour, 1.6));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        const double d = sign * 6.0; // arrowhead at the dependent
        p.setBrush(colour);
        p.drawPolygon(QPolygonF({QPointF(x2, y), QPointF(x2 - 4, y + d), QPointF(x2 + 4, y + d)}));
        if (!label.isEmpty()) { // on the apex, over a patch of background so crossing lines stay readable
            const double w = fm.horizontalAdvance(label) + 6;
            const QRectF box((x1 + x2 - w) / 2, y + h - fm.height() / 2, w, fm.height());
            p.fillRect(box, palette().base());
            p.setPen(colour.darker(140));
            p.drawText(box, Qt::AlignCenter, label);
        }
    };
    const QColor goldColour(0x37, 0x47, 0x4f), right(0x2e, 0x7d, 0x32), wrong(0xc6, 0x28, 0x28);
    for (int i = 0; i < m_words.size(); ++i) {
        if (m_gold[size_t(i)] == 0) { // the root: an arrow from the top
            p.setPen(QPen(goldColour, 1.6));
            p.drawLine(QPointF(centre[size_t(i)], 6), QPointF(centre[size_t(i)], above));
            p.drawText(QRectF(centre[size_t(i)] + 4, 2, 60, fm.height()), Qt::AlignLeft, QStringLiteral("root"));
        } else if (m_predicted[size_t(i)] - 1 == i) { // predicted itself: only when the word's row is all ties
            p.setPen(QPen(wrong, 1.6));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(centre[size_t(i)], below + 6), 4, 4);
        }
    }
    // High arcs first, so lower arcs and their labels are drawn over them.
    std::stable_sort(goldArcs.begin(), goldArcs.end(), [](const Arc& a, const Arc& b) { return a.level > b.level; });
    for (const Arc& a : goldArcs)
        drawArc(a, above, -1, goldColour, m_relations[a.to]);
    for (const Arc& a : predictedArcs)
        drawArc(a, below, +1, m_gold[size_t(a.to)] == a.from + 1 ? right : wrong, QString());
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRectF(4, height() - legend, width() - 8, fm.height()), Qt::AlignLeft,
               QStringLiteral("above: gold tree · below: the head's predictions (green right, red wrong)"));
}

} // namespace sonde
