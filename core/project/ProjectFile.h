#pragma once
// Two Sondes writing one project file (the GUI saving with Ctrl+S what
// `sonde-cli syntax --project` has just changed) must not silently overwrite
// each other. Two guards:
//  - a digest of the file as this process last read or wrote it, so a save
//    can tell that someone else changed the file since, and ask;
//  - a lock beside the file (QLockFile, the mechanism recovery uses), held by
//    a window while it has unsaved changes to the file and by the CLI while it
//    rewrites it, so the CLI refuses instead of racing an editor.
#include <QByteArray>
#include <QLockFile>
#include <QString>
#include <memory>

namespace sonde {

// SHA-256 of the file's bytes; empty when there is no readable file.
QByteArray projectFileDigest(const QString& path);

class ProjectLock {
public:
    explicit ProjectLock(const QString& projectPath);
    ~ProjectLock();

    // Takes the lock, waiting up to `waitMs`. A lock left by a process that is
    // gone is taken over. False when another live process holds it.
    bool tryLock(int waitMs = 0);
    void unlock();
    bool isLocked() const;
    // Who holds it, for messages: "sonde (pid 4242 on host)"; empty if nobody.
    QString holder() const;
    const QString& projectPath() const { return m_project; }

    static QString lockPath(const QString& projectPath); // <folder>/.<name>.lock

private:
    QString m_project;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace sonde
