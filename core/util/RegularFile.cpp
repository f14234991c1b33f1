#include "util/RegularFile.h"

#include "Error.h"

#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sonde {

namespace {

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe (FIFO)");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device");
    return QStringLiteral("not a regular file");
}

[[noreturn]] void notRegular(const QString& path, mode_t mode)
{
    throw Error(QStringLiteral("%1: is %2, not a regular file; Sonde reads only regular files").arg(path, kindOf(mode)));
}

} // namespace

void openRegularFile(QFile& file, const QString& path)
{
    if (path.startsWith(QLatin1Char(':'))) { // a Qt resource, compiled into Sonde
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly))
            throw Error(QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
        return;
    }
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
    // The check is on the descriptor itself, so the file cannot be swapped
    // between the check and the read.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw Error(QStringLiteral("%1: cannot open: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const mode_t mode = st.st_mode;
        ::close(fd);
        notRegular(path, mode);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    file.setFileName(path);
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        throw Error(QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
    }
}

QByteArray readRegularFile(const QString& path)
{
    QFile f;
    openRegularFile(f, path);
    QByteArray bytes = f.readAll();
    if (f.error() != QFileDevice::NoError)
        throw Error(QStringLiteral("%1: cannot read: %2").arg(path, f.errorString()));
    return bytes;
}

void requireRegularFile(const QString& path)
{
    if (path.startsWith(QLatin1Char(':')) && QFile::exists(path))
        return;
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        throw Error(QStringLiteral("%1: cannot open: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (!S_ISREG(st.st_mode))
        notRegular(path, st.st_mode);
}

} // namespace sonde
