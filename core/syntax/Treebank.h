#pragma once
// CoNLL-U treebanks (Universal Dependencies): sentences of words with gold
// heads and relations. Multiword-token lines (3-4) and empty nodes (5.1) are
// skipped, as scoring works on syntactic words. Each sentence is validated; a
// bad one is reported with its file, line and reason and left out.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <vector>

namespace sonde {

struct TreebankWord {
    int id = 0;          // 1-based
    QString form;
    int head = 0;        // 0 = root
    QString relation;    // universal part ("nsubj") unless subtypes are kept
    QString fullRelation; // as written ("nsubj:pass")
};

struct TreebankSentence {
    QString sentId;
    QString text;        // "# text = …"
    int firstLine = 0;   // 1-based line of its first line in the file
    std::vector<TreebankWord> words;

    QStringList forms() const; // the words' forms, in order
};

struct TreebankIssue {
    int line = 0;
    QString sentId;
    QString reason;
};

struct TreebankOptions {
    bool keepSubtypes = false;
};

struct Treebank {
    QString source;
    std::vector<TreebankSentence> sentences; // the valid ones
    std::vector<TreebankIssue> skipped;      // one per invalid sentence
    int wordCount() const;
};

// Throws sonde::Error when the file cannot be read or holds no valid sentence.
Treebank readConllu(const QString& path, const TreebankOptions& options = {});
Treebank parseConllu(const QByteArray& bytes, const QString& source, const TreebankOptions& options = {});

} // namespace sonde
