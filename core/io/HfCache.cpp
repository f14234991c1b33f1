#include "io/HfCache.h"

#include <QDir>
#include <QFileInfo>

namespace sonde {

QString defaultHfHubCache()
{
    const QString hubCache = qEnvironmentVariable("HF_HUB_CACHE");
    if (!hubCache.isEmpty())
        return hubCache;
    const QString hfHome = qEnvironmentVariable("HF_HOME");
    if (!hfHome.isEmpty())
        return QDir(hfHome).filePath(QStringLiteral("hub"));
    return QDir::home().filePath(QStringLiteral(".cache/huggingface/hub"));
}

QList<CachedModel> listHfCache(const QString& hubDir)
{
    QList<CachedModel> out;
    const QDir hub(hubDir);
    for (const QString& repoDir : hub.entryList({QStringLiteral("models--*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString repo = repoDir.mid(8).replace(QLatin1String("--"), QLatin1String("/"));
        QList<CachedModel> snapshots;
        const QDir snapDir(hub.filePath(repoDir + QStringLiteral("/snapshots")));
        for (const QFileInfo& snap : snapDir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            // Only folders a model can be loaded from; a tokenizer-only download is not one.
            if (!QFileInfo::exists(QDir(snap.filePath()).filePath(QStringLiteral("config.json"))))
                continue;
            snapshots << CachedModel{repo, snap.fileName(), snap.absoluteFilePath(), snap.lastModified()};
        }
        std::sort(snapshots.begin(), snapshots.end(), [](const CachedModel& a, const CachedModel& b) { return a.modified > b.modified; });
        out << snapshots;
    }
    return out;
}

} // namespace sonde
