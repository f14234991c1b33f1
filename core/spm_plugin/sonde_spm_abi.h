#pragma once
// The plain C interface of the SentencePiece plugin (libsonde_spm.so).
// SentencePiece and LibTorch each bring their own protobuf; linked into one
// binary they clash at start-up. The plugin links SentencePiece alone and is
// loaded with RTLD_DEEPBIND, and only C types cross this boundary, so no
// protobuf or C++ standard-library object is ever shared between the two.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SONDE_SPM_ABI_VERSION 1

typedef struct sonde_spm sonde_spm;
// Receives output; `ctx` is the caller's.
typedef void (*sonde_spm_ids_sink)(void* ctx, const int* ids, size_t count);
typedef void (*sonde_spm_bytes_sink)(void* ctx, const char* bytes, size_t size);

int sonde_spm_abi_version(void);
// Returns NULL on failure and passes the error text to `error`.
sonde_spm* sonde_spm_open(const char* model_path, sonde_spm_bytes_sink error, void* ctx);
void sonde_spm_close(sonde_spm* spm);
int sonde_spm_vocab_size(const sonde_spm* spm);
int sonde_spm_special_id(const sonde_spm* spm, int which); // 0 bos, 1 eos, 2 unk, 3 pad; -1 when absent
// 1 control, 2 unknown, 4 byte, 8 unused (bit flags)
int sonde_spm_piece_flags(const sonde_spm* spm, int id);
// Return 0 on success; on failure the error text goes to `error`.
int sonde_spm_encode(const sonde_spm* spm, const char* text, size_t size, sonde_spm_ids_sink out, void* ctx,
                     sonde_spm_bytes_sink error, void* error_ctx);
int sonde_spm_decode(const sonde_spm* spm, const int* ids, size_t count, sonde_spm_bytes_sink out, void* ctx,
                     sonde_spm_bytes_sink error, void* error_ctx);
void sonde_spm_id_to_piece(const sonde_spm* spm, int id, sonde_spm_bytes_sink out, void* ctx);
int sonde_spm_piece_to_id(const sonde_spm* spm, const char* piece, size_t size);

#ifdef __cplusplus
}
#endif
