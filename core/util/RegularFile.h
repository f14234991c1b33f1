#pragma once
// Opening files that come from users or downloads. A FIFO, socket or device
// named like a model file would block `open` or never reach its end, so only
// regular files (after resolving symbolic links) are opened.
#include <QByteArray>
#include <QFile>
#include <QString>

namespace sonde {

// Opens `path` read-only into `file`. Throws sonde::Error naming the file when
// it is missing, unreadable or not a regular file. Never blocks on a FIFO.
// Qt resource paths (":/…") are Sonde's own and open as they are.
void openRegularFile(QFile& file, const QString& path);
// The whole content of a regular file.
QByteArray readRegularFile(const QString& path);
// Throws unless `path` is a regular file (for paths handed to other libraries).
void requireRegularFile(const QString& path);

} // namespace sonde
