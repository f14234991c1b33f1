#pragma once
// Reader for the safetensors format (https://huggingface.co/docs/safetensors):
// 8-byte little-endian header length N, N bytes of JSON, then the data area.
// Everything is validated before any tensor is handed out; failures throw
// sonde::Error naming the file and the tensor.
#include <QFile>
#include <QMap>
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

enum class DType { F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U64, U32, U16, U8, BOOL };

std::size_t dtypeSize(DType t);
QString dtypeName(DType t);
std::optional<DType> parseDType(const QString& name);

struct TensorInfo {
    QString name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0; // offsets relative to the start of the data area
    std::uint64_t end = 0;

    std::int64_t numel() const;
    std::uint64_t byteSize() const { return end - begin; }
    QString shapeString() const;
};

// The parsed and validated header of one safetensors buffer.
struct SafetensorsHeader {
    std::vector<TensorInfo> tensors; // in file order (sorted by offset)
    QMap<QString, QString> metadata; // "__metadata__"
    std::uint64_t dataOffset = 0;    // 8 + N

    // Validates `size` bytes at `data` (the whole file). `source` names the file in errors.
    static SafetensorsHeader parse(const unsigned char* data, std::uint64_t size, const QString& source);
};

// One memory-mapped safetensors file.
class SafetensorsFile {
public:
    static std::unique_ptr<SafetensorsFile> open(const QString& path);
    ~SafetensorsFile();

    const QString& path() const { return m_path; }
    const std::vector<TensorInfo>& tensors() const { return m_header.tensors; }
    const QMap<QString, QString>& metadata() const { return m_header.metadata; }
    const TensorInfo* find(const QString& name) const;
    // Raw bytes of a tensor, little-endian as stored. Not necessarily aligned.
    const unsigned char* data(const TensorInfo& t) const { return m_base + m_header.dataOffset + t.begin; }
    std::uint64_t fileSize() const { return m_size; }
    const unsigned char* bytes() const { return m_base; }

private:
    SafetensorsFile() = default;
    QString m_path;
    QFile m_file;
    const unsigned char* m_base = nullptr;
    std::uint64_t m_size = 0;
    SafetensorsHeader m_header;
    QMap<QString, std::size_t> m_index;
};

// All weights of a model: a single file, or shards listed by model.safetensors.index.json.
class WeightSet {
public:
    // `path` is a model folder, a .safetensors file, or an .index.json file.
    static WeightSet open(const QString& path);

    struct Entry {
        const SafetensorsFile* file;
        const TensorInfo* info;
    };
    std::optional<Entry> find(const QString& name) const;
    QStringList tensorNames() const; // sorted
    const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return m_files; }
    std::int64_t parameterCount() const;
    std::uint64_t byteCount() const;
    QMap<QString, qint64> parametersByDType() const;
    const QStringList& warnings() const { return m_warnings; }

private:
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    QMap<QString, Entry> m_entries;
    QStringList m_warnings;
};

} // namespace sonde
