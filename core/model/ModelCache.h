#pragma once
// Loaded models shared between jobs. A workspace asks for the same model again
// and again (every click in the head or sentence view is a job); loading it
// once keeps those jobs quick for models of any size. Shared models are
// read-only (forward passes only), held while a job uses them and the most
// recent one kept afterwards. A model whose weight files changed on disk is
// loaded anew.
#include "model/LanguageModel.h"

#include <QString>
#include <memory>
#include <mutex>

namespace sonde {

class ModelCache {
public:
    static ModelCache& shared(); // the process's cache; tests may make their own
    // Throws what LanguageModel::load throws.
    std::shared_ptr<const LanguageModel> get(const QString& folder, const QString& device = QStringLiteral("cpu"),
                                             ComputeDType dtype = ComputeDType::F32);
    void clear();

private:
    std::mutex m_mutex;
    QString m_key;
    std::shared_ptr<const LanguageModel> m_model;
};

} // namespace sonde
