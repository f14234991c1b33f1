#include "model/ModelCache.h"

#include <QDir>
#include <QFileInfo>

namespace sonde {

namespace {

// Folder, device and precision, plus the size and time of every file that
// defines the model, so a changed file is never served from the cache.
QString cacheKey(const QString& folder, const QString& device, ComputeDType dtype)
{
    QString key = QFileInfo(folder).canonicalFilePath() + QLatin1Char('|') + device + QLatin1Char('|') + QString::number(int(dtype));
    const QFileInfoList files = QDir(folder).entryInfoList({QStringLiteral("*.safetensors"), QStringLiteral("*.json"), QStringLiteral("*.model"),
                                                            QStringLiteral("*.txt")},
                                                           QDir::Files, QDir::Name);
    for (const QFileInfo& f : files)
        key += QStringLiteral("|%1:%2:%3").arg(f.fileName()).arg(f.size()).arg(f.lastModified().toMSecsSinceEpoch());
    return key;
}

} // namespace

ModelCache& ModelCache::shared()
{
    static ModelCache cache;
    return cache;
}

std::shared_ptr<const LanguageModel> ModelCache::get(const QString& folder, const QString& device, ComputeDType dtype)
{
    const QString key = cacheKey(folder, device, dtype);
    std::lock_guard<std::mutex> lock(m_mutex); // one load at a time: two jobs asking for one model load it once
    if (m_model && key == m_key)
        return m_model;
    m_model.reset(); // the old model's memory goes before the new one is loaded (unless a job still holds it)
    m_model = LanguageModel::load(folder, device, dtype);
    m_key = key;
    return m_model;
}

void ModelCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_model.reset();
    m_key.clear();
}

} // namespace sonde
