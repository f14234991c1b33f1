#include "WorkspacePage.h"

#include "NotesEditor.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sonde {

QString WorkspacePage::summary(Workspace w)
{
    switch (w) {
    case Workspace::Attention:
        return QStringLiteral("Which attention heads track which dependency relations? Scores every head of a model "
                              "against the gold trees of a CoNLL-U treebank (Htut et al. 2019; Clark et al. 2019).");
    case Workspace::Latent:
        return QStringLiteral("Load GAN and StyleGAN2 generators, find meaningful directions in latent space and "
                              "watch the image change as you step along them.");
    case Workspace::Chat:
        return QStringLiteral("Talk to local dialogue models side by side, with sampling controls and honest speed figures.");
    case Workspace::Editor:
        return QStringLiteral("Apply single-fact edits to a language model and compare it before and after, with undo.");
    }
    return QString();
}

QStringList WorkspacePage::plannedFeatures(Workspace w)
{
    switch (w) {
    case Workspace::Attention:
        return {QStringLiteral("Per-head accuracy for every relation, both directions, against positional baselines"),
                QStringLiteral("Layers × heads heatmap, relation table and bar chart with bootstrap intervals"),
                QStringLiteral("Trees decoded from attention (Chu-Liu-Edmonds) with UAS / UUAS"),
                QStringLiteral("Sentence view with gold and predicted arcs; word- and piece-level attention"),
                QStringLiteral("Model-vs-model Δ heatmaps; PNG, SVG, PDF, CSV, JSON and LaTeX export")};
    case Workspace::Latent:
        return {QStringLiteral("DCGAN and StyleGAN2 generators from safetensors"),
                QStringLiteral("Directions by SeFa, GANSpace and InterFaceGAN"),
                QStringLiteral("Step along a direction and watch the image change"),
                QStringLiteral("Export strips and animations")};
    case Workspace::Chat:
        return {QStringLiteral("Llama-family and GPT-2-family models with their HF chat templates"),
                QStringLiteral("Temperature, top-k, top-p, min-p, repetition penalty, seeds"),
                QStringLiteral("Several models side by side on one prompt"),
                QStringLiteral("Time to first token and tokens/s for every reply")};
    case Workspace::Editor:
        return {QStringLiteral("ROME, MEMIT and fine-tuning baselines"),
                QStringLiteral("Before/after comparison on the edited fact, paraphrases and neighbours"),
                QStringLiteral("Every edit undoable; edits saved with the project")};
    }
    return {};
}

WorkspacePage::WorkspacePage(Workspace workspace, Project* project, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent), m_workspace(workspace)
{
    setObjectName(QStringLiteral("workspace-") + workspaceKey(workspace));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 18);

    auto* title = new QLabel(workspaceTitle(workspace), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    auto* summaryLabel = new QLabel(summary(workspace), this);
    summaryLabel->setWordWrap(true);
    layout->addWidget(summaryLabel);

    QString items;
    for (const QString& f : plannedFeatures(workspace))
        items += QStringLiteral("<li>%1</li>").arg(f.toHtmlEscaped());
    auto* planned = new QLabel(QStringLiteral("<p><b>Not available yet.</b> This workspace is being built; it will offer:</p>"
                                              "<ul>%1</ul>")
                                   .arg(items),
                               this);
    planned->setWordWrap(true);
    planned->setTextFormat(Qt::RichText);
    planned->setObjectName(QStringLiteral("plannedFeatures"));
    layout->addWidget(planned);

    auto* notesLabel = new QLabel(QStringLiteral("Notes (saved with the project)"), this);
    notesLabel->setStyleSheet(QStringLiteral("font-weight: bold; margin-top: 12px"));
    layout->addWidget(notesLabel);
    layout->addWidget(new NotesEditor(workspace, project, undoStack, this), 1);
}


} // namespace sonde
