#include "project/RecoveryStore.h"

#include "Error.h"
#include "project/Project.h"
#include "util/JsonFile.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace sonde {

namespace {
const QString kSuffix = QStringLiteral(".recovery.json");
}

RecoveryStore::RecoveryStore(const QString& directory)
    : m_dir(directory), m_session(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

RecoveryStore::~RecoveryStore()
{
    discard();
    if (m_lock)
        m_lock->unlock();
}

bool RecoveryStore::begin()
{
    if (!QDir().mkpath(m_dir))
        return false;
    m_recoveryFile = QDir(m_dir).filePath(m_session + kSuffix);
    m_lock = std::make_unique<QLockFile>(QDir(m_dir).filePath(m_session + QStringLiteral(".lock")));
    m_lock->setStaleLockTime(0); // stale only when the owning process is gone, never by age
    return m_lock->tryLock(0);
}

void RecoveryStore::write(const Project& project, const QString& originalPath)
{
    if (m_recoveryFile.isEmpty())
        throw Error(QStringLiteral("recovery store not started"));
    // The envelope keeps where the project came from next to its full content.
    const QJsonObject envelope{
        {QStringLiteral("originalPath"), originalPath},
        {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("project"), project.toJson()},
    };
    writeFileAtomically(m_recoveryFile, QJsonDocument(envelope).toJson(QJsonDocument::Compact));
}

void RecoveryStore::discard()
{
    if (!m_recoveryFile.isEmpty())
        QFile::remove(m_recoveryFile);
}

QList<RecoveryEntry> RecoveryStore::orphaned() const
{
    QList<RecoveryEntry> out;
    const QDir dir(m_dir);
    for (const QString& file : dir.entryList({QStringLiteral("*") + kSuffix}, QDir::Files, QDir::Time)) {
        const QString session = file.left(file.size() - kSuffix.size());
        if (session == m_session)
            continue;
        RecoveryEntry e;
        e.recoveryFile = dir.filePath(file);
        e.lockFile = dir.filePath(session + QStringLiteral(".lock"));
        // A lock we can take belongs to nobody alive; release it again at once so
        // the entry stays listed until the user decides.
        QLockFile probe(e.lockFile);
        probe.setStaleLockTime(0);
        if (!probe.tryLock(0))
            continue; // its session is still running
        probe.unlock();

        QByteArray bytes;
        try {
            bytes = readRegularFile(e.recoveryFile);
        } catch (const Error&) {
            continue;
        }
        const QJsonObject envelope = QJsonDocument::fromJson(bytes).object();
        e.originalPath = envelope.value(QStringLiteral("originalPath")).toString();
        e.savedAt = QDateTime::fromString(envelope.value(QStringLiteral("savedAt")).toString(), Qt::ISODate);
        e.projectName = envelope.value(QStringLiteral("project")).toObject().value(QStringLiteral("name")).toString();
        out << e;
    }
    return out;
}

void RecoveryStore::restore(const RecoveryEntry& entry, Project& project)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(readRegularFile(entry.recoveryFile), &error);
    if (error.error != QJsonParseError::NoError || !doc.object().value(QStringLiteral("project")).isObject())
        throw Error(QStringLiteral("%1: the recovery copy is damaged").arg(entry.recoveryFile));
    project.loadJson(doc.object().value(QStringLiteral("project")).toObject(), entry.recoveryFile);
}

void RecoveryStore::remove(const RecoveryEntry& entry)
{
    QFile::remove(entry.recoveryFile);
    QFile::remove(entry.lockFile);
}

} // namespace sonde
