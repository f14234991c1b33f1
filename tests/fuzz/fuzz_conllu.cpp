// libFuzzer target for the CoNLL-U reader: any bytes must give valid trees
// (checked here) or sonde::Error; never a crash, hang or sanitizer report.
#include "Error.h"
#include "syntax/Treebank.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const sonde::Treebank tb = sonde::parseConllu(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), QStringLiteral("fuzz"));
        for (const auto& s : tb.sentences) {
            int roots = 0;
            for (size_t i = 0; i < s.words.size(); ++i) {
                const auto& w = s.words[i];
                if (w.id != int(i) + 1 || w.head < 0 || w.head > int(s.words.size()))
                    std::abort();
                roots += w.head == 0;
            }
            if (roots != 1)
                std::abort();
        }
    } catch (const sonde::Error&) {
    }
    return 0;
}
