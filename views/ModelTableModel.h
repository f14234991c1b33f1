#pragma once
#include "project/Project.h"

#include <QAbstractTableModel>

namespace sonde {

// The project's models as a table. Status (ok / missing / changed / checking)
// is run-time state, not saved; the app sets it after verifying each folder.
class ModelTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Architecture, Parameters, DType, Device, Memory, Status, ColumnCount };

    explicit ModelTableModel(Project* project, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setStatus(const QString& modelId, const QString& status, const QString& detail = QString());
    void setDevice(const QString& device);
    QString modelId(int row) const;

private:
    Project* m_project;
    QString m_device;
    QHash<QString, QPair<QString, QString>> m_status;
};

} // namespace sonde
