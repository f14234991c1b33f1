// libFuzzer target for the project loader: any bytes are refused with
// sonde::Error (leaving the project as it was) or loaded, with older schemas
// migrated; a loaded project must save and reload to the same content, and its
// Attention section's runs must parse or be kept aside as damaged, never crash.
#include "Error.h"
#include "project/Project.h"
#include "syntax/SyntaxSection.h"
#include "syntax/SyntaxWorkspace.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    sonde::Project project;
    const QJsonObject empty = project.toJson();
    try {
        sonde::loadProjectBytes(project, QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), QStringLiteral("fuzz"));
    } catch (const sonde::Error&) {
        if (project.toJson() != empty) // a refused file must change nothing
            std::abort();
        return 0;
    }
    sonde::Project reopened;
    try {
        sonde::loadProjectBytes(reopened, sonde::projectBytes(project), QStringLiteral("fuzz round trip"));
    } catch (const sonde::Error&) {
        std::abort(); // what Sonde wrote, Sonde must read
    }
    if (reopened.toJson() != project.toJson())
        std::abort();
    // Every run parses or is kept aside as damaged; written back, they read the same.
    const sonde::SyntaxSection section = sonde::syntaxSection(project);
    if (sonde::SyntaxSection::fromJson(section.toJson()).runs.size() != section.runs.size())
        std::abort();
    return 0;
}
