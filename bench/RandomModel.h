#pragma once
// Random-weight model folders for the benchmarks: config.json plus F32
// safetensors in Hugging Face's key layout. Values come from a cheap LCG,
// uniform in [-scale/2, scale/2): speed, not statistics, is measured.
#include "io/SafetensorsWriter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <map>
#include <vector>

namespace bench {

using Shapes = std::map<QString, std::vector<std::int64_t>>;

// Tensors whose name ends with one of `onesSuffixes` (layer-norm gains) are all ones.
inline void writeRandomModel(const QString& folder, const QJsonObject& config, const Shapes& shapes, std::uint32_t seed, float scale,
                             const QStringList& onesSuffixes = {})
{
    QDir().mkpath(folder);
    QFile f(QDir(folder).filePath(QStringLiteral("config.json")));
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(config).toJson());
    f.close();

    std::vector<std::vector<float>> storage;
    std::vector<sonde::TensorToWrite> tensors;
    std::uint32_t state = seed;
    for (const auto& [name, shape] : shapes) {
        std::int64_t n = 1;
        for (auto d : shape)
            n *= d;
        storage.emplace_back(size_t(n));
        const bool ones = std::any_of(onesSuffixes.begin(), onesSuffixes.end(), [&](const QString& s) { return name.endsWith(s); });
        for (float& v : storage.back()) {
            state = state * 1664525u + 1013904223u;
            v = ones ? 1.0f : (float(state >> 8) / float(1 << 24) - 0.5f) * scale;
        }
        tensors.push_back({name, sonde::DType::F32, shape, storage.back().data()});
    }
    sonde::writeSafetensors(QDir(folder).filePath(QStringLiteral("model.safetensors")), tensors);
}

} // namespace bench
