#pragma once
// A change to one weight matrix, kept as a low-rank overlay on a shared base
// model: W' = W + U Vᵀ, with W the logical matrix [out, in] whatever the
// family stores (GPT-2's Conv1D keeps [in, out]). The base is never modified:
// LanguageModel::withEdits builds a model that shares every untouched tensor
// with it, so undoing an edit is dropping the overlay, bit-exact at any
// precision. Torch-free: the Fact Editor computes, saves and replays these.
#include <QString>
#include <vector>

namespace sonde {

struct WeightEdit {
    int layer = 0;
    // "mlp.out" (down projection: GPT-2 mlp.c_proj, Llama mlp.down_proj, BERT output.dense),
    // "mlp.in" (up projection), "attn.out" (attention output), "unembed"
    // (the output head, layer 0; a tied embedding stays as it was).
    QString matrix;
    int rows = 0, cols = 0, rank = 0; // the logical matrix is [rows = out, cols = in]
    std::vector<float> u;             // [rows, rank], row-major
    std::vector<float> v;             // [cols, rank], row-major
    QString baseWeights;              // digest of the weights it was computed for; empty: any

    // Identifies the edit (every field, values included): SHA-256 hex.
    QString digest() const;
    // A rank-one edit u vᵀ.
    static WeightEdit rankOne(int layer, const QString& matrix, std::vector<float> u, std::vector<float> v);
};

// The digest of a chain of edits, in order; empty for none.
QString editChainDigest(const std::vector<WeightEdit>& edits);

} // namespace sonde
