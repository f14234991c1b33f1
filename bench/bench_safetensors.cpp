// Benchmark: opening and validating safetensors files, reading mapped tensor
// data, and fingerprinting weights. Each figure is printed with a ratio to a
// reference measured in the same run:
//   - mapped read throughput vs plain read() of the same (page-cached) file,
//   - SHA-256 fingerprint throughput vs coreutils `sha256sum` on the same file.
// Usage: bench_safetensors [MiB]   (default 256)
#include "io/ModelFolder.h"
#include "io/Safetensors.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtEndian>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace {

// A safetensors file of `tensors` F32 tensors totalling about `bytes`, header built by hand.
void writeModel(const QString& path, int tensors, qint64 bytes)
{
    const qint64 per = (bytes / tensors) / 4 * 4;
    QByteArray header = "{";
    for (int i = 0; i < tensors; ++i) {
        if (i)
            header += ',';
        header += QStringLiteral("\"model.layers.%1.weight\":{\"dtype\":\"F32\",\"shape\":[%2],\"data_offsets\":[%3,%4]}")
                      .arg(i).arg(per / 4).arg(i * per).arg((i + 1) * per).toUtf8();
    }
    header += '}';
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    char len[8];
    qToLittleEndian<quint64>(quint64(header.size()), len);
    f.write(len, 8);
    f.write(header);
    QByteArray chunk(per, '\0');
    for (qint64 i = 0; i < per; ++i)
        chunk[i] = char(i * 131 + 7);
    for (int i = 0; i < tensors; ++i)
        f.write(chunk);
}

// Reads every byte, 8 at a time: the work a tensor conversion does at least.
quint64 sumWords(const unsigned char* p, quint64 n)
{
    quint64 sum = 0;
    quint64 word;
    for (quint64 i = 0; i + 8 <= n; i += 8) {
        std::memcpy(&word, p + i, 8);
        sum += word;
    }
    return sum;
}

double seconds(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) * 1e-9;
}

double plainReadGiBs(const QString& path, qint64 size)
{
    std::vector<char> buffer(8 << 20);
    QElapsedTimer t;
    t.start();
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    quint64 sum = 0;
    for (ssize_t n; (n = ::read(fd, buffer.data(), buffer.size())) > 0;)
        sum += sumWords(reinterpret_cast<const unsigned char*>(buffer.data()), quint64(n));
    ::close(fd);
    const double s = seconds(t);
    std::fprintf(stderr, "(checksum %llu)\n", (unsigned long long)sum);
    return double(size) / s / (1 << 30);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const qint64 mib = argc > 1 ? QByteArray(argv[1]).toLongLong() : 256;
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("model.safetensors"));
    writeModel(path, 400, mib << 20);
    const qint64 size = QFileInfo(path).size();
    std::printf("file: %.0f MiB, 400 tensors\n", double(size) / (1 << 20));
    plainReadGiBs(path, size); // warm the page cache so both sides read from memory

    // 1. Open + validate (header parse, coverage check), many times.
    QElapsedTimer t;
    t.start();
    const int opens = 200;
    for (int i = 0; i < opens; ++i)
        sonde::SafetensorsFile::open(path);
    std::printf("open+validate: %.3f ms per file (%.2f us per tensor)\n", seconds(t) * 1e3 / opens,
                seconds(t) * 1e6 / opens / 400);

    // 2. Read every byte of every tensor through the mapping vs read() of the file.
    const double reference = plainReadGiBs(path, size);
    auto file = sonde::SafetensorsFile::open(path);
    t.restart();
    quint64 sum = 0;
    for (const sonde::TensorInfo& info : file->tensors()) {
        sum += sumWords(file->data(info), info.byteSize());
    }
    const double mapped = double(size) / seconds(t) / (1 << 30);
    std::fprintf(stderr, "(checksum %llu)\n", (unsigned long long)sum);
    std::printf("mapped tensor read: %.2f GiB/s; plain read(): %.2f GiB/s; ratio %.2f\n", mapped, reference, mapped / reference);

    // 3. Fingerprint (SHA-256) vs coreutils sha256sum.
    t.restart();
    const auto hashes = sonde::fingerprintWeights(dir.path());
    const double ours = double(size) / seconds(t) / (1 << 30);
    QProcess sha;
    t.restart();
    sha.start(QStringLiteral("sha256sum"), {path});
    sha.waitForFinished(-1);
    const double theirs = double(size) / seconds(t) / (1 << 30);
    const bool same = QString::fromLatin1(sha.readAllStandardOutput()).startsWith(hashes.value(QStringLiteral("model.safetensors")));
    std::printf("fingerprint: %.2f GiB/s; sha256sum: %.2f GiB/s; ratio %.2f (digests %s)\n", ours, theirs, ours / theirs,
                same ? "equal" : "DIFFER");
    return same ? 0 : 1;
}
