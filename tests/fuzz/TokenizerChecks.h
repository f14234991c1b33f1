#pragma once
// What every tokenizer a fuzz target manages to load must do: encode sample
// texts into ids inside its vocabulary, decode them back and name each piece,
// failing only with sonde::Error. Anything else is a bug and aborts.
#include "Error.h"
#include "tokenizer/Tokenizer.h"

#include <cstdlib>

namespace fuzz {

inline void exercise(const sonde::Tokenizer& tok)
{
    static const char* const texts[] = {"Hello world", "  héllo\twörld!\n\n", "<|endoftext|>x<s></s>", "[CLS] a ##b [SEP]",
                                        "日本語のテキスト", "", "emoji 🙂 and U+FFFD \xEF\xBF\xBD", "a\x00b", "'s 'll 123 4.5"};
    const int vocab = tok.vocabSize();
    for (const char* text : texts) {
        std::vector<int> ids;
        try {
            ids = tok.encodeWithSpecialTokens(text);
        } catch (const sonde::Error&) {
            continue; // e.g. merges and vocabulary that disagree: a clear error is fine
        }
        for (int id : ids) {
            if (id < 0 || id >= vocab)
                std::abort();
            (void)tok.idToPiece(id);
        }
        (void)tok.decode(ids); // ids in range: must not throw
    }
}

} // namespace fuzz
