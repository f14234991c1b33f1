#pragma once
// Whether a model the project refers to is still the one it recorded: the
// folder exists and every weight file has the SHA-256 stored with the project.
// The window, `sonde --export` and `sonde-cli syntax --project` all ask this.
#include <QMap>
#include <QString>

namespace sonde {

class FingerprintCache;
class JobContext;
struct ModelRef;

struct ModelCheck {
    enum class Status { Ok, Missing, Changed, Unreadable };
    Status status = Status::Ok;
    QString detail;                 // for the user; empty when ok
    QMap<QString, QString> actual;  // file → SHA-256 now (when readable)

    QString statusName() const;     // "ok", "missing", "changed", "unreadable"
};

// Hashes with `cache` when given; honours cancellation through `context`.
ModelCheck checkModel(const ModelRef& model, JobContext* context = nullptr, FingerprintCache* cache = nullptr);

} // namespace sonde
