#include "tokenizer/TokenIds.h"

#include "Error.h"

#include <cmath>

namespace sonde {

QString TokenIdRange::describe() const
{
    const QString span = QStringLiteral("0 … %1").arg(limit - 1);
    return origin.isEmpty() ? QStringLiteral("%1 (Sonde's limit)").arg(span) : QStringLiteral("%1 (%2 is %3)").arg(span, origin).arg(limit);
}

namespace {

int checkedId(double value, const QString& written, const TokenIdRange& range, const QString& where)
{
    if (!std::isfinite(value) || std::floor(value) != value)
        throw Error(QStringLiteral("%1: id %2 is not an integer").arg(where, written));
    if (value < 0 || value >= double(range.limit))
        throw Error(QStringLiteral("%1: id %2 is outside the vocabulary; ids must be %3").arg(where, written, range.describe()));
    return int(value);
}

} // namespace

int parseTokenId(const QJsonValue& value, const TokenIdRange& range, const QString& where)
{
    if (value.isUndefined() || value.isNull())
        throw Error(QStringLiteral("%1: no id").arg(where));
    if (!value.isDouble())
        throw Error(QStringLiteral("%1: the id must be a number, not %2").arg(where, value.isString() ? QStringLiteral("a string") : QStringLiteral("this JSON value")));
    return checkedId(value.toDouble(), QString::number(value.toDouble(), 'g', 17), range, where);
}

int parseTokenId(const QString& text, const TokenIdRange& range, const QString& where)
{
    bool ok = false;
    const qlonglong v = text.toLongLong(&ok);
    if (!ok || text.trimmed() != text)
        throw Error(QStringLiteral("%1: id \"%2\" is not an integer").arg(where, text));
    return checkedId(double(v), text, range, where);
}

int checkTokenTable(const QHash<QString, int>& vocab, const std::vector<AddedToken>& added, const QString& source)
{
    const TokenIdRange cap;
    QHash<int, QString> byId;
    byId.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        checkedId(it.value(), QString::number(it.value()), cap, QStringLiteral("%1: token \"%2\"").arg(source, it.key()));
        const auto seen = byId.constFind(it.value());
        if (seen != byId.constEnd())
            throw Error(QStringLiteral("%1: id %2 is given to two tokens, \"%3\" and \"%4\"").arg(source).arg(it.value()).arg(*seen, it.key()));
        byId.insert(it.value(), it.key());
    }
    QHash<QString, int> addedIds;
    int size = 0;
    for (auto it = byId.begin(); it != byId.end(); ++it)
        size = std::max(size, it.key() + 1);
    for (const AddedToken& t : added) {
        const QString content = QString::fromStdString(t.content);
        const QString where = QStringLiteral("%1: added token \"%2\"").arg(source, content);
        checkedId(t.id, QString::number(t.id), cap, where);
        const auto seen = byId.constFind(t.id);
        if (seen != byId.constEnd() && *seen != content)
            throw Error(QStringLiteral("%1: id %2 already belongs to \"%3\"").arg(where).arg(t.id).arg(*seen));
        const auto other = addedIds.constFind(content);
        if (other != addedIds.constEnd() && *other != t.id)
            throw Error(QStringLiteral("%1: listed with two ids, %2 and %3").arg(where).arg(*other).arg(t.id));
        byId.insert(t.id, content);
        addedIds.insert(content, t.id);
        size = std::max(size, t.id + 1);
    }
    return size;
}

} // namespace sonde
