// libFuzzer target for config.json (and generation_config.json after a "#--"
// line), read both as the model loader reads it (ModelConfig, every value
// typed and bounded) and as `sonde-cli info` shows it (inspectModelFolder).
// Accepted configs must hold the invariants the model families rely on.
#include "Error.h"
#include "FuzzFolder.h"
#include "io/ModelFolder.h"
#include "model/ModelConfig.h"

#include <climits>

namespace {

void check(const sonde::ModelConfig& c)
{
    const bool positive = c.vocabSize > 0 && c.hiddenSize > 0 && c.intermediateSize > 0 && c.layers > 0 && c.heads > 0
        && c.kvHeads > 0 && c.headDim > 0 && c.maxPositions > 0;
    if (!positive || c.heads % c.kvHeads != 0 || qint64(c.heads) * c.headDim > INT_MAX || !(c.ropeTheta > 0)
        || !(c.rmsNormEps > 0) || !(c.layerNormEps > 0) || !(c.ropeLinearFactor > 0))
        std::abort();
    if (c.bosTokenId >= c.vocabSize)
        std::abort();
    for (int id : c.eosTokenIds)
        if (id < 0 || id >= c.vocabSize)
            std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static fuzz::FuzzFolder folder;
    static const QByteArray noWeights = QByteArray("\x02\0\0\0\0\0\0\0{}", 10); // a valid, empty safetensors file
    const QList<QByteArray> parts = fuzz::splitParts(data, size);
    folder.clear();
    folder.write("config.json", parts[0]);
    if (parts.size() > 1)
        folder.write("generation_config.json", parts[1]);
    folder.write("model.safetensors", noWeights);
    try {
        check(sonde::ModelConfig::fromFolder(folder.path()));
    } catch (const sonde::Error&) {
    }
    try {
        (void)sonde::inspectModelFolder(folder.path());
    } catch (const sonde::Error&) {
    }
    return 0;
}
