#include "runtime/Runtime.h"

#include <QFile>
#include <unistd.h>

namespace sonde {

quint64 residentMemoryBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    return fields[1].toULongLong() * quint64(sysconf(_SC_PAGESIZE));
}

QString devicePreferenceName(DevicePreference p)
{
    switch (p) {
    case DevicePreference::Auto: return QStringLiteral("auto");
    case DevicePreference::Cpu: return QStringLiteral("cpu");
    case DevicePreference::Cuda: return QStringLiteral("cuda");
    }
    return QString();
}

} // namespace sonde
