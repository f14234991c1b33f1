#include "syntax/Treebank.h"

#include "Error.h"
#include "util/RegularFile.h"

#include <QFile>

namespace sonde {

namespace {

// A sentence being read: its lines, and the first problem found in it.
struct Pending {
    TreebankSentence sentence;
    int problemLine = 0;
    QString problem;
    bool started = false;

    void fail(int line, const QString& reason)
    {
        if (problem.isEmpty()) {
            problemLine = line;
            problem = reason;
        }
    }
};

bool parseInt(const QByteArray& field, int* out)
{
    bool ok = false;
    const int v = field.toInt(&ok);
    if (!ok || v < 0 || field.startsWith('+') || field.startsWith('-'))
        return false;
    *out = v;
    return true;
}

// "3-4" (a multiword token over words 3 and 4) or "5.1" (an empty node after
// word 5): both skipped, but only when well formed. `nextWord` is the id the
// next word line must have, which a range has to start at.
QString checkSkippedId(const QByteArray& id, int nextWord)
{
    const bool range = id.contains('-');
    const QList<QByteArray> parts = id.split(range ? '-' : '.');
    int a = 0, b = 0;
    if (parts.size() != 2 || !parseInt(parts[0], &a) || !parseInt(parts[1], &b))
        return QStringLiteral("ID \"%1\" is neither a word id, a range \"a-b\" nor an empty node \"a.b\"").arg(QString::fromUtf8(id));
    if (range && (a < 1 || b <= a))
        return QStringLiteral("multiword range \"%1\" must run from a word id to a larger one").arg(QString::fromUtf8(id));
    if (range && a != nextWord)
        return QStringLiteral("multiword range \"%1\" must start at the next word, %2").arg(QString::fromUtf8(id)).arg(nextWord);
    if (!range && (b < 1 || a != nextWord - 1))
        return QStringLiteral("empty node \"%1\" must follow word %2").arg(QString::fromUtf8(id)).arg(nextWord - 1);
    return QString();
}

// Tree checks once every word is read: ids 1..n in order, heads in range,
// exactly one root, every word reaching the root (no cycle).
QString validateTree(const std::vector<TreebankWord>& words)
{
    const int n = int(words.size());
    if (n == 0)
        return QStringLiteral("no words");
    int roots = 0;
    for (int i = 0; i < n; ++i) {
        if (words[size_t(i)].id != i + 1)
            return QStringLiteral("word ids are not consecutive from 1 (found %1 at position %2)").arg(words[size_t(i)].id).arg(i + 1);
        if (words[size_t(i)].head > n)
            return QStringLiteral("word %1 has head %2 but the sentence has %3 words").arg(i + 1).arg(words[size_t(i)].head).arg(n);
        if (words[size_t(i)].head == words[size_t(i)].id)
            return QStringLiteral("word %1 is its own head").arg(i + 1);
        roots += words[size_t(i)].head == 0;
    }
    if (roots != 1)
        return QStringLiteral("%1 roots (head 0); a tree has exactly one").arg(roots);
    for (int i = 0; i < n; ++i) {
        int at = i + 1;
        for (int steps = 0; at != 0; ++steps) {
            if (steps > n)
                return QStringLiteral("word %1 is in a cycle of heads").arg(i + 1);
            at = words[size_t(at - 1)].head;
        }
    }
    return QString();
}

void finish(Pending& p, Treebank& out)
{
    if (!p.started)
        return;
    if (p.problem.isEmpty()) {
        const QString tree = validateTree(p.sentence.words);
        if (!tree.isEmpty())
            p.fail(p.sentence.firstLine, tree);
    }
    if (p.problem.isEmpty())
        out.sentences.push_back(std::move(p.sentence));
    else
        out.skipped.push_back({p.problemLine, p.sentence.sentId, p.problem});
    p = Pending();
}

} // namespace

QStringList TreebankSentence::forms() const
{
    QStringList out;
    for (const auto& w : words)
        out << w.form;
    return out;
}

int Treebank::wordCount() const
{
    int n = 0;
    for (const auto& s : sentences)
        n += int(s.words.size());
    return n;
}

Treebank parseConllu(const QByteArray& bytes, const QString& source, const TreebankOptions& options)
{
    Treebank out;
    out.source = source;
    Pending p;
    // A byte-order mark (Windows editors write one) is not part of the first line.
    const QList<QByteArray> lines = (bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes).split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNo = i + 1;
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty()) {
            finish(p, out);
            continue;
        }
        if (!p.started) {
            p.started = true;
            p.sentence.firstLine = lineNo;
        }
        if (line.startsWith('#')) {
            const QString comment = QString::fromUtf8(line.mid(1)).trimmed();
            if (comment.startsWith(QLatin1String("sent_id")) && comment.contains(QLatin1Char('=')))
                p.sentence.sentId = comment.section(QLatin1Char('='), 1).trimmed();
            else if (comment.startsWith(QLatin1String("text")) && comment.contains(QLatin1Char('=')))
                p.sentence.text = comment.section(QLatin1Char('='), 1).trimmed();
            continue;
        }
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() != 10) {
            p.fail(lineNo, QStringLiteral("expected 10 tab-separated fields, found %1").arg(fields.size()));
            continue;
        }
        const QByteArray& idField = fields[0];
        if (idField.contains('-') || idField.contains('.')) { // multiword token or empty node
            const QString problem = checkSkippedId(idField, int(p.sentence.words.size()) + 1);
            if (!problem.isEmpty())
                p.fail(lineNo, problem);
            continue;
        }
        TreebankWord w;
        if (!parseInt(idField, &w.id) || w.id == 0) {
            p.fail(lineNo, QStringLiteral("ID \"%1\" is not a positive integer").arg(QString::fromUtf8(idField)));
            continue;
        }
        if (!parseInt(fields[6], &w.head)) {
            p.fail(lineNo, QStringLiteral("HEAD \"%1\" of word %2 is not a non-negative integer").arg(QString::fromUtf8(fields[6])).arg(w.id));
            continue;
        }
        w.form = QString::fromUtf8(fields[1]);
        if (w.form.trimmed().isEmpty()) {
            p.fail(lineNo, QStringLiteral("word %1 has an empty FORM").arg(w.id));
            continue;
        }
        w.fullRelation = QString::fromUtf8(fields[7]);
        if (w.fullRelation.isEmpty() || w.fullRelation == QLatin1String("_")) {
            p.fail(lineNo, QStringLiteral("word %1 has no DEPREL").arg(w.id));
            continue;
        }
        w.relation = options.keepSubtypes ? w.fullRelation : w.fullRelation.section(QLatin1Char(':'), 0, 0);
        p.sentence.words.push_back(w);
    }
    finish(p, out);
    if (out.sentences.empty())
        throw Error(out.skipped.empty() ? QStringLiteral("%1: no sentences").arg(source)
                                        : QStringLiteral("%1: no valid sentence (%2 rejected; first at line %3: %4)")
                                              .arg(source)
                                              .arg(out.skipped.size())
                                              .arg(out.skipped.front().line)
                                              .arg(out.skipped.front().reason));
    return out;
}

Treebank readConllu(const QString& path, const TreebankOptions& options)
{
    return parseConllu(readRegularFile(path), path, options);
}

} // namespace sonde
