#pragma once
// Picks the next token from logits. Order of operations (as Hugging Face's
// generate): repetition penalty, then greedy argmax when temperature is 0;
// otherwise temperature, top-k, top-p (nucleus), min-p, renormalise, draw.
// The draw uses a seeded std::mt19937_64 on the CPU, so a seed reproduces a
// sample exactly whenever the logits are the same.
#include <cstdint>
#include <random>
#include <vector>

namespace sonde {

struct SamplingOptions {
    float temperature = 0.0f;   // 0 = greedy
    int topK = 0;               // 0 = off
    float topP = 1.0f;          // 1 = off
    float minP = 0.0f;          // 0 = off
    float repeatPenalty = 1.0f; // 1 = off; applied to every token seen so far (HF/CTRL style)
    std::uint64_t seed = 0;
};

class Sampler {
public:
    explicit Sampler(const SamplingOptions& options);
    // `history`: prompt and generated ids so far (for the repetition penalty).
    // Modifies `logits` in place.
    int next(std::vector<float>& logits, const std::vector<int>& history);
    // The probabilities the last draw chose from (after all filters); empty after a greedy step.
    const std::vector<std::pair<int, float>>& lastCandidates() const { return m_candidates; }

private:
    SamplingOptions m_options;
    std::mt19937_64 m_rng;
    std::vector<std::pair<int, float>> m_candidates;
};

} // namespace sonde
