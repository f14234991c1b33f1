#pragma once
// Picks and loads the tokenizer of a model folder, and encodes prompts the way
// the model's own tokenizer does by default (BOS or not).
#include "tokenizer/Tokenizer.h"

#include <QString>
#include <memory>

namespace sonde {

struct ModelConfig;

// Throws sonde::Error when the folder has no tokenizer Sonde can read yet.
std::unique_ptr<Tokenizer> loadTokenizer(const QString& folder);

// tokenizer_config.json "add_bos_token" (default true for SentencePiece Llama tokenizers).
bool addsBosByDefault(const QString& folder);

// Token ids of `text`, with BOS first when `addBos` and the model has one.
std::vector<int> encodePrompt(const Tokenizer& tokenizer, const ModelConfig& config, const std::string& text, bool addBos);

} // namespace sonde
