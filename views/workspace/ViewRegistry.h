#pragma once
// What the views know of each workspace, registered once beside core's
// WorkspaceInfo (same key): how to make its page, and how to draw its figures
// headless for a batch export. The window and every export loop over this;
// none names a workspace. Adding one: views/<ws>/ with a register function,
// and one line in ViewRegistry::builtin().
#include "workspace/WorkspaceContext.h"

#include <QList>
#include <QString>
#include <functional>

class QWidget;

namespace sonde {

class Project;
class WorkspacePage;

struct WorkspaceView {
    QString key;
    std::function<WorkspacePage*(const WorkspaceContext& context, QWidget* parent)> createPage;
    // Writes the workspace's figures (PNG, SVG, PDF) into `dir`, which exists,
    // beside what core's exportData wrote there. Empty: no figures. Throws sonde::Error.
    std::function<void(const Project& project, const QString& dir)> exportFigures;
};

class ViewRegistry {
public:
    void add(WorkspaceView view); // throws sonde::Error on a duplicate key
    const QList<WorkspaceView>& all() const { return m_views; }
    const WorkspaceView* find(const QString& key) const;
    static const ViewRegistry& builtin();

private:
    QList<WorkspaceView> m_views;
};

} // namespace sonde
