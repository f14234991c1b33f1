#pragma once
// Model folders in the Hugging Face hub cache
// ($HF_HUB_CACHE, $HF_HOME/hub, or ~/.cache/huggingface/hub):
// models--<org>--<name>/snapshots/<revision>/ with config.json in it.
#include <QDateTime>
#include <QList>
#include <QString>

namespace sonde {

struct CachedModel {
    QString repo;     // "org/name"
    QString revision; // snapshot folder name (commit hash)
    QString path;     // the snapshot folder
    QDateTime modified;
};

QString defaultHfHubCache();
// Newest snapshot first within a repository; repositories sorted by name.
QList<CachedModel> listHfCache(const QString& hubDir = defaultHfHubCache());

} // namespace sonde
