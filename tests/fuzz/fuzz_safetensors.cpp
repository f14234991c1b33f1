// libFuzzer target for the safetensors header parser: any byte string must be
// either accepted with every tensor inside the buffer, or refused with
// sonde::Error. A crash, hang, sanitizer report or other exception is a bug.
#include "Error.h"
#include "io/Safetensors.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const auto header = sonde::SafetensorsHeader::parse(data, size, QStringLiteral("fuzz"));
        for (const sonde::TensorInfo& t : header.tensors) {
            // Invariants the rest of Sonde relies on.
            if (header.dataOffset + t.end > size || t.begin > t.end)
                std::abort();
            if (std::uint64_t(t.numel()) * sonde::dtypeSize(t.dtype) != t.byteSize())
                std::abort();
            volatile std::uint8_t touch = t.byteSize() ? data[header.dataOffset + t.end - 1] : 0;
            (void)touch;
        }
    } catch (const sonde::Error&) {
    }
    return 0;
}
