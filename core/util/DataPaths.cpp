#include "util/DataPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace sonde {

QString dataPath(const QString& relative)
{
    const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/sonde/") + relative);
    return QFileInfo::exists(path) ? QFileInfo(path).canonicalFilePath() : QString();
}

} // namespace sonde
