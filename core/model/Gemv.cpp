#include "model/Gemv.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sonde {

namespace {

void gemvRowsScalar(const float* w, const float* x, float* y, std::int64_t cols, std::int64_t begin, std::int64_t end)
{
    for (std::int64_t r = begin; r < end; ++r) {
        const float* row = w + r * cols;
        float sum = 0.0f;
        for (std::int64_t c = 0; c < cols; ++c)
            sum += row[c] * x[c];
        y[r] = sum;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) float horizontalSum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_hadd_ps(s, s);
    s = _mm_hadd_ps(s, s);
    return _mm_cvtss_f32(s);
}

// Four rows at a time: four independent accumulators hide FMA latency and
// each x chunk is loaded once for four rows.
__attribute__((target("avx2,fma"))) void gemvRowsAvx2(const float* w, const float* x, float* y, std::int64_t cols,
                                                     std::int64_t begin, std::int64_t end)
{
    std::int64_t r = begin;
    for (; r + 4 <= end; r += 4) {
        const float* w0 = w + r * cols;
        const float* w1 = w0 + cols;
        const float* w2 = w1 + cols;
        const float* w3 = w2 + cols;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        std::int64_t c = 0;
        for (; c + 8 <= cols; c += 8) {
            const __m256 xv = _mm256_loadu_ps(x + c);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + c), xv, a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + c), xv, a1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + c), xv, a2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + c), xv, a3);
        }
        float s0 = horizontalSum(a0), s1 = horizontalSum(a1), s2 = horizontalSum(a2), s3 = horizontalSum(a3);
        for (; c < cols; ++c) {
            s0 += w0[c] * x[c];
            s1 += w1[c] * x[c];
            s2 += w2[c] * x[c];
            s3 += w3[c] * x[c];
        }
        y[r] = s0;
        y[r + 1] = s1;
        y[r + 2] = s2;
        y[r + 3] = s3;
    }
    gemvRowsScalar(w, x, y, cols, r, end);
}
#endif

} // namespace

bool gemvUsesAvx2()
{
#if defined(__x86_64__)
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return avx2;
#else
    return false;
#endif
}

void gemvRows(const float* w, const float* x, float* y, std::int64_t cols, std::int64_t begin, std::int64_t end)
{
#if defined(__x86_64__)
    if (gemvUsesAvx2()) {
        gemvRowsAvx2(w, x, y, cols, begin, end);
        return;
    }
#endif
    gemvRowsScalar(w, x, y, cols, begin, end);
}

} // namespace sonde
