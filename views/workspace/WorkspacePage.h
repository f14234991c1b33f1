#pragma once
// What every workspace's page is to the window: a widget made from a
// WorkspaceContext, that derives everything it shows from its project section
// (and its own selection), can hand over the figure of what it shows, and may
// add commands to the window's Workspace menu.
#include "workspace/WorkspaceContext.h"

#include <QList>
#include <QWidget>
#include <memory>

class QAction;

namespace sonde {

class Figure;

class WorkspacePage : public QWidget {
    Q_OBJECT
public:
    WorkspacePage(const WorkspaceContext& context, const QString& key, QWidget* parent);
    const QString& key() const { return m_key; }

    // The figure of what is shown now (File ▸ Export…), titled with model and
    // data set; null, with `why` set, when the tab shown has none.
    virtual std::unique_ptr<Figure> currentFigure(QString* why) const;
    // Commands for the window's Workspace menu while this page is shown.
    virtual QList<QAction*> workspaceActions() { return {}; }

protected:
    WorkspaceContext m_context;
    QString m_key;
};

} // namespace sonde
