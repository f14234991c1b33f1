#pragma once
// Relations with their best head and best fixed-offset baseline, most frequent
// first, hiding relations rarer than a minimum count; with a comparison, the
// other run's best head and accuracy and the difference beside them (which
// works between models of any shape).
#include "syntax/SyntaxScorer.h"

#include <QAbstractTableModel>

namespace sonde {

class RelationTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Relation, Count, BestHead, Accuracy, Interval, Baseline, BaselineAccuracy, BaselineInterval,
                  OtherHead, OtherAccuracy, Difference, ColumnCount };
    explicit RelationTableModel(QObject* parent = nullptr);
    // `other` and its name may be null/empty: no comparison columns.
    void setScores(const SyntaxScores* scores, int minCount, const SyntaxScores* other = nullptr, const QString& otherName = QString());
    QString relation(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row] : QString(); }
    const QStringList& relations() const { return m_rows; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const SyntaxScores* m_scores = nullptr;
    const SyntaxScores* m_other = nullptr;
    QString m_otherName;
    QStringList m_rows;
};

} // namespace sonde
