#include "io/Safetensors.h"

#include "Error.h"
#include "util/JsonFile.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sonde {

namespace {

// The format's own reference implementation refuses headers above 100 MB; a
// larger one is a corrupt length, not a real model.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
// JSON numbers are doubles: integers are exact only up to 2^53.
constexpr double kMaxExactInteger = 9007199254740992.0;

struct DTypeRow {
    DType type;
    const char* name;
    std::size_t size;
};
constexpr DTypeRow kDTypes[] = {
    {DType::F64, "F64", 8},         {DType::F32, "F32", 4},   {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},       {DType::F8_E4M3, "F8_E4M3", 1}, {DType::F8_E5M2, "F8_E5M2", 1},
    {DType::I64, "I64", 8},         {DType::I32, "I32", 4},   {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},           {DType::U64, "U64", 8},   {DType::U32, "U32", 4},
    {DType::U16, "U16", 2},         {DType::U8, "U8", 1},     {DType::BOOL, "BOOL", 1},
};

std::uint64_t readLe64(const unsigned char* p)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

[[noreturn]] void fail(const QString& source, const QString& what)
{
    throw Error(QStringLiteral("%1: %2").arg(source, what));
}

[[noreturn]] void failTensor(const QString& source, const QString& tensor, const QString& what)
{
    fail(source, QStringLiteral("tensor '%1': %2").arg(tensor, what));
}

std::optional<std::uint64_t> exactUnsigned(const QJsonValue& v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= 0.0) || d > kMaxExactInteger || std::floor(d) != d)
        return std::nullopt;
    return static_cast<std::uint64_t>(d);
}

TensorInfo parseTensor(const QString& source, const QString& name, const QJsonValue& value, std::uint64_t dataSize)
{
    if (!value.isObject())
        failTensor(source, name, QStringLiteral("entry is not a JSON object"));
    const QJsonObject o = value.toObject();

    TensorInfo t;
    t.name = name;
    const QJsonValue dtype = o.value(QStringLiteral("dtype"));
    if (!dtype.isString())
        failTensor(source, name, QStringLiteral("missing or non-string \"dtype\""));
    const auto parsed = parseDType(dtype.toString());
    if (!parsed)
        failTensor(source, name, QStringLiteral("unknown dtype \"%1\"").arg(dtype.toString()));
    t.dtype = *parsed;

    const QJsonValue shape = o.value(QStringLiteral("shape"));
    if (!shape.isArray())
        failTensor(source, name, QStringLiteral("missing or non-array \"shape\""));
    // Product of the dimensions, refusing overflow so a hostile shape cannot wrap to a small size.
    std::uint64_t elements = 1;
    bool overflow = false;
    for (const QJsonValue& dim : shape.toArray()) {
        const auto d = exactUnsigned(dim);
        if (!d)
            failTensor(source, name, QStringLiteral("shape entries must be non-negative integers"));
        t.shape.push_back(static_cast<std::int64_t>(*d));
        if (*d != 0 && elements > std::numeric_limits<std::uint64_t>::max() / *d)
            overflow = true;
        else
            elements *= *d;
    }

    const QJsonValue offsets = o.value(QStringLiteral("data_offsets"));
    const QJsonArray offs = offsets.toArray();
    if (!offsets.isArray() || offs.size() != 2)
        failTensor(source, name, QStringLiteral("\"data_offsets\" must be an array [begin, end]"));
    const auto begin = exactUnsigned(offs.at(0));
    const auto end = exactUnsigned(offs.at(1));
    if (!begin || !end)
        failTensor(source, name, QStringLiteral("data_offsets must be non-negative integers"));
    if (*begin > *end)
        failTensor(source, name, QStringLiteral("data_offsets [%1, %2] end before they begin").arg(*begin).arg(*end));
    if (*end > dataSize)
        failTensor(source, name,
                   QStringLiteral("data_offsets [%1, %2] reach past the data area (%3 bytes); the file is truncated or corrupt")
                       .arg(*begin).arg(*end).arg(dataSize));
    t.begin = *begin;
    t.end = *end;

    const std::size_t unit = dtypeSize(t.dtype);
    if (overflow || elements > std::numeric_limits<std::uint64_t>::max() / unit || elements * unit != t.byteSize())
        failTensor(source, name,
                   QStringLiteral("data_offsets span %1 bytes but shape %2 of %3 needs %4")
                       .arg(t.byteSize())
                       .arg(t.shapeString(), dtypeName(t.dtype),
                            overflow ? QStringLiteral("more than 2^64") : QString::number(elements * unit)));
    return t;
}

QMap<QString, QString> parseMetadata(const QString& source, const QJsonValue& value)
{
    if (!value.isObject())
        fail(source, QStringLiteral("\"__metadata__\" must be an object of strings"));
    QMap<QString, QString> out;
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isString())
            fail(source, QStringLiteral("\"__metadata__\" value for \"%1\" is not a string").arg(it.key()));
        out.insert(it.key(), it.value().toString());
    }
    return out;
}

