#pragma once
// A workspace's page. Until its issue lands, a workspace states plainly what it
// will do; every page already carries the workspace's notes, which live in the
// project and change only through undo commands.
#include "project/Project.h"

#include <QWidget>

class QUndoStack;

namespace sonde {

class WorkspacePage : public QWidget {
    Q_OBJECT
public:
    WorkspacePage(Workspace workspace, Project* project, QUndoStack* undoStack, QWidget* parent = nullptr);
    Workspace workspace() const { return m_workspace; }
    // What this workspace will offer, shown on the page.
    static QStringList plannedFeatures(Workspace w);
    static QString summary(Workspace w);

private:
    Workspace m_workspace;
};

} // namespace sonde
