#include "workspace/WorkspacePage.h"

#include "figures/Figure.h"

namespace sonde {

WorkspacePage::WorkspacePage(const WorkspaceContext& context, const QString& key, QWidget* parent)
    : QWidget(parent), m_context(context), m_key(key)
{
    setObjectName(QStringLiteral("workspace-") + key);
}

std::unique_ptr<Figure> WorkspacePage::currentFigure(QString* why) const
{
    if (why)
        *why = QStringLiteral("This workspace has no figure to export yet.");
    return nullptr;
}

} // namespace sonde
