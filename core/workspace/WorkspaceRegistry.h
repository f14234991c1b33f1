#pragma once
// What core knows of each workspace, registered once: its key (the name of
// its section in a project), its title, the schema version of its section and
// how to bring an older section up to it, and the headless export of its data.
// Projects, the window, `sonde-cli` and the batch export loop over a registry;
// none of them names a workspace. Adding one: core/<ws>/ with a register
// function, and one line in WorkspaceRegistry::builtin().
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>

namespace sonde {

class Project;
struct ModelRef;

struct WorkspaceInfo {
    QString key;   // the project section's name; never changes once released
    QString title; // shown to users
    int schemaVersion = 1;
    // Brings a section written with schema `from` (< schemaVersion) up to date.
    // `models` are the project's, for sections that referred to them otherwise.
    // Throws sonde::Error when the section cannot be read.
    std::function<QJsonObject(const QJsonObject& section, int from, const QList<ModelRef>& models)> migrate;
    // Writes the workspace's data (not its figures: views/ExportRegistry) into
    // `dir`, which exists. Empty when the workspace has nothing to export.
    // Throws sonde::Error.
    std::function<void(const Project& project, const QString& dir)> exportData;
};

class WorkspaceRegistry {
public:
    void add(WorkspaceInfo info); // throws sonde::Error on a duplicate or empty key
    const QList<WorkspaceInfo>& all() const { return m_workspaces; }
    const WorkspaceInfo* find(const QString& key) const;

    // Sonde's own workspaces, in the order the window lists them.
    static const WorkspaceRegistry& builtin();

private:
    QList<WorkspaceInfo> m_workspaces;
};

} // namespace sonde
