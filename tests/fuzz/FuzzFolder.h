#pragma once
// For fuzz targets whose parser reads a model folder (tokenizer and config
// files): a private folder, in memory where /dev/shm exists, that each input
// is written into. Files of the previous input are removed first, so every
// run sees only what its input says.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace fuzz {

class FuzzFolder {
public:
    FuzzFolder() : m_dir(QDir(QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm") : QDir::tempPath()).filePath(QStringLiteral("sonde-fuzz-XXXXXX"))) {}

    QString path() const { return m_dir.path(); }
    void clear()
    {
        for (const QString& name : QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden))
            QFile::remove(QDir(m_dir.path()).filePath(name));
    }
    void write(const char* name, const QByteArray& bytes)
    {
        QFile f(QDir(m_dir.path()).filePath(QLatin1String(name)));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            std::abort(); // the harness itself failed, not the parser
    }

private:
    QTemporaryDir m_dir;
};

// Splits an input into the files of one folder: parts are separated by a line
// "#--" so that mutations can reach each file on its own.
inline QList<QByteArray> splitParts(const std::uint8_t* data, std::size_t size)
{
    QList<QByteArray> parts;
    const QByteArray all(reinterpret_cast<const char*>(data), qsizetype(size));
    qsizetype start = 0;
    for (;;) {
        const qsizetype at = all.indexOf("\n#--\n", start);
        if (at < 0) {
            parts << all.mid(start);
            return parts;
        }
        parts << all.mid(start, at - start);
        start = at + 5;
    }
}

} // namespace fuzz
