#pragma once
// Step 1 of attention-vs-syntax scoring: each word of a treebank sentence is
// tokenised on its own and the pieces are concatenated, so every token belongs
// to exactly one word. SentencePiece encodes each word with its default options
// (every word gets the "▁" prefix); byte-level BPE encodes the first word as is
// and every other word with a leading space; WordPiece runs its basic tokenizer
// on each word. The model's special tokens go around the whole sequence.
#include "Error.h"

#include <QStringList>
#include <vector>

namespace sonde {

class Tokenizer;

struct WordTokens {
    std::vector<int> ids;       // with the special tokens
    std::vector<int> tokenWord; // word index (0-based) of every token; -1 for special tokens
};

// A word the tokenizer turns into nothing (a form of only control or format
// characters, say): its sentence cannot be scored, the rest of a run can.
class WordWithoutTokens : public Error {
public:
    using Error::Error;
};

// Throws WordWithoutTokens naming the word.
WordTokens tokenizeWords(const Tokenizer& tokenizer, const QStringList& words);

} // namespace sonde
