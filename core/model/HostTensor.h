#pragma once
// A plain float array with a shape: how model outputs leave the torch side, so
// views, analyses and the CLI never need torch headers.
#include <cstdint>
#include <vector>

namespace sonde {

struct HostTensor {
    std::vector<std::int64_t> shape;
    std::vector<float> data; // row-major

    std::int64_t numel() const
    {
        std::int64_t n = 1;
        for (auto d : shape)
            n *= d;
        return n;
    }
    float at(std::int64_t i, std::int64_t j) const { return data[std::size_t(i * shape[1] + j)]; }
};

} // namespace sonde
