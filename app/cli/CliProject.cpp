#include "cli/CliProject.h"

#include "Error.h"
#include "cli/CliCommands.h"
#include "io/FingerprintCache.h"
#include "project/ModelCheck.h"
#include "project/ProjectFile.h"
#include "project/commands/AddModelCommand.h"
#include "project/commands/ReplaceModelCommand.h"

#include <QFileInfo>

namespace sonde::cli {

namespace {

// A window with unsaved changes to the project holds its lock: writing now
// would be overwritten by its next save (or overwrite its work), so refuse.
[[noreturn]] void refuse(const ProjectLock& lock)
{
    throw Error(QStringLiteral("%1 is open with unsaved changes in %2; save or close it there, then run again")
                    .arg(lock.projectPath(), lock.holder().isEmpty() ? QStringLiteral("another Sonde") : lock.holder()));
}

void readOrCreate(Project& project, const QString& path)
{
    if (QFileInfo::exists(path))
        loadProjectFile(project, path);
    else
        project.setName(QFileInfo(path).completeBaseName());
}

} // namespace

void ProjectEdit::check(const QString& path)
{
    ProjectLock lock(path);
    if (!lock.tryLock())
        refuse(lock);
    Project project;
    readOrCreate(project, path);
}

ProjectEdit::ProjectEdit(const QString& path) : m_path(path), m_lock(std::make_unique<ProjectLock>(path))
{
    if (!m_lock->tryLock(5000)) // another sonde-cli writing it is done in well under that
        refuse(*m_lock);
    readOrCreate(m_project, path);
}

ProjectEdit::~ProjectEdit() = default;

const ModelRef& ProjectEdit::model(const QString& folder)
{
    const QString absolute = QFileInfo(folder).absoluteFilePath();
    for (const ModelRef& m : m_project.models()) {
        if (QFileInfo(m.path).absoluteFilePath() != absolute)
            continue;
        const ModelCheck check = checkModel(m, nullptr, &FingerprintCache::shared());
        if (check.status == ModelCheck::Status::Ok)
            return m;
        err() << QStringLiteral("warning: %1: %2; the project now records the weights this run used\n").arg(m.name, check.detail);
        ModelRef updated = describeModel(absolute, nullptr, &FingerprintCache::shared());
        updated.id = m.id;
        m_commands.push(new ReplaceModelCommand(&m_project, updated));
        return *m_project.model(updated.id);
    }
    m_commands.push(new AddModelCommand(&m_project, describeModel(absolute, nullptr, &FingerprintCache::shared())));
    return m_project.models().back();
}

void ProjectEdit::save()
{
    saveProjectFile(m_project, m_path);
}

} // namespace sonde::cli
