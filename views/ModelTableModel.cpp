#include "ModelTableModel.h"

#include "util/Format.h"

#include <QBrush>
#include <QColor>

namespace sonde {

ModelTableModel::ModelTableModel(Project* project, QObject* parent)
    : QAbstractTableModel(parent), m_project(project), m_device(QStringLiteral("cpu"))
{
    connect(project, &Project::modelsChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int ModelTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_project->models().size());
}

int ModelTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Name", "Architecture", "Parameters", "DType", "Device", "Memory", "Status"};
    return QString::fromLatin1(names[section]);
}

QVariant ModelTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_project->models().size())
        return {};
    const ModelRef& m = m_project->models().at(index.row());
    const auto status = m_status.value(m.id, {QStringLiteral("not checked"), QString()});
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return m.name;
        case Architecture: return m.architecture;
        case Parameters: return formatCount(m.parameters);
        case DType: return m.dtype;
        // Weights are mapped from disk until the inference core loads them onto a device.
        case Device: return m_device;
        case Memory: return formatBytes(m.weightBytes);
        case Status: return status.first;
        }
    } else if (role == Qt::ToolTipRole) {
        return status.second.isEmpty() ? m.path : m.path + QStringLiteral("\n") + status.second;
    } else if (role == Qt::ForegroundRole && index.column() == Status) {
        if (status.first == QLatin1String("missing") || status.first == QLatin1String("changed"))
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (status.first == QLatin1String("ok"))
            return QBrush(QColor(0x2e, 0x7d, 0x32));
    } else if (role == Qt::TextAlignmentRole && (index.column() == Parameters || index.column() == Memory)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

void ModelTableModel::setStatus(const QString& modelId, const QString& status, const QString& detail)
{
    m_status.insert(modelId, {status, detail});
    for (int row = 0; row < m_project->models().size(); ++row)
        if (m_project->models()[row].id == modelId)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ModelTableModel::setDevice(const QString& device)
{
    m_device = device;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, Device), index(rowCount() - 1, Device));
}

QString ModelTableModel::modelId(int row) const
{
    return row >= 0 && row < m_project->models().size() ? m_project->models()[row].id : QString();
}

} // namespace sonde
