#pragma once
// Picks and loads the tokenizer of a model folder: SentencePiece
// tokenizer.model, HF tokenizer.json (byte-level BPE, WordPiece), or the legacy
// vocab.json + merges.txt / vocab.txt files, with added tokens and the special
// tokens the model puts around a text.
#include "tokenizer/Tokenizer.h"

#include <QString>
#include <memory>

namespace sonde {

// Throws sonde::Error naming the file when the tokenizer cannot be read.
std::unique_ptr<Tokenizer> loadTokenizer(const QString& folder);

// Token ids of `text`, with the model's special tokens (BOS, [CLS] … [SEP], …)
// when `addSpecialTokens`.
std::vector<int> encodePrompt(const Tokenizer& tokenizer, const std::string& text, bool addSpecialTokens);

} // namespace sonde
