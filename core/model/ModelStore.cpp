#include "model/ModelStore.h"

#include "Error.h"
#include "io/FingerprintCache.h"
#include "io/ModelFolder.h"

#include <QCryptographicHash>

#include <algorithm>
#include <future>
#include <unistd.h>

namespace sonde {

bool ModelKey::operator==(const ModelKey& o) const
{
    return weights == o.weights && device == o.device && dtype == o.dtype && edits == o.edits;
}

QString ModelKey::text() const
{
    return QStringLiteral("%1|%2|%3|%4").arg(weights, device).arg(int(dtype)).arg(edits);
}

struct ModelStore::Entry {
    ModelKey key;
    std::shared_future<std::shared_ptr<const LanguageModel>> ready;
    std::shared_ptr<const LanguageModel> model; // set once loaded
    quint64 bytes = 0;
    quint64 lastUse = 0;
};

ModelStore::ModelStore(quint64 budgetBytes, FingerprintCache* fingerprints)
    : m_budget(budgetBytes ? budgetBytes : defaultBudget()),
      m_ownFingerprints(fingerprints ? nullptr : std::make_unique<FingerprintCache>()),
      m_fingerprints(fingerprints ? fingerprints : m_ownFingerprints.get())
{
}

ModelStore::~ModelStore() = default;

quint64 ModelStore::defaultBudget()
{
    return quint64(sysconf(_SC_PHYS_PAGES)) * quint64(sysconf(_SC_PAGESIZE)) / 2;
}

ModelKey ModelStore::keyFor(const QString& folder, const QString& device, ComputeDType dtype, const std::vector<WeightEdit>& edits) const
{
    // The cache makes this a stat per weight file for weights hashed before.
    const QMap<QString, QString> hashes = fingerprintWeights(folder, nullptr, m_fingerprints);
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (auto it = hashes.begin(); it != hashes.end(); ++it)
        h.addData(QStringLiteral("%1:%2\n").arg(it.key(), it.value()).toUtf8());
    return {QString::fromLatin1(h.result().toHex()), device, dtype, editChainDigest(edits)};
}

std::shared_ptr<const LanguageModel> ModelStore::get(const QString& folder, const QString& device, ComputeDType dtype,
                                                     const std::vector<WeightEdit>& edits)
{
    const ModelKey key = keyFor(folder, device, dtype, edits);
    for (const WeightEdit& e : edits)
        if (!e.baseWeights.isEmpty() && e.baseWeights != key.weights)
            throw Error(QStringLiteral("%1: the edit of %2 in layer %3 was computed for other weights (%4…); these are %5…")
                            .arg(folder, e.matrix)
                            .arg(e.layer)
                            .arg(e.baseWeights.left(12), key.weights.left(12)));
    std::shared_ptr<Entry> entry;
    std::promise<std::shared_ptr<const LanguageModel>> promise;
    bool mine = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& e) { return e->key == key; });
        if (it != m_entries.end()) {
            entry = *it;
            entry->lastUse = ++m_clock;
        } else {
            entry = std::make_shared<Entry>();
            entry->key = key;
            entry->ready = promise.get_future().share();
            entry->lastUse = ++m_clock;
            m_entries.push_back(entry);
            mine = true;
        }
    }
    if (!mine)
        return entry->ready.get(); // a load in progress elsewhere, or done; rethrows its error
    try {
        // Outside the lock: other models can be fetched while this one loads.
        std::shared_ptr<const LanguageModel> model =
            edits.empty() ? std::shared_ptr<const LanguageModel>(LanguageModel::load(folder, device, dtype))
                          : std::shared_ptr<const LanguageModel>(get(folder, device, dtype)->withEdits(edits));
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            entry->model = model;
            entry->bytes = model->ownBytes();
            evictLocked(entry.get());
        }
        promise.set_value(model);
        notify();
        return model;
    } catch (...) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_entries.erase(std::remove(m_entries.begin(), m_entries.end(), entry), m_entries.end());
        }
        promise.set_exception(std::current_exception());
        throw;
    }
}

// Drops least recently used loaded models until the rest fit the budget; the
// one just loaded (`keep`) stays even when it alone is over.
void ModelStore::evictLocked(const Entry* keep)
{
    for (;;) {
        quint64 total = 0;
        std::shared_ptr<Entry> oldest;
        for (const auto& e : m_entries) {
            total += e->bytes;
            if (e->model && e.get() != keep && (!oldest || e->lastUse < oldest->lastUse))
                oldest = e;
        }
        if (total <= m_budget || !oldest)
            return;
        m_entries.erase(std::remove(m_entries.begin(), m_entries.end(), oldest), m_entries.end());
    }
}

quint64 ModelStore::budget() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_budget;
}

void ModelStore::setBudget(quint64 bytes)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_budget = bytes;
        evictLocked(nullptr);
    }
    notify();
}

quint64 ModelStore::heldBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    quint64 total = 0;
    for (const auto& e : m_entries)
        total += e->bytes;
    return total;
}

int ModelStore::heldCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return int(std::count_if(m_entries.begin(), m_entries.end(), [](const auto& e) { return bool(e->model); }));
}

bool ModelStore::holds(const ModelKey& key) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return std::any_of(m_entries.begin(), m_entries.end(), [&](const auto& e) { return e->model && e->key == key; });
}

void ModelStore::clear()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(), [](const auto& e) { return bool(e->model); }),
                        m_entries.end());
    }
    notify();
}

void ModelStore::setObserver(std::function<void()> observer)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_observer = std::move(observer);
}

void ModelStore::notify()
{
    std::function<void()> observer;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        observer = m_observer;
    }
    if (observer)
        observer();
}

} // namespace sonde
