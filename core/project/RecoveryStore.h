#pragma once
// Crash recovery for unsaved work. Each running session owns a lock file and a
// recovery copy of its project in one folder. A recovery copy whose lock is not
// held by a live process belongs to a session that crashed: the next start
// offers to restore it.
#include <QDateTime>
#include <QLockFile>
#include <QString>
#include <memory>

namespace sonde {

class Project;

struct RecoveryEntry {
    QString recoveryFile;  // the autosaved copy
    QString lockFile;
    QString originalPath;  // where the project was saved before, empty if never
    QString projectName;
    QDateTime savedAt;
};

class RecoveryStore {
public:
    explicit RecoveryStore(const QString& directory);
    ~RecoveryStore(); // a clean exit removes this session's copy

    // Takes this session's lock; false when the folder is unusable.
    bool begin();
    // Writes the recovery copy atomically. Throws sonde::Error on failure.
    void write(const Project& project, const QString& originalPath);
    // The project was saved or closed: nothing to recover.
    void discard();

    // Recovery copies of sessions that died (their lock is stale).
    QList<RecoveryEntry> orphaned() const;
    // Loads an orphaned copy into `project` (throws on a damaged copy).
    static void restore(const RecoveryEntry& entry, Project& project);
    static void remove(const RecoveryEntry& entry);

    QString recoveryFile() const { return m_recoveryFile; }

private:
    QString m_dir;
    QString m_session;
    QString m_recoveryFile;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace sonde
