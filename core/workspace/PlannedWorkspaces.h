#pragma once
// The workspaces still to come (Latent Explorer, Chat, Fact Editor): each is
// registered now with a section that holds its notes, so projects keep them
// and the window shows what the workspace will offer. The issue that builds
// one replaces its entry here with its own folder and registration.
#include <QString>
#include <QStringList>
#include <vector>

namespace sonde {

class WorkspaceRegistry;

struct PlannedWorkspace {
    QString key, title, summary;
    QStringList features;
};
const std::vector<PlannedWorkspace>& plannedWorkspaces();
void registerPlannedWorkspaces(WorkspaceRegistry& registry);

} // namespace sonde
