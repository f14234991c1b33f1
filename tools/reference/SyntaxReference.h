#pragma once
// Runs tools/reference/syntax_reference.py (Python + Debian's python3-torch,
// an implementation independent of Sonde's C++) on the sentences Sonde scored
// and compares its accuracy table with Sonde's. Shared by bench_syntax (speed)
// and tst_syntax_reference (agreement); bench_train uses its interpreter
// lookup. Header-only: test and benchmark code.
#include "syntax/SyntaxScorer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>

namespace sonde::reference {

// Debian's interpreter, where python3-torch lives (a python3 earlier on PATH may be another one).
inline QString pythonInterpreter()
{
    return QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");
}

struct Comparison {
    bool ran = false;
    QString error;        // why it did not run
    int sentences = 0;
    double seconds = 0;   // the reference's own time: loading weights and scoring
    int cells = 0;        // accuracies compared
    double largestDifference = 0;
    int differingCells = 0;
    int largestWordDifference = 0; // the most words on which one (relation, layer, head, direction) differs
    QStringList countMismatches; // relations whose word counts differ
};

inline Comparison compareWithPython(const QString& script, const QString& modelFolder, const AttentionSource& source,
                                    const Treebank& treebank, int maxSentences, int threads, const SyntaxScores& sonde)
{
    Comparison c;
    QTemporaryDir dir;
    QJsonArray sentences;
    const int total = maxSentences > 0 ? std::min<int>(maxSentences, int(treebank.sentences.size())) : int(treebank.sentences.size());
    for (int i = 0; i < total; ++i) { // the sentences Sonde scores: the first `total`, those that fit the context
        const TreebankSentence& sentence = treebank.sentences[size_t(i)];
        const WordTokens t = source.tokenize(sentence.forms());
        if (int(t.ids.size()) > source.contextLength())
            continue;
        QJsonArray ids, tokenWord, heads, relations;
        for (int id : t.ids)
            ids.append(id);
        for (int w : t.tokenWord)
            tokenWord.append(w);
        for (const TreebankWord& w : sentence.words) {
            heads.append(w.head);
            relations.append(w.relation);
        }
        sentences.append(QJsonObject{{QStringLiteral("ids"), ids},
                                     {QStringLiteral("token_word"), tokenWord},
                                     {QStringLiteral("heads"), heads},
                                     {QStringLiteral("relations"), relations}});
    }
    const QString workload = dir.filePath(QStringLiteral("workload.json")), result = dir.filePath(QStringLiteral("result.json"));
    QFile f(workload);
    if (!f.open(QIODevice::WriteOnly)) {
        c.error = f.errorString();
        return c;
    }
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("model"), modelFolder}, {QStringLiteral("threads"), threads}, {QStringLiteral("sentences"), sentences}})
                .toJson(QJsonDocument::Compact));
    f.close();
    QProcess python;
    python.start(pythonInterpreter(), {script, workload, result});
    if (!python.waitForFinished(-1) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        const QString err = QString::fromUtf8(python.readAllStandardError()).trimmed();
        c.error = err.isEmpty() ? python.errorString() : err.section(QLatin1Char('\n'), -1);
        return c;
    }
    QFile r(result);
    r.open(QIODevice::ReadOnly);
    const QJsonObject ref = QJsonDocument::fromJson(r.readAll()).object();
    const QJsonObject table = ref.value(QStringLiteral("relations")).toObject();
    for (auto it = sonde.relations.begin(); it != sonde.relations.end(); ++it) {
        const QJsonObject rel = table.value(it.key()).toObject();
        if (rel.value(QStringLiteral("count")).toInt() != it.value().count)
            c.countMismatches << it.key();
        for (const QString& direction : {QStringLiteral("dep2head"), QStringLiteral("head2dep")}) {
            const auto& mine = direction == QLatin1String("dep2head") ? it.value().dep2head : it.value().head2dep;
            const QJsonArray theirs = rel.value(direction).toArray();
            for (size_t l = 0; l < mine.size(); ++l)
                for (size_t h = 0; h < mine[l].size(); ++h) {
                    const QJsonValue v = theirs[int(l)].toArray()[int(h)];
                    const double d = v.isDouble() ? std::abs(mine[l][h] - v.toDouble()) : 1.0;
                    c.largestDifference = std::max(c.largestDifference, d);
                    c.largestWordDifference = std::max(c.largestWordDifference, int(std::lround(d * it.value().count)));
                    c.differingCells += d > 0;
                    ++c.cells;
                }
        }
    }
    if (table.size() != sonde.relations.size())
        c.countMismatches << QStringLiteral("(%1 relations vs %2)").arg(table.size()).arg(sonde.relations.size());
    c.ran = true;
    c.sentences = ref.value(QStringLiteral("sentences")).toInt();
    c.seconds = ref.value(QStringLiteral("seconds")).toDouble();
    return c;
}

} // namespace sonde::reference
