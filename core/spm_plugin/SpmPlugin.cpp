// The SentencePiece side of the plugin boundary; see sonde_spm_abi.h.
#include "sonde_spm_abi.h"

#include <sentencepiece_processor.h>

#include <string>
#include <vector>

#define SONDE_SPM_EXPORT extern "C" __attribute__((visibility("default")))

struct sonde_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {
void report(sonde_spm_bytes_sink sink, void* ctx, const std::string& text)
{
    if (sink)
        sink(ctx, text.data(), text.size());
}
} // namespace

SONDE_SPM_EXPORT int sonde_spm_abi_version(void)
{
    return SONDE_SPM_ABI_VERSION;
}

SONDE_SPM_EXPORT sonde_spm* sonde_spm_open(const char* model_path, sonde_spm_bytes_sink error, void* ctx)
{
    auto* spm = new sonde_spm;
    const auto status = spm->processor.Load(model_path);
    if (!status.ok()) {
        report(error, ctx, status.ToString());
        delete spm;
        return nullptr;
    }
    return spm;
}

SONDE_SPM_EXPORT void sonde_spm_close(sonde_spm* spm)
{
    delete spm;
}

SONDE_SPM_EXPORT int sonde_spm_vocab_size(const sonde_spm* spm)
{
    return spm->processor.GetPieceSize();
}

SONDE_SPM_EXPORT int sonde_spm_special_id(const sonde_spm* spm, int which)
{
    switch (which) {
    case 0: return spm->processor.bos_id();
    case 1: return spm->processor.eos_id();
    case 2: return spm->processor.unk_id();
    case 3: return spm->processor.pad_id();
    default: return -1;
    }
}

SONDE_SPM_EXPORT int sonde_spm_piece_flags(const sonde_spm* spm, int id)
{
    if (id < 0 || id >= spm->processor.GetPieceSize())
        return 0;
    return (spm->processor.IsControl(id) ? 1 : 0) | (spm->processor.IsUnknown(id) ? 2 : 0)
        | (spm->processor.IsByte(id) ? 4 : 0) | (spm->processor.IsUnused(id) ? 8 : 0);
}

SONDE_SPM_EXPORT int sonde_spm_encode(const sonde_spm* spm, const char* text, size_t size, sonde_spm_ids_sink out,
                                      void* ctx, sonde_spm_bytes_sink error, void* error_ctx)
{
    std::vector<int> ids;
    const auto status = spm->processor.Encode(std::string(text, size), &ids);
    if (!status.ok()) {
        report(error, error_ctx, status.ToString());
        return 1;
    }
    out(ctx, ids.data(), ids.size());
    return 0;
}

SONDE_SPM_EXPORT int sonde_spm_decode(const sonde_spm* spm, const int* ids, size_t count, sonde_spm_bytes_sink out,
                                      void* ctx, sonde_spm_bytes_sink error, void* error_ctx)
{
    // SentencePiece aborts on out-of-range ids; check here so bad input is an error, not a crash.
    const int n = spm->processor.GetPieceSize();
    for (size_t i = 0; i < count; ++i)
        if (ids[i] < 0 || ids[i] >= n) {
            report(error, error_ctx, "token id " + std::to_string(ids[i]) + " is outside the vocabulary (0.." + std::to_string(n - 1) + ")");
            return 1;
        }
    std::string text;
    const auto status = spm->processor.Decode(std::vector<int>(ids, ids + count), &text);
    if (!status.ok()) {
        report(error, error_ctx, status.ToString());
        return 1;
    }
    out(ctx, text.data(), text.size());
    return 0;
}

SONDE_SPM_EXPORT void sonde_spm_id_to_piece(const sonde_spm* spm, int id, sonde_spm_bytes_sink out, void* ctx)
{
    if (id < 0 || id >= spm->processor.GetPieceSize())
        return;
    const std::string& piece = spm->processor.IdToPiece(id);
    out(ctx, piece.data(), piece.size());
}

SONDE_SPM_EXPORT int sonde_spm_piece_to_id(const sonde_spm* spm, const char* piece, size_t size)
{
    return spm->processor.PieceToId(std::string(piece, size));
}
