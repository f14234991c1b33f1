#pragma once
// Remembers weight-file SHA-256 digests by absolute path and file identity
// (size, inode, mtime and ctime in nanoseconds), so reopening a project does
// not rehash gigabytes of unchanged weights. Any write changes ctime, which no
// user tool can set back, so a modified file is always rehashed. Thread-safe:
// verification jobs run concurrently.
#include <QHash>
#include <QMutex>
#include <QString>

namespace sonde {

class FingerprintCache {
public:
    // `file` is where the cache persists (JSON); empty keeps it in memory only.
    explicit FingerprintCache(const QString& file = QString());

    // The cached digest if the file's size and mtime still match, else empty.
    QString lookup(const QString& path) const;
    void store(const QString& path, const QString& sha256);
    void save() const; // atomic; errors are ignored (it is only a cache)

    // The per-user cache in the platform cache folder.
    static FingerprintCache& shared();

private:
    struct Entry {
        QString identity; // size:inode:mtime_ns:ctime_ns
        QString sha256;
    };
    QString m_file;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace sonde
