#include "workspace/PlannedWorkspaces.h"

#include "workspace/WorkspaceRegistry.h"

namespace sonde {

const std::vector<PlannedWorkspace>& plannedWorkspaces()
{
    static const std::vector<PlannedWorkspace> planned = {
        {QStringLiteral("latent"), QStringLiteral("Latent Explorer"),
         QStringLiteral("Load GAN and StyleGAN2 generators, find meaningful directions in latent space and "
                        "watch the image change as you step along them."),
         {QStringLiteral("DCGAN and StyleGAN2 generators from safetensors"), QStringLiteral("Directions by SeFa, GANSpace and InterFaceGAN"),
          QStringLiteral("Step along a direction and watch the image change"), QStringLiteral("Export strips and animations")}},
        {QStringLiteral("chat"), QStringLiteral("Chat"),
         QStringLiteral("Talk to local dialogue models side by side, with sampling controls and honest speed figures."),
         {QStringLiteral("Llama-family and GPT-2-family models with their HF chat templates"),
          QStringLiteral("Temperature, top-k, top-p, min-p, repetition penalty, seeds"), QStringLiteral("Several models side by side on one prompt"),
          QStringLiteral("Time to first token and tokens/s for every reply")}},
        {QStringLiteral("editor"), QStringLiteral("Fact Editor"),
         QStringLiteral("Apply single-fact edits to a language model and compare it before and after, with undo."),
         {QStringLiteral("ROME, MEMIT and fine-tuning baselines"),
          QStringLiteral("Before/after comparison on the edited fact, paraphrases and neighbours"),
          QStringLiteral("Every edit undoable; edits saved with the project")}},
    };
    return planned;
}

void registerPlannedWorkspaces(WorkspaceRegistry& registry)
{
    for (const PlannedWorkspace& p : plannedWorkspaces())
        registry.add({p.key, p.title, 1, {}, {}});
}

} // namespace sonde
