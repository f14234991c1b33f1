#include "syntax/SyntaxWorkspace.h"

#include "Error.h"
#include "project/Project.h"
#include "syntax/SyntaxSection.h"
#include "workspace/WorkspaceRegistry.h"

#include <QDir>

namespace sonde {

SyntaxSection syntaxSection(const Project& project)
{
    return SyntaxSection::fromJson(project.section(kSyntaxKey));
}

namespace {

// Every stored run's scores.json, .csv and .tex, one folder per run.
void exportRuns(const Project& project, const QString& dir)
{
    const SyntaxSection section = syntaxSection(project);
    const QMap<QString, QString> folders = runFolderNames(section);
    for (const SyntaxRun& run : section.runs)
        run.scores.writeFiles(QDir(dir).filePath(folders.value(run.id)));
}

} // namespace

void registerSyntaxWorkspace(WorkspaceRegistry& registry)
{
    registry.add({kSyntaxKey, QStringLiteral("Attention & Syntax"), SyntaxSection::kSchema, migrateSyntaxSection, exportRuns});
}

} // namespace sonde
