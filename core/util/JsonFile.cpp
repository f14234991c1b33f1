#include "util/JsonFile.h"

#include "Error.h"
#include "util/RegularFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace sonde {

QJsonObject readJsonObjectFile(const QString& path)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(readRegularFile(path), &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(QStringLiteral("%1: malformed JSON at byte %2: %3").arg(path).arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        throw Error(QStringLiteral("%1: expected a JSON object").arg(path));
    return doc.object();
}

void writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, f.errorString()));
}

void writeJsonObjectFile(const QString& path, const QJsonObject& object)
{
    writeFileAtomically(path, QJsonDocument(object).toJson(QJsonDocument::Indented));
}

} // namespace sonde
