#pragma once
// Matrix-vector product for single-token decoding on the CPU: y = W·x for a
// row-major W [rows, cols]. Decoding is bound by how fast the weights stream
// from memory; this kernel (AVX2/FMA when the CPU has them, chosen at run
// time) streams them faster than OpenBLAS's gemv here (bench/bench_decode).
#include <cstdint>

namespace sonde {

// Rows [begin, end) of y = W·x. Thread-safe for disjoint row ranges.
void gemvRows(const float* w, const float* x, float* y, std::int64_t cols, std::int64_t begin, std::int64_t end);
bool gemvUsesAvx2();

} // namespace sonde
