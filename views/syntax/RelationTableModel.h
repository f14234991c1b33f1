#pragma once
#include "syntax/SyntaxScorer.h"

#include <QAbstractTableModel>

namespace sonde {

// Relations with their best head and best baseline, most frequent first,
// hiding relations rarer than a minimum count.
class RelationTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Relation, Count, BestHead, Accuracy, Interval, Baseline, BaselineAccuracy, ColumnCount };
    explicit RelationTableModel(QObject* parent = nullptr);
    void setScores(const SyntaxScores* scores, int minCount);
    QString relation(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row] : QString(); }
    const QStringList& relations() const { return m_rows; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const SyntaxScores* m_scores = nullptr;
    QStringList m_rows;
};

} // namespace sonde
