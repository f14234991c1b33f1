#pragma once
#include <QJsonObject>
#include <QString>

namespace sonde {

// Reads a file that must hold a JSON object. Throws sonde::Error naming the
// file and, for malformed JSON, the byte offset.
QJsonObject readJsonObjectFile(const QString& path);

} // namespace sonde