// The data area must be covered exactly: no overlap (two tensors sharing
// bytes), no gap (bytes no tensor owns), nothing after the last tensor. This is
// the reference implementation's rule and keeps polyglot files out.
void checkCoverage(const QString& source, std::vector<TensorInfo>& tensors, std::uint64_t dataSize)
{
    std::stable_sort(tensors.begin(), tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t cursor = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo& t : tensors) {
        if (t.begin < cursor)
            failTensor(source, t.name,
                       QStringLiteral("data_offsets [%1, %2] overlap tensor '%3'").arg(t.begin).arg(t.end).arg(previous->name));
        if (t.begin > cursor)
            failTensor(source, t.name,
                       QStringLiteral("%1 bytes before it belong to no tensor (the data area must be fully indexed)")
                           .arg(t.begin - cursor));
        cursor = t.end;
        previous = &t;
    }
    if (cursor != dataSize)
        fail(source, QStringLiteral("%1 bytes after the last tensor belong to no tensor (the data area must be fully indexed)")
                         .arg(dataSize - cursor));
}

} // namespace

std::size_t dtypeSize(DType t)
{
    for (const auto& row : kDTypes)
        if (row.type == t)
            return row.size;
    return 1;
}

QString dtypeName(DType t)
{
    for (const auto& row : kDTypes)
        if (row.type == t)
            return QString::fromLatin1(row.name);
    return QStringLiteral("?");
}

std::optional<DType> parseDType(const QString& name)
{
    for (const auto& row : kDTypes)
        if (name == QLatin1String(row.name))
            return row.type;
    return std::nullopt;
}

std::int64_t TensorInfo::numel() const
{
    // A zero dimension makes the product 0 whatever the others are; checking it
    // first keeps a hostile shape like [2^40, 2^40, 0] from overflowing.
    if (std::find(shape.begin(), shape.end(), 0) != shape.end())
        return 0;
    std::int64_t n = 1;
    for (std::int64_t d : shape)
        n *= d;
    return n;
}

