// libFuzzer target for the legacy tokenizer files: vocab.txt (WordPiece) or
// vocab.json + merges.txt (byte-level BPE), each with tokenizer_config.json
// (added_tokens_decoder, named special tokens) and config.json. The first
// byte picks the layout; "#--" lines separate the files.
#include "FuzzFolder.h"
#include "TokenizerChecks.h"
#include "tokenizer/TokenizerLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static fuzz::FuzzFolder folder;
    if (size < 1)
        return 0;
    const bool wordPiece = data[0] & 1;
    const QList<QByteArray> parts = fuzz::splitParts(data + 1, size - 1);
    const char* const names[] = {wordPiece ? "vocab.txt" : "vocab.json", wordPiece ? "tokenizer_config.json" : "merges.txt",
                                 wordPiece ? "config.json" : "tokenizer_config.json", wordPiece ? nullptr : "config.json"};
    folder.clear();
    for (int i = 0; i < parts.size() && i < 4 && names[i]; ++i)
        folder.write(names[i], parts[i]);
    if (!wordPiece && parts.size() < 2)
        folder.write("merges.txt", QByteArray());
    try {
        fuzz::exercise(*sonde::loadTokenizer(folder.path()));
    } catch (const sonde::Error&) {
    }
    return 0;
}
