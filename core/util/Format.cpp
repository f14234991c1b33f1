#include "util/Format.h"

namespace sonde {

namespace {

// Divides by `base` until the value fits below it, picking the matching unit.
QString scaled(double value, double base, const char* const (&units)[5], const char* separator)
{
    int u = 0;
    while (value >= base && u < 4) {
        value /= base;
        ++u;
    }
    return QStringLiteral("%1%2%3").arg(value, 0, 'f', 1).arg(QLatin1String(separator), QLatin1String(units[u]));
}

} // namespace

QString formatBytes(quint64 bytes)
{
    static const char* const units[5] = {"B", "KiB", "MiB", "GiB", "TiB"};
    return bytes < 1024 ? QStringLiteral("%1 B").arg(bytes) : scaled(double(bytes), 1024.0, units, " ");
}

QString formatCount(qint64 count)
{
    static const char* const units[5] = {"", "K", "M", "B", "T"};
    return count < 1000 ? QString::number(count) : scaled(double(count), 1000.0, units, "");
}

} // namespace sonde
