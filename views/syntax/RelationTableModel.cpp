#include "RelationTableModel.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

namespace sonde {

RelationTableModel::RelationTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RelationTableModel::setScores(const SyntaxScores* scores, int minCount)
{
    beginResetModel();
    m_scores = scores;
    m_rows.clear();
    if (scores) {
        for (auto it = scores->relations.begin(); it != scores->relations.end(); ++it)
            if (it.value().count >= minCount || it.key() == QLatin1String("all"))
                m_rows << it.key();
        std::sort(m_rows.begin(), m_rows.end(), [&](const QString& a, const QString& b) {
            return scores->relations[a].count > scores->relations[b].count;
        });
    }
    endResetModel();
}

int RelationTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RelationTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RelationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Relation", "Count", "Best head", "Accuracy", "95% CI", "Baseline", "Accuracy"};
    return QString::fromLatin1(names[section]);
}

QVariant RelationTableModel::data(const QModelIndex& index, int role) const
{
    if (!m_scores || !index.isValid())
        return {};
    const RelationScores& r = m_scores->relations[m_rows[index.row()]];
    auto pct = [](double v) { return QStringLiteral("%1%").arg(100.0 * v, 0, 'f', 1); };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Relation: return m_rows[index.row()];
        case Count: return r.count;
        case BestHead: return QStringLiteral("%1-%2 %3").arg(r.bestLayer).arg(r.bestHead).arg(r.bestDirection);
        case Accuracy: return pct(r.bestAccuracy);
        case Interval: return QStringLiteral("%1 – %2").arg(pct(r.bestInterval.low), pct(r.bestInterval.high));
        case Baseline: return QStringLiteral("offset %1%2").arg(r.baselineOffset > 0 ? QStringLiteral("+") : QString()).arg(r.baselineOffset);
        case BaselineAccuracy: return pct(r.baselineAccuracy);
        }
    } else if (role == Qt::ToolTipRole && index.column() == Accuracy) {
        return r.aboveBaseline ? QStringLiteral("The head's 95% interval lies wholly above the baseline's")
                               : QStringLiteral("Not clearly above the positional baseline");
    } else if (role == Qt::ForegroundRole && index.column() == Accuracy && r.aboveBaseline) {
        return QBrush(QColor(0x2e, 0x7d, 0x32));
    } else if (role == Qt::TextAlignmentRole && index.column() != Relation && index.column() != BestHead && index.column() != Baseline) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

} // namespace sonde
