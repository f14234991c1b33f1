#pragma once
// The attention a real model provides (sonde_torch): its tokenizer splits the
// words (step 1 of the convention) and a forward pass captures every layer's
// attention.
#include "syntax/SyntaxScorer.h"

#include <memory>

namespace sonde {

class LanguageModel;
class Tokenizer;

std::unique_ptr<AttentionSource> modelAttention(const LanguageModel& model, const Tokenizer& tokenizer);

} // namespace sonde
