#include "syntax/RelationTableModel.h"

#include "syntax/SyntaxFigures.h"

#include <QBrush>
#include <QColor>

namespace sonde {

RelationTableModel::RelationTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RelationTableModel::setScores(const SyntaxScores* scores, int minCount, const SyntaxScores* other, const QString& otherName)
{
    beginResetModel();
    m_scores = scores;
    m_other = scores ? other : nullptr;
    m_otherName = otherName;
    m_rows = scores ? listedRelations(*scores, minCount) : QStringList();
    endResetModel();
}

int RelationTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RelationTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : (m_other ? ColumnCount : OtherHead);
}

QVariant RelationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Count: return QStringLiteral("Non-root words with this relation");
        case Accuracy: return QStringLiteral("How often the best head points at the gold head");
        case Interval: return QStringLiteral("95% bootstrap interval of the best head's accuracy (sentences resampled)");
        case Baseline: return QStringLiteral("The fixed offset (−3 … +3) that best predicts the head");
        case BaselineInterval: return QStringLiteral("95% bootstrap interval of the baseline's accuracy");
        case Difference: return QStringLiteral("This run's best-head accuracy minus the other's, in percentage points");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Relation: return QStringLiteral("Relation");
    case Count: return QStringLiteral("Words");
    case BestHead: return QStringLiteral("Best head");
    case Accuracy: return QStringLiteral("Best-head acc.");
    case Interval: return QStringLiteral("95% CI");
    case Baseline: return QStringLiteral("Baseline");
    case BaselineAccuracy: return QStringLiteral("Baseline acc.");
    case BaselineInterval: return QStringLiteral("Baseline 95% CI");
    case OtherHead: return QStringLiteral("%1: best head").arg(m_otherName);
    case OtherAccuracy: return QStringLiteral("%1: acc.").arg(m_otherName);
    case Difference: return QStringLiteral("Δ acc.");
    }
    return {};
}

QVariant RelationTableModel::data(const QModelIndex& index, int role) const
{
    if (!m_scores || !index.isValid())
        return {};
    const QString name = m_rows[index.row()];
    const RelationScores& r = m_scores->relations[name];
    const bool otherHas = m_other && m_other->relations.contains(name);
    const RelationScores o = otherHas ? m_other->relations[name] : RelationScores();
    auto pct = [](double v) { return QStringLiteral("%1%").arg(100.0 * v, 0, 'f', 1); };
    auto interval = [&](const sonde::Interval& i) { return QStringLiteral("%1 – %2").arg(pct(i.low), pct(i.high)); };
    auto head = [](const RelationScores& s) { return QStringLiteral("L%1 H%2 %3").arg(s.bestLayer).arg(s.bestHead).arg(s.bestDirection); };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Relation: return name;
        case Count: return r.count;
        case BestHead: return head(r);
        case Accuracy: return pct(r.bestAccuracy);
        case Interval: return interval(r.bestInterval);
        case Baseline: return QStringLiteral("offset %1%2").arg(r.baselineOffset > 0 ? QStringLiteral("+") : QString()).arg(r.baselineOffset);
        case BaselineAccuracy: return pct(r.baselineAccuracy);
        case BaselineInterval: return interval(r.baselineInterval);
        case OtherHead: return otherHas ? head(o) : QStringLiteral("—");
        case OtherAccuracy: return otherHas ? pct(o.bestAccuracy) : QStringLiteral("—");
        case Difference:
            return otherHas ? QStringLiteral("%1%2 pt").arg(r.bestAccuracy >= o.bestAccuracy ? QStringLiteral("+") : QString())
                                  .arg(100.0 * (r.bestAccuracy - o.bestAccuracy), 0, 'f', 1)
                            : QStringLiteral("—");
        }
    } else if (role == Qt::ToolTipRole && index.column() == Accuracy) {
        return r.aboveBaseline ? QStringLiteral("The head's 95% interval lies wholly above the baseline's")
                               : QStringLiteral("Not clearly above the positional baseline");
    } else if (role == Qt::ForegroundRole && index.column() == Accuracy && r.aboveBaseline) {
        return QBrush(QColor(0x2e, 0x7d, 0x32));
    } else if (role == Qt::TextAlignmentRole && index.column() != Relation && index.column() != BestHead && index.column() != Baseline
               && index.column() != OtherHead) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

} // namespace sonde
