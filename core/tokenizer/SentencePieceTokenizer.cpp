#include "tokenizer/Tokenizer.h"

#include "Error.h"
#include "spm_plugin/sonde_spm_abi.h"
#include "util/RegularFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMutex>

#include <dlfcn.h>

namespace sonde {

namespace {

// The plugin's entry points, resolved once per process.
struct SpmApi {
    decltype(&sonde_spm_abi_version) abiVersion = nullptr;
    decltype(&sonde_spm_open) open = nullptr;
    decltype(&sonde_spm_close) close = nullptr;
    decltype(&sonde_spm_vocab_size) vocabSize = nullptr;
    decltype(&sonde_spm_special_id) specialId = nullptr;
    decltype(&sonde_spm_piece_flags) pieceFlags = nullptr;
    decltype(&sonde_spm_encode) encode = nullptr;
    decltype(&sonde_spm_decode) decode = nullptr;
    decltype(&sonde_spm_id_to_piece) idToPiece = nullptr;
    decltype(&sonde_spm_piece_to_id) pieceToId = nullptr;
    QString loadedFrom;
    QString error;
};

QString executableDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    return QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath().section(QLatin1Char('/'), 0, -2);
}

QStringList pluginCandidates()
{
    const QString file = QStringLiteral("libsonde_spm.so");
    QStringList dirs;
    const QString env = qEnvironmentVariable("SONDE_PLUGIN_DIR");
    if (!env.isEmpty())
        dirs << env;
    // bin/../lib/sonde holds both in the build tree and in an installed tree.
    dirs << QDir(executableDir()).filePath(QStringLiteral("../lib/sonde"));
    dirs << QStringLiteral(SONDE_PLUGIN_INSTALL_FULLDIR);
    QStringList out;
    for (const QString& d : dirs)
        out << QDir::cleanPath(QDir(d).filePath(file));
    return out;
}

template <class F>
bool resolve(void* lib, const char* name, F& target)
{
    target = reinterpret_cast<F>(::dlsym(lib, name));
    return target != nullptr;
}

// RTLD_DEEPBIND makes the plugin resolve protobuf against SentencePiece's own
// copy, not LibTorch's. AddressSanitizer's dlopen refuses that flag (its
// interceptors would be bypassed inside the library); a sanitizer build (-DSONDE_SANITIZE=ON)
// therefore calls glibc's dlopen itself. No allocation crosses the plugin's C
// ABI, so the plugin using the plain allocator inside is safe.
void* openDeepBound(const QString& path, QString* error)
{
    using Dlopen = void* (*)(const char*, int);
    Dlopen open = ::dlopen;
#ifdef SONDE_SANITIZED
    if (void* libc = ::dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD))
        if (auto* real = reinterpret_cast<Dlopen>(::dlsym(libc, "dlopen")))
            open = real;
#endif
    void* lib = open(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!lib)
        *error = QString::fromLocal8Bit(::dlerror());
    return lib;
}

SpmApi loadApi()
{
    SpmApi api;
    QStringList tried;
    for (const QString& candidate : pluginCandidates()) {
        if (!QFileInfo::exists(candidate)) {
            tried << candidate + QStringLiteral(" (absent)");
            continue;
        }
        // Never closed: the library stays loaded for the process lifetime.
        QString why;
        void* lib = openDeepBound(candidate, &why);
        if (!lib) {
            tried << QStringLiteral("%1 (%2)").arg(candidate, why);
            continue;
        }
        const bool ok = resolve(lib, "sonde_spm_abi_version", api.abiVersion) && resolve(lib, "sonde_spm_open", api.open)
            && resolve(lib, "sonde_spm_close", api.close) && resolve(lib, "sonde_spm_vocab_size", api.vocabSize)
            && resolve(lib, "sonde_spm_special_id", api.specialId) && resolve(lib, "sonde_spm_piece_flags", api.pieceFlags)
            && resolve(lib, "sonde_spm_encode", api.encode) && resolve(lib, "sonde_spm_decode", api.decode)
            && resolve(lib, "sonde_spm_id_to_piece", api.idToPiece) && resolve(lib, "sonde_spm_piece_to_id", api.pieceToId);
        if (!ok || api.abiVersion() != SONDE_SPM_ABI_VERSION) {
            tried << QStringLiteral("%1 (wrong plugin version)").arg(candidate);
            api = SpmApi();
            continue;
        }
        api.loadedFrom = candidate;
        return api;
    }
    api.error = QStringLiteral("SentencePiece plugin not found; tried: %1").arg(tried.join(QStringLiteral("; ")));
    return api;
}

const SpmApi& api()
{
    static const SpmApi instance = loadApi(); // thread-safe initialisation
    return instance;
}

void appendIds(void* ctx, const int* ids, size_t count)
{
    static_cast<std::vector<int>*>(ctx)->assign(ids, ids + count);
}

void appendBytes(void* ctx, const char* bytes, size_t size)
{
    static_cast<std::string*>(ctx)->append(bytes, size);
}

} // namespace

struct SentencePieceTokenizer::Impl {
    sonde_spm* handle = nullptr;
    QString path;
    ~Impl()
    {
        if (handle)
            api().close(handle);
    }
};

QString sentencePiecePluginStatus()
{
    return api().error.isEmpty() ? api().loadedFrom : api().error;
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(const QString& modelPath)
{
    const SpmApi& a = api();
    if (!a.error.isEmpty())
        throw Error(a.error);
    requireRegularFile(modelPath); // the plugin opens it; a FIFO would block there
    auto impl = std::make_unique<Impl>();
    impl->path = modelPath;
    std::string error;
    impl->handle = a.open(QFile::encodeName(modelPath).constData(), appendBytes, &error);
    if (!impl->handle)
        throw Error(QStringLiteral("%1: not a SentencePiece model: %2").arg(modelPath, QString::fromStdString(error)));
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(std::move(impl)));
}

SentencePieceTokenizer::SentencePieceTokenizer(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
SentencePieceTokenizer::~SentencePieceTokenizer() = default;

int SentencePieceTokenizer::vocabSize() const
{
    return api().vocabSize(d->handle);
}

std::vector<int> SentencePieceTokenizer::encode(const std::string& text) const
{
    std::vector<int> ids;
    std::string error;
    if (api().encode(d->handle, text.data(), text.size(), appendIds, &ids, appendBytes, &error) != 0)
        throw Error(QStringLiteral("%1: encoding failed: %2").arg(d->path, QString::fromStdString(error)));
    return ids;
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids) const
{
    std::string text;
    std::string error;
    if (api().decode(d->handle, ids.data(), ids.size(), appendBytes, &text, appendBytes, &error) != 0)
        throw Error(QStringLiteral("%1: decoding failed: %2").arg(d->path, QString::fromStdString(error)));
    return text;
}

std::string SentencePieceTokenizer::idToPiece(int id) const
{
    std::string piece;
    api().idToPiece(d->handle, id, appendBytes, &piece);
    return piece;
}

std::optional<int> SentencePieceTokenizer::bosId() const
{
    const int id = api().specialId(d->handle, 0);
    return id >= 0 ? std::optional<int>(id) : std::nullopt;
}

std::optional<int> SentencePieceTokenizer::eosId() const
{
    const int id = api().specialId(d->handle, 1);
    return id >= 0 ? std::optional<int>(id) : std::nullopt;
}

bool SentencePieceTokenizer::isByte(int id) const
{
    return api().pieceFlags(d->handle, id) & 4;
}

bool SentencePieceTokenizer::isControl(int id) const
{
    return api().pieceFlags(d->handle, id) & 1;
}

} // namespace sonde
