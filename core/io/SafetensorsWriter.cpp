#include "io/SafetensorsWriter.h"

#include "Error.h"
#include "util/AtomicFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace sonde {

void writeSafetensors(const QString& path, const std::vector<TensorToWrite>& tensors, const QMap<QString, QString>& metadata)
{
    QJsonObject header;
    if (!metadata.isEmpty()) {
        QJsonObject meta;
        for (auto it = metadata.begin(); it != metadata.end(); ++it)
            meta.insert(it.key(), it.value());
        header.insert(QStringLiteral("__metadata__"), meta);
    }
    std::uint64_t offset = 0;
    std::vector<std::uint64_t> sizes;
    for (const TensorToWrite& t : tensors) {
        std::uint64_t numel = 1;
        QJsonArray shape;
        for (auto d : t.shape) {
            if (d < 0)
                throw Error(QStringLiteral("%1: tensor '%2' has a negative dimension").arg(path, t.name));
            numel *= std::uint64_t(d);
            shape.append(double(d));
        }
        const std::uint64_t bytes = numel * dtypeSize(t.dtype);
        header.insert(t.name, QJsonObject{{QStringLiteral("dtype"), dtypeName(t.dtype)},
                                          {QStringLiteral("shape"), shape},
                                          {QStringLiteral("data_offsets"), QJsonArray{double(offset), double(offset + bytes)}}});
        offset += bytes;
        sizes.push_back(bytes);
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    // Pad with spaces (allowed by the format) so the data area starts 8-byte aligned.
    while ((8 + json.size()) % 8 != 0)
        json.append(' ');
    char length[8];
    qToLittleEndian<quint64>(quint64(json.size()), length);

    AtomicFile f(path);
    f.write(length, 8);
    f.write(json.constData(), std::size_t(json.size()));
    for (size_t i = 0; i < tensors.size(); ++i)
        f.write(tensors[i].data, std::size_t(sizes[i]));
    f.commit();
}

} // namespace sonde
