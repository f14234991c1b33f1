#pragma once
// The page of a workspace still to come (core/workspace/PlannedWorkspaces):
// it says plainly what the workspace will offer and carries its notes, which
// live in the project like any section.
#include "workspace/WorkspacePage.h"

namespace sonde {

class ViewRegistry;
struct PlannedWorkspace;

class PlannedPage : public WorkspacePage {
    Q_OBJECT
public:
    PlannedPage(const WorkspaceContext& context, const PlannedWorkspace& planned, QWidget* parent);
};

void registerPlannedViews(ViewRegistry& registry);

} // namespace sonde
