#include "runtime/Runtime.h"

#include <QFile>
#include <malloc.h>
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

void retainFreedMemory()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);    // blocks up to glibc's maximum from the heap, where they can be reused
    mallopt(M_TRIM_THRESHOLD, 1 << 30);     // do not hand freed memory back after each step
    mallopt(M_TOP_PAD, 256 << 20);          // grow the heap in large steps
#endif
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
