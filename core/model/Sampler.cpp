#include "model/Sampler.h"

#include "Error.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

namespace sonde {

Sampler::Sampler(const SamplingOptions& options) : m_options(options), m_rng(options.seed)
{
    if (options.temperature < 0 || !std::isfinite(options.temperature))
        throw Error(QStringLiteral("temperature must be 0 (greedy) or positive"));
    if (options.topK < 0)
        throw Error(QStringLiteral("top-k must be 0 (off) or positive"));
    if (!(options.topP > 0.0f && options.topP <= 1.0f))
        throw Error(QStringLiteral("top-p must be in (0, 1]"));
    if (!(options.minP >= 0.0f && options.minP <= 1.0f))
        throw Error(QStringLiteral("min-p must be in [0, 1]"));
    if (!(options.repeatPenalty > 0.0f))
        throw Error(QStringLiteral("repetition penalty must be positive"));
}

int Sampler::next(std::vector<float>& logits, const std::vector<int>& history)
{
    m_candidates.clear();
    const int vocab = int(logits.size());
    if (m_options.repeatPenalty != 1.0f) {
        const std::unordered_set<int> seen(history.begin(), history.end());
        for (int id : seen)
            if (id >= 0 && id < vocab)
                logits[size_t(id)] = logits[size_t(id)] > 0 ? logits[size_t(id)] / m_options.repeatPenalty
                                                            : logits[size_t(id)] * m_options.repeatPenalty;
    }
    if (m_options.temperature == 0.0f) // ties go to the lowest id
        return int(std::max_element(logits.begin(), logits.end()) - logits.begin());

    // Candidates sorted by logit, highest first (stable: ties keep id order).
    std::vector<int> order(static_cast<size_t>(vocab));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits[size_t(a)] > logits[size_t(b)]; });
    size_t keep = order.size();
    if (m_options.topK > 0)
        keep = std::min(keep, size_t(m_options.topK));

    std::vector<double> p(keep);
    const double top = double(logits[size_t(order[0])]) / m_options.temperature;
    double total = 0;
    for (size_t i = 0; i < keep; ++i) {
        p[i] = std::exp(double(logits[size_t(order[i])]) / m_options.temperature - top);
        total += p[i];
    }
    for (double& x : p)
        x /= total;
    if (m_options.topP < 1.0f) { // smallest prefix whose mass reaches top-p
        double cumulative = 0;
        size_t i = 0;
        while (i < keep) {
            cumulative += p[i++];
            if (cumulative >= m_options.topP)
                break;
        }
        keep = i;
    }
    if (m_options.minP > 0.0f) { // drop tokens less likely than min-p × the most likely
        const double floor = m_options.minP * p[0];
        size_t i = 1;
        while (i < keep && p[i] >= floor)
            ++i;
        keep = i;
    }
    double kept = 0;
    for (size_t i = 0; i < keep; ++i)
        kept += p[i];
    for (size_t i = 0; i < keep; ++i)
        m_candidates.emplace_back(order[i], float(p[i] / kept));

    std::uniform_real_distribution<double> uniform(0.0, kept);
    double r = uniform(m_rng);
    for (size_t i = 0; i < keep; ++i) {
        r -= p[i];
        if (r < 0)
            return order[i];
    }
    return order[keep - 1];
}

} // namespace sonde
