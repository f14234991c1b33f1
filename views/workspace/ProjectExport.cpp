#include "workspace/ProjectExport.h"

#include "Error.h"
#include "project/ModelCheck.h"
#include "project/Project.h"
#include "workspace/ViewRegistry.h"
#include "workspace/WorkspaceRegistry.h"

#include <QDir>
#include <QDirIterator>

namespace sonde {

QStringList exportProject(const Project& project, const QString& dir, const ViewRegistry& views)
{
    if (!QDir().mkpath(dir))
        throw Error(QStringLiteral("%1: cannot create folder").arg(dir));
    saveProjectFile(project, QDir(dir).filePath(QStringLiteral("project.sonde")));
    for (const WorkspaceInfo& w : project.registry().all()) {
        const WorkspaceView* view = views.find(w.key);
        if (!w.exportData && !(view && view->exportFigures))
            continue;
        const QString folder = QDir(dir).filePath(w.key);
        if (!QDir().mkpath(folder))
            throw Error(QStringLiteral("%1: cannot create folder").arg(folder));
        if (w.exportData)
            w.exportData(project, folder);
        if (view && view->exportFigures)
            view->exportFigures(project, folder);
    }
    QStringList written;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        written << QDir(dir).relativeFilePath(it.next());
    written.sort();
    return written;
}

QStringList modelProblems(const Project& project, FingerprintCache* fingerprints)
{
    QStringList problems;
    for (const ModelRef& m : project.models()) {
        const ModelCheck check = checkModel(m, nullptr, fingerprints);
        if (check.status != ModelCheck::Status::Ok)
            problems << QStringLiteral("model \"%1\" is %2: %3").arg(m.name, check.statusName(), check.detail);
    }
    return problems;
}

} // namespace sonde
