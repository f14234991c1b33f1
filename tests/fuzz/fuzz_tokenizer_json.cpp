// libFuzzer target for tokenizer.json: BPE and WordPiece models, added tokens,
// pre-tokenizers, normalizers and post-processors. Any bytes either load a
// tokenizer that passes fuzz::exercise or fail with sonde::Error. A second
// part (after a "#--" line) is config.json, whose vocab_size bounds the ids.
#include "FuzzFolder.h"
#include "TokenizerChecks.h"
#include "tokenizer/TokenizerLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static fuzz::FuzzFolder folder;
    const QList<QByteArray> parts = fuzz::splitParts(data, size);
    folder.clear();
    folder.write("tokenizer.json", parts[0]);
    if (parts.size() > 1)
        folder.write("config.json", parts[1]);
    try {
        fuzz::exercise(*sonde::loadTokenizer(folder.path()));
    } catch (const sonde::Error&) {
    }
    return 0;
}
