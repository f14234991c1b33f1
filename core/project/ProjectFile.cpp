#include "project/ProjectFile.h"

#include "Error.h"
#include "util/RegularFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

namespace sonde {

QByteArray projectFileDigest(const QString& path)
{
    if (!QFileInfo::exists(path))
        return QByteArray();
    try {
        return QCryptographicHash::hash(readRegularFile(path), QCryptographicHash::Sha256);
    } catch (const Error&) {
        return QByteArray();
    }
}

QString ProjectLock::lockPath(const QString& projectPath)
{
    const QFileInfo info(projectPath);
    return info.absoluteDir().filePath(QLatin1Char('.') + info.fileName() + QStringLiteral(".lock"));
}

ProjectLock::ProjectLock(const QString& projectPath)
    : m_project(QFileInfo(projectPath).absoluteFilePath()), m_lock(std::make_unique<QLockFile>(lockPath(projectPath)))
{
    m_lock->setStaleLockTime(0); // stale only when its process is gone, never by age
}

ProjectLock::~ProjectLock() = default;

bool ProjectLock::tryLock(int waitMs)
{
    return m_lock->isLocked() || m_lock->tryLock(waitMs);
}

void ProjectLock::unlock()
{
    if (m_lock->isLocked())
        m_lock->unlock();
}

bool ProjectLock::isLocked() const
{
    return m_lock->isLocked();
}

QString ProjectLock::holder() const
{
    qint64 pid = 0;
    QString host, app;
    if (!m_lock->getLockInfo(&pid, &host, &app))
        return QString();
    return QStringLiteral("%1 (pid %2 on %3)").arg(app.isEmpty() ? QStringLiteral("Sonde") : app).arg(pid).arg(host);
}

} // namespace sonde
