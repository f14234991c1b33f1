#pragma once
// Writes safetensors files (atomically, through util/AtomicFile) in the layout the
// reader validates: header JSON, then tensors back to back in the given order.
#include "io/Safetensors.h"

#include <QMap>
#include <QString>
#include <cstdint>
#include <vector>

namespace sonde {

struct TensorToWrite {
    QString name;
    DType dtype;
    std::vector<std::int64_t> shape;
    const void* data; // numel × dtype size bytes, little-endian
};

// Throws sonde::Error on a size mismatch or a failed write.
void writeSafetensors(const QString& path, const std::vector<TensorToWrite>& tensors,
                      const QMap<QString, QString>& metadata = {});

} // namespace sonde
