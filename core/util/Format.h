#pragma once
#include <QString>

namespace sonde {

QString formatBytes(quint64 bytes);    // "1.0 MiB"
QString formatCount(qint64 count);     // "260.0K", "6.7B"

} // namespace sonde
