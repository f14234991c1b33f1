#include "planned/PlannedPage.h"

#include "NotesEditor.h"
#include "workspace/PlannedWorkspaces.h"
#include "workspace/ViewRegistry.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sonde {

PlannedPage::PlannedPage(const WorkspaceContext& context, const PlannedWorkspace& planned, QWidget* parent)
    : WorkspacePage(context, planned.key, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 18);

    auto* title = new QLabel(planned.title, this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    auto* summary = new QLabel(planned.summary, this);
    summary->setWordWrap(true);
    layout->addWidget(summary);

    QString items;
    for (const QString& f : planned.features)
        items += QStringLiteral("<li>%1</li>").arg(f.toHtmlEscaped());
    auto* features = new QLabel(QStringLiteral("<p><b>Not available yet.</b> This workspace is being built; it will offer:</p>"
                                               "<ul>%1</ul>")
                                    .arg(items),
                                this);
    features->setWordWrap(true);
    features->setTextFormat(Qt::RichText);
    features->setObjectName(QStringLiteral("plannedFeatures"));
    layout->addWidget(features);

    auto* notesLabel = new QLabel(QStringLiteral("Notes (saved with the project)"), this);
    notesLabel->setStyleSheet(QStringLiteral("font-weight: bold; margin-top: 12px"));
    layout->addWidget(notesLabel);
    layout->addWidget(new NotesEditor(context, planned.key, this), 1);
}

void registerPlannedViews(ViewRegistry& registry)
{
    for (const PlannedWorkspace& planned : plannedWorkspaces())
        registry.add({planned.key, [planned](const WorkspaceContext& context, QWidget* parent) -> WorkspacePage* {
                          return new PlannedPage(context, planned, parent);
                      },
                      {}});
}

} // namespace sonde
