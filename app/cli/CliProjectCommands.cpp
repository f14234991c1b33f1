// `export`: a project's batch export, headless, by the same path as the
// window's File ▸ Batch Export and `sonde --export`.
#include "cli/CliArgs.h"
#include "cli/CliCommands.h"
#include "io/FingerprintCache.h"
#include "project/Project.h"
#include "workspace/ProjectExport.h"
#include "workspace/ViewRegistry.h"

namespace sonde::cli {

namespace {

int commandExport(const QStringList& argList)
{
    const Args args(QStringLiteral("export"), argList, {QStringLiteral("--project"), QStringLiteral("--out")}, {});
    const QString projectPath = args.required(QStringLiteral("--project"));
    const QString dir = args.required(QStringLiteral("--out"));
    Project project;
    loadProjectFile(project, projectPath);
    for (const QString& problem : modelProblems(project, &FingerprintCache::shared()))
        err() << "warning: " << problem << "\n";
    const QStringList written = exportProject(project, dir, ViewRegistry::builtin());
    out() << QStringLiteral("exported %1 files to %2\n").arg(written.size()).arg(dir);
    return 0;
}

} // namespace

void registerProjectCommands(Registry& registry)
{
    registry.add({QStringLiteral("export"),
                  QStringLiteral("  export --project FILE.sonde --out DIR\n"
                                 "                                 The project's batch export without a window: the project file,\n"
                                 "                                 and per workspace its data and figures (PNG, SVG, PDF).\n"),
                  true, commandExport});
}

} // namespace sonde::cli
