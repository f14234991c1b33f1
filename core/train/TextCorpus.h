#pragma once
// Plain-text corpora for training language models: documents, a held-out
// split, and the token stream a trainer reads. Torch-free.
#include "jobs/JobContext.h"
#include "tokenizer/Tokenizer.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace sonde {

// Documents are the text between blank lines (a paragraph of WikiText, a
// speaker's turn in Shakespeare), trimmed; empty ones are dropped.
QStringList splitDocuments(const QString& text);

struct CorpusSplit {
    QStringList train, heldOut; // documents
};

// Sets aside the last `heldOutFraction` of every file (by characters, at a
// document boundary) for evaluation, so each source is represented in both
// parts and the held-out text is contiguous, never seen in training. Throws
// sonde::Error naming a file that is unreadable, not UTF-8 or has no document.
CorpusSplit splitCorpus(const QStringList& files, double heldOutFraction);

// Reads a text file of documents (as written by writeDocuments).
QStringList readDocuments(const QString& path);
// Writes documents separated by blank lines, atomically.
void writeDocuments(const QString& path, const QStringList& documents);

// The token stream a trainer reads: every document as BOS (when the tokenizer
// has one) followed by its tokens, back to back. Polls `ctx` for cancellation.
std::vector<int> tokenStream(const QStringList& documents, const Tokenizer& tokenizer, const JobContext& ctx);

} // namespace sonde
