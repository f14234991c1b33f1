#pragma once
// The loaded models of a session, shared by every job, view and decoding
// session that uses them (replacing one global single-slot cache). A model is
// identified by its weights' SHA-256 (so a changed file is a different model),
// the device, the compute precision and the chain of weight edits applied on
// top (an edited variant shares its base's untouched tensors). Several are held
// at once; when they exceed the memory budget, the least recently used go
// first. What the store drops stays alive for whoever still holds it: callers
// get shared_ptrs. Loading happens outside the store's lock, and two callers
// asking for one model wait for a single load.
//
// Handed to workspaces through their context, never reached as a global. The
// header is torch-free; the implementation lives in sonde_torch.
#include "model/LanguageModel.h"

#include <QString>
#include <functional>
#include <memory>
#include <mutex>

namespace sonde {

class FingerprintCache;

struct ModelKey {
    QString weights; // SHA-256 over the weight files' digests
    QString device;  // "cpu", "cuda:0"
    ComputeDType dtype = ComputeDType::F32;
    QString edits;   // editChainDigest(); empty for the base model

    bool operator==(const ModelKey& o) const;
    QString text() const;
};

class ModelStore {
public:
    // `budgetBytes`: how much the held models may take (0: defaultBudget()).
    // `fingerprints` remembers the weights' digests by file identity (size,
    // inode, times), so asking again does not rehash; null: one of its own.
    explicit ModelStore(quint64 budgetBytes = 0, FingerprintCache* fingerprints = nullptr);
    ~ModelStore();
    ModelStore(const ModelStore&) = delete;
    ModelStore& operator=(const ModelStore&) = delete;

    // Half of the machine's memory: room for a model or two beside the app.
    static quint64 defaultBudget();

    // The model in `folder` on `device` in `dtype` with `edits` applied (in
    // order), loading it and its base if needed. Throws what
    // LanguageModel::load and withEdits throw, and sonde::Error when an edit
    // was computed for other weights.
    std::shared_ptr<const LanguageModel> get(const QString& folder, const QString& device = QStringLiteral("cpu"),
                                             ComputeDType dtype = ComputeDType::F32, const std::vector<WeightEdit>& edits = {});
    // The key `get` would use, without loading anything.
    ModelKey keyFor(const QString& folder, const QString& device, ComputeDType dtype, const std::vector<WeightEdit>& edits = {}) const;

    quint64 budget() const;
    void setBudget(quint64 bytes); // evicts at once if needed
    quint64 heldBytes() const;
    int heldCount() const;
    bool holds(const ModelKey& key) const;
    void clear();
    // Called, on whichever thread changed it, when what is held changes.
    void setObserver(std::function<void()> observer);

private:
    struct Entry;
    void evictLocked(const Entry* keep);
    void notify();

    mutable std::mutex m_mutex;
    std::vector<std::shared_ptr<Entry>> m_entries; // most recently used last
    quint64 m_budget;
    std::unique_ptr<FingerprintCache> m_ownFingerprints;
    FingerprintCache* m_fingerprints;
    std::function<void()> m_observer;
    quint64 m_clock = 0;
};

} // namespace sonde
