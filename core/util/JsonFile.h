#pragma once
#include <QJsonObject>
#include <QString>

namespace sonde {

// Reads a file that must hold a JSON object. Throws sonde::Error naming the
// file and, for malformed JSON, the byte offset.
QJsonObject readJsonObjectFile(const QString& path);

// Writes `bytes` to `path` atomically (util/AtomicFile): a failed write leaves
// the previous file. Throws sonde::Error naming the file.
void writeFileAtomically(const QString& path, const QByteArray& bytes);
// An indented JSON object, written atomically.
void writeJsonObjectFile(const QString& path, const QJsonObject& object);

} // namespace sonde
