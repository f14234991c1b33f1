#include "train/TextCorpus.h"

#include "Error.h"
#include "util/JsonFile.h"
#include "util/RegularFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

namespace sonde {

QStringList splitDocuments(const QString& text)
{
    static const QRegularExpression blankLines(QStringLiteral("\\n[ \\t\\r]*\\n"));
    QStringList docs;
    for (const QString& part : text.split(blankLines)) {
        const QString doc = part.trimmed();
        if (!doc.isEmpty())
            docs << doc;
    }
    return docs;
}

namespace {

QString readUtf8(const QString& path)
{
    const QByteArray bytes = readRegularFile(path);
    QStringDecoder decode(QStringDecoder::Utf8);
    QString text = decode(bytes);
    if (decode.hasError())
        throw Error(QStringLiteral("%1: not UTF-8 text").arg(path));
    return text;
}

} // namespace

CorpusSplit splitCorpus(const QStringList& files, double heldOutFraction)
{
    if (files.isEmpty())
        throw Error(QStringLiteral("no corpus file given"));
    if (!(heldOutFraction > 0.0 && heldOutFraction < 1.0))
        throw Error(QStringLiteral("the held-out fraction must lie between 0 and 1 (got %1)").arg(heldOutFraction));
    CorpusSplit split;
    for (const QString& path : files) {
        const QStringList docs = splitDocuments(readUtf8(path));
        if (docs.size() < 2)
            throw Error(QStringLiteral("%1: needs at least two documents (paragraphs separated by a blank line) to hold one out; found %2")
                            .arg(path)
                            .arg(docs.size()));
        qint64 total = 0;
        for (const QString& d : docs)
            total += d.size();
        const qint64 trainChars = qint64(double(total) * (1.0 - heldOutFraction));
        qint64 seen = 0;
        int first = 0; // first held-out document
        while (first < docs.size() - 1 && seen + docs[first].size() <= trainChars)
            seen += docs[first++].size();
        first = std::max(first, 1); // both parts get at least one document
        split.train << docs.mid(0, first);
        split.heldOut << docs.mid(first);
    }
    return split;
}

QStringList readDocuments(const QString& path)
{
    const QStringList docs = splitDocuments(readUtf8(path));
    if (docs.isEmpty())
        throw Error(QStringLiteral("%1: no text").arg(path));
    return docs;
}

void writeDocuments(const QString& path, const QStringList& documents)
{
    writeFileAtomically(path, documents.join(QStringLiteral("\n\n")).toUtf8() + '\n');
}

std::vector<int> tokenStream(const QStringList& documents, const Tokenizer& tokenizer, const JobContext& ctx)
{
    std::vector<int> ids;
    const auto bos = tokenizer.bosId();
    for (int i = 0; i < documents.size(); ++i) {
        if (i % 64 == 0) {
            ctx.checkCancelled();
            ctx.setProgress(double(i) / documents.size(), QStringLiteral("Tokenising"));
        }
        if (bos)
            ids.push_back(*bos);
        const std::vector<int> doc = tokenizer.encode(documents[i].toStdString());
        ids.insert(ids.end(), doc.begin(), doc.end());
    }
    return ids;
}

} // namespace sonde
