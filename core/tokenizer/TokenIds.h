#pragma once
// Token ids read from untrusted tokenizer files. Every id is checked before any
// table is sized from it: present, an integer, inside the vocabulary, and one
// string per id. A bad id is an error naming the file and the token, never an
// out-of-bounds write or a giant allocation.
#include "tokenizer/AddedTokens.h"

#include <QHash>
#include <QJsonValue>
#include <QString>

namespace sonde {

// The largest id table Sonde builds when no model config bounds it: far above
// any real vocabulary (Gemma 3 has 262,144 pieces), small enough that a table of
// that size costs little memory.
constexpr int kMaxTokenIds = 1 << 22;

// The ids a tokenizer may use: 0 … limit-1. `origin` says where the limit comes
// from, for messages ("config.json's vocab_size"); empty means Sonde's own cap.
struct TokenIdRange {
    int limit = kMaxTokenIds;
    QString origin;

    QString describe() const; // "0 … 50256 (config.json's vocab_size is 50257)"
};

// The id in a JSON value. Throws sonde::Error naming `where` (file and token)
// unless it is an integer inside `range`.
int parseTokenId(const QJsonValue& value, const TokenIdRange& range, const QString& where);
// The same for an id written as text (tokenizer_config.json's added_tokens_decoder keys).
int parseTokenId(const QString& text, const TokenIdRange& range, const QString& where);

// Checks a vocabulary and its added tokens together: ids inside [0, kMaxTokenIds),
// no id given to two different strings, no added token listed with two ids.
// Returns the size of the id table (largest id + 1). Throws naming `source`.
int checkTokenTable(const QHash<QString, int>& vocab, const std::vector<AddedToken>& added, const QString& source);

} // namespace sonde
