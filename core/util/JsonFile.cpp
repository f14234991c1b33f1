#include "util/JsonFile.h"

#include "Error.h"

#include <QFile>
#include <QJsonDocument>

namespace sonde {

QJsonObject readJsonObjectFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot open: %2").arg(path, f.errorString()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(QStringLiteral("%1: malformed JSON at byte %2: %3").arg(path).arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        throw Error(QStringLiteral("%1: expected a JSON object").arg(path));
    return doc.object();
}

} // namespace sonde
