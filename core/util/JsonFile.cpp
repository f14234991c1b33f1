#include "util/JsonFile.h"

#include "Error.h"
#include "util/AtomicFile.h"
#include "util/RegularFile.h"

#include <QFile>
#include <QJsonDocument>

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
    AtomicFile f(path);
    f.write(bytes.constData(), std::size_t(bytes.size()));
    f.commit();
}

void writeJsonObjectFile(const QString& path, const QJsonObject& object)
{
    writeFileAtomically(path, QJsonDocument(object).toJson(QJsonDocument::Indented));
}

} // namespace sonde
