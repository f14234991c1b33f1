#include "io/FingerprintCache.h"

#include "Error.h"
#include "util/JsonFile.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <sys/stat.h>

namespace sonde {

namespace {

QString identity(const QString& path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return QString();
    return QStringLiteral("%1:%2:%3.%4:%5.%6")
        .arg(qint64(st.st_size))
        .arg(quint64(st.st_ino))
        .arg(qint64(st.st_mtim.tv_sec))
        .arg(qint64(st.st_mtim.tv_nsec))
        .arg(qint64(st.st_ctim.tv_sec))
        .arg(qint64(st.st_ctim.tv_nsec));
}

} // namespace

FingerprintCache::FingerprintCache(const QString& file) : m_file(file)
{
    if (m_file.isEmpty())
        return;
    // A missing or damaged cache is simply ignored: every file gets hashed again.
    QByteArray bytes;
    try {
        bytes = readRegularFile(m_file);
    } catch (const Error&) {
        return;
    }
    const QJsonObject root = QJsonDocument::fromJson(bytes).object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QJsonObject e = it.value().toObject();
        const QString sha = e.value(QStringLiteral("sha256")).toString();
        if (sha.size() == 64)
            m_entries.insert(it.key(), Entry{e.value(QStringLiteral("identity")).toString(), sha});
    }
}

QString FingerprintCache::lookup(const QString& path) const
{
    const QString id = identity(path);
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(QFileInfo(path).canonicalFilePath());
    if (id.isEmpty() || it == m_entries.constEnd() || it->identity != id)
        return QString();
    return it->sha256;
}

void FingerprintCache::store(const QString& path, const QString& sha256)
{
    const QString id = identity(path);
    QMutexLocker lock(&m_mutex);
    m_entries.insert(QFileInfo(path).canonicalFilePath(), Entry{id, sha256});
}

void FingerprintCache::save() const
{
    if (m_file.isEmpty())
        return;
    QJsonObject root;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
            root.insert(it.key(), QJsonObject{{QStringLiteral("identity"), it->identity}, {QStringLiteral("sha256"), it->sha256}});
    }
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    try { // a cache that cannot be written only costs rehashing next time
        writeFileAtomically(m_file, QJsonDocument(root).toJson(QJsonDocument::Compact));
    } catch (const Error&) {
    }
}

FingerprintCache& FingerprintCache::shared()
{
    static FingerprintCache cache(
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("fingerprints.json")));
    return cache;
}

} // namespace sonde
