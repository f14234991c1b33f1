#pragma once
// Writing a file so that a crash, a kill or a full disk at any moment leaves
// either the old file or the complete new one, never a mixture: the bytes go
// to a hidden temporary file beside the target, which is flushed to disk,
// renamed over the target, and the folder flushed too so the rename itself
// survives a power cut. A temporary file that a kill left behind is removed by
// the next write of the same target.
#include <QString>
#include <cstddef>

namespace sonde {

class AtomicFile {
public:
    // Starts writing `path` (a symbolic link is followed to its target). Throws
    // sonde::Error naming the file.
    explicit AtomicFile(const QString& path);
    ~AtomicFile(); // without commit(): the temporary file is removed, the target untouched
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size); // throws sonde::Error
    void commit();                                   // throws sonde::Error; the old file stays on failure

    // The prefix of the temporary files written for `path` (".name.sonde-save-").
    static QString temporaryPrefix(const QString& path);
    // Removes temporary files of `path` older than `minimumAgeSeconds`: a
    // younger one may belong to a write that is still going on.
    static int removeStrays(const QString& path, int minimumAgeSeconds);

private:
    QString m_target;
    QString m_temporary;
    int m_fd = -1;
};

} // namespace sonde