QString TensorInfo::shapeString() const
{
    QStringList dims;
    for (std::int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

SafetensorsHeader SafetensorsHeader::parse(const unsigned char* data, std::uint64_t size, const QString& source)
{
    if (size < 8)
        fail(source, QStringLiteral("file is %1 bytes, too short for the 8-byte header length").arg(size));
    const std::uint64_t headerLength = readLe64(data);
    if (headerLength > kMaxHeaderBytes)
        fail(source, QStringLiteral("header length %1 exceeds the 100 MB limit; not a safetensors file?").arg(headerLength));
    if (headerLength > size - 8)
        fail(source, QStringLiteral("header length %1 exceeds the file size %2; the file is truncated").arg(headerLength).arg(size));
    if (headerLength < 2 || data[8] != '{')
        fail(source, QStringLiteral("header does not start with '{'; not a safetensors file"));

    const QByteArray json = QByteArray::fromRawData(reinterpret_cast<const char*>(data + 8), static_cast<qsizetype>(headerLength));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        fail(source, QStringLiteral("header JSON is malformed at byte %1: %2").arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        fail(source, QStringLiteral("header JSON is not an object"));

    SafetensorsHeader header;
    header.dataOffset = 8 + headerLength;
    const std::uint64_t dataSize = size - header.dataOffset;
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__"))
            header.metadata = parseMetadata(source, it.value());
        else
            header.tensors.push_back(parseTensor(source, it.key(), it.value(), dataSize));
    }
    checkCoverage(source, header.tensors, dataSize);
    return header;
}

SafetensorsFile::~SafetensorsFile() = default;

std::unique_ptr<SafetensorsFile> SafetensorsFile::open(const QString& path)
{
    std::unique_ptr<SafetensorsFile> f(new SafetensorsFile);
    f->m_path = path;
    openRegularFile(f->m_file, path);
    f->m_size = static_cast<std::uint64_t>(f->m_file.size());
    if (f->m_size > 0) {
        // Mapped, not read: a multi-gigabyte model costs no copy until a tensor is touched.
        f->m_base = f->m_file.map(0, f->m_file.size());
        if (!f->m_base)
            throw Error(QStringLiteral("%1: cannot memory-map: %2").arg(path, f->m_file.errorString()));
    }
    static const unsigned char empty[1] = {0};
    f->m_header = SafetensorsHeader::parse(f->m_base ? f->m_base : empty, f->m_size, path);
    for (std::size_t i = 0; i < f->m_header.tensors.size(); ++i)
        f->m_index.insert(f->m_header.tensors[i].name, i);
    return f;
}

const TensorInfo* SafetensorsFile::find(const QString& name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? nullptr : &m_header.tensors[*it];
}

namespace {

QString indexFileIn(const QDir& dir)
{
    const QString index = dir.filePath(QStringLiteral("model.safetensors.index.json"));
    return QFileInfo::exists(index) ? index : QString();
}

// Reads the shard list of a sharded checkpoint. Shard names are plain file
// names next to the index: a path that leaves the folder is refused, since a
// model folder is untrusted data.
QMap<QString, QString> readShardIndex(const QString& indexPath)
{
    const QJsonValue map = readJsonObjectFile(indexPath).value(QStringLiteral("weight_map"));
    if (!map.isObject())
        throw Error(QStringLiteral("%1: missing \"weight_map\" object").arg(indexPath));
    QMap<QString, QString> out;
    const QJsonObject o = map.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString shard = it.value().toString();
        if (!it.value().isString() || shard.isEmpty() || shard.contains(QLatin1Char('/')) || shard.contains(QLatin1Char('\\'))
            || shard == QLatin1String("..") || shard == QLatin1String("."))
            throw Error(QStringLiteral("%1: tensor '%2' maps to \"%3\", which is not a file name in the model folder")
                            .arg(indexPath, it.key(), shard));
        out.insert(it.key(), shard);
    }
    if (out.isEmpty())
        throw Error(QStringLiteral("%1: \"weight_map\" lists no tensors").arg(indexPath));
    return out;
}

} // namespace

WeightSet WeightSet::open(const QString& path)
{
    WeightSet set;
    const QFileInfo info(path);
    QString indexPath;
    QString singlePath;
    if (info.isDir()) {
        const QDir dir(path);
        indexPath = indexFileIn(dir);
        if (indexPath.isEmpty()) {
            singlePath = dir.filePath(QStringLiteral("model.safetensors"));
            if (!QFileInfo::exists(singlePath)) {
                const QStringList any = dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files, QDir::Name);
                if (any.size() != 1)
                    throw Error(QStringLiteral("%1: no weights found (expected model.safetensors or model.safetensors.index.json%2)")
                                    .arg(path, any.isEmpty() ? QString() : QStringLiteral("; found several .safetensors files but no index")));
                singlePath = dir.filePath(any.front());
            }
        }
    } else if (path.endsWith(QLatin1String(".index.json"))) {
        indexPath = path;
    } else {
        singlePath = path;
    }

    if (!singlePath.isEmpty()) {
        set.m_files.push_back(SafetensorsFile::open(singlePath));
        const SafetensorsFile* f = set.m_files.back().get();
        for (const TensorInfo& t : f->tensors())
            set.m_entries.insert(t.name, Entry{f, &t});
        return set;
    }

    const QMap<QString, QString> weightMap = readShardIndex(indexPath);
    const QDir dir = QFileInfo(indexPath).dir();
    QMap<QString, const SafetensorsFile*> byShard;
    for (const QString& shard : QSet<QString>(weightMap.begin(), weightMap.end())) {
        const QString shardPath = dir.filePath(shard);
        if (!QFileInfo::exists(shardPath))
            throw Error(QStringLiteral("%1: shard \"%2\" listed in the index is missing").arg(indexPath, shard));
        set.m_files.push_back(SafetensorsFile::open(shardPath));
        byShard.insert(shard, set.m_files.back().get());
    }
    for (auto it = weightMap.begin(); it != weightMap.end(); ++it) {
        const SafetensorsFile* f = byShard.value(it.value());
        const TensorInfo* t = f->find(it.key());
        if (!t)
            throw Error(QStringLiteral("%1: tensor '%2' is listed in the index but missing from shard %3")
                            .arg(indexPath, it.key(), it.value()));
        set.m_entries.insert(it.key(), Entry{f, t});
    }
    for (const auto& f : set.m_files)
        for (const TensorInfo& t : f->tensors())
            if (!weightMap.contains(t.name))
                set.m_warnings << QStringLiteral("%1: tensor '%2' is not in the index and is ignored")
                                      .arg(QFileInfo(f->path()).fileName(), t.name);
    std::sort(set.m_files.begin(), set.m_files.end(), [](const auto& a, const auto& b) { return a->path() < b->path(); });
    return set;
}

std::optional<WeightSet::Entry> WeightSet::find(const QString& name) const
{
    const auto it = m_entries.constFind(name);
    if (it == m_entries.constEnd())
        return std::nullopt;
    return *it;
}

QStringList WeightSet::tensorNames() const
{
    return m_entries.keys();
}

std::int64_t WeightSet::parameterCount() const
{
    std::int64_t n = 0;
    for (const Entry& e : m_entries)
        n += e.info->numel();
    return n;
}

std::uint64_t WeightSet::byteCount() const
{
    std::uint64_t n = 0;
    for (const Entry& e : m_entries)
        n += e.info->byteSize();
    return n;
}

QMap<QString, qint64> WeightSet::parametersByDType() const
{
    QMap<QString, qint64> out;
    for (const Entry& e : m_entries)
        out[dtypeName(e.info->dtype)] += e.info->numel();
    return out;
}

} // namespace sonde
