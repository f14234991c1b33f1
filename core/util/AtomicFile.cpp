#include "util/AtomicFile.h"

#include "Error.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sonde {

namespace {

constexpr int kStrayAgeSeconds = 600; // no save of a Sonde file takes ten minutes

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Where the bytes really go: the target of a symbolic link, so that saving
// through a link updates the file it points to instead of replacing the link.
QString resolvedTarget(const QString& path)
{
    const QFileInfo info(path);
    if (info.isSymLink()) {
        const QString target = info.symLinkTarget();
        if (!target.isEmpty())
            return target;
    }
    return info.absoluteFilePath();
}

void syncFolder(const QString& folder)
{
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; // some file systems do not let folders be opened; the rename is done either way
    ::fsync(fd);
    ::close(fd);
}

} // namespace

QString AtomicFile::temporaryPrefix(const QString& path)
{
    return QLatin1Char('.') + QFileInfo(path).fileName() + QStringLiteral(".sonde-save-");
}

int AtomicFile::removeStrays(const QString& path, int minimumAgeSeconds)
{
    const QFileInfo target(resolvedTarget(path));
    const QDir dir = target.dir();
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(-minimumAgeSeconds);
    int removed = 0;
    const QStringList names = dir.entryList({temporaryPrefix(target.filePath()) + QLatin1Char('*')}, QDir::Files | QDir::Hidden);
    for (const QString& name : names) {
        const QFileInfo stray(dir.filePath(name));
        if (stray.lastModified().toUTC() <= cutoff && QFile::remove(stray.filePath()))
            ++removed;
    }
    return removed;
}

AtomicFile::AtomicFile(const QString& path) : m_target(resolvedTarget(path))
{
    removeStrays(m_target, kStrayAgeSeconds);
    const QFileInfo target(m_target);
    QByteArray name = QFile::encodeName(target.dir().filePath(temporaryPrefix(m_target) + QStringLiteral("XXXXXX")));
    m_fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (m_fd < 0)
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, systemError()));
    m_temporary = QFile::decodeName(name);
    // mkstemp makes 0600; keep the mode of the file being replaced, or the
    // usual one for a new file.
    struct stat st {};
    mode_t mode = 0666;
    if (::stat(QFile::encodeName(m_target).constData(), &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode &= ~mask;
    }
    ::fchmod(m_fd, mode);
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(QFile::encodeName(m_temporary).constData());
    }
}

void AtomicFile::write(const void* data, std::size_t size)
{
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw Error(QStringLiteral("%1: cannot write: %2; the previous file is unchanged").arg(m_target, systemError()));
        p += n;
        size -= std::size_t(n);
    }
}

void AtomicFile::commit()
{
    if (::fdatasync(m_fd) != 0)
        throw Error(QStringLiteral("%1: cannot write: %2; the previous file is unchanged").arg(m_target, systemError()));
    ::close(m_fd);
    m_fd = -1;
    if (::rename(QFile::encodeName(m_temporary).constData(), QFile::encodeName(m_target).constData()) != 0) {
        const QString why = systemError();
        ::unlink(QFile::encodeName(m_temporary).constData());
        throw Error(QStringLiteral("%1: cannot write: %2; the previous file is unchanged").arg(m_target, why));
    }
    syncFolder(QFileInfo(m_target).absolutePath());
}

} // namespace sonde
