#include "model/WeightEdit.h"

#include <QCryptographicHash>

namespace sonde {

QString WeightEdit::digest() const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QStringLiteral("%1|%2|%3|%4|%5|%6|").arg(layer).arg(matrix).arg(rows).arg(cols).arg(rank).arg(baseWeights).toUtf8());
    h.addData(QByteArrayView(reinterpret_cast<const char*>(u.data()), qsizetype(u.size() * sizeof(float))));
    h.addData(QByteArrayView(reinterpret_cast<const char*>(v.data()), qsizetype(v.size() * sizeof(float))));
    return QString::fromLatin1(h.result().toHex());
}

WeightEdit WeightEdit::rankOne(int layer, const QString& matrix, std::vector<float> u, std::vector<float> v)
{
    WeightEdit e;
    e.layer = layer;
    e.matrix = matrix;
    e.rows = int(u.size());
    e.cols = int(v.size());
    e.rank = 1;
    e.u = std::move(u);
    e.v = std::move(v);
    return e;
}

QString editChainDigest(const std::vector<WeightEdit>& edits)
{
    if (edits.empty())
        return QString();
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const WeightEdit& e : edits)
        h.addData(e.digest().toLatin1());
    return QString::fromLatin1(h.result().toHex());
}

} // namespace sonde
