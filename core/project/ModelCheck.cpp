#include "project/ModelCheck.h"

#include "Error.h"
#include "io/ModelFolder.h"
#include "jobs/JobContext.h"
#include "project/Project.h"

#include <QFileInfo>
#include <QStringList>

namespace sonde {

QString ModelCheck::statusName() const
{
    switch (status) {
    case Status::Ok: return QStringLiteral("ok");
    case Status::Missing: return QStringLiteral("missing");
    case Status::Changed: return QStringLiteral("changed");
    case Status::Unreadable: return QStringLiteral("unreadable");
    }
    return QString();
}

ModelCheck checkModel(const ModelRef& model, JobContext* context, FingerprintCache* cache)
{
    ModelCheck check;
    if (!QFileInfo(model.path).isDir()) {
        check.status = ModelCheck::Status::Missing;
        check.detail = QStringLiteral("The folder %1 no longer exists.").arg(model.path);
        return check;
    }
    try {
        check.actual = fingerprintWeights(model.path, context, cache);
    } catch (const JobCancelled&) {
        throw;
    } catch (const Error& e) {
        check.status = ModelCheck::Status::Unreadable;
        check.detail = e.message();
        return check;
    }
    QStringList changed;
    for (auto it = model.fileHashes.begin(); it != model.fileHashes.end(); ++it)
        if (check.actual.value(it.key()) != it.value())
            changed << it.key();
    for (auto it = check.actual.begin(); it != check.actual.end(); ++it)
        if (!model.fileHashes.contains(it.key()))
            changed << it.key();
    if (!changed.isEmpty()) {
        check.status = ModelCheck::Status::Changed;
        check.detail = QStringLiteral("Weights differ from when the project saw them: %1").arg(changed.join(QStringLiteral(", ")));
    }
    return check;
}

} // namespace sonde
