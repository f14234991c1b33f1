#include "syntax/SyntaxFigures.h"

#include "project/Project.h"
#include "syntax/SyntaxWorkspace.h"

#include <QDir>
#include <QRegularExpression>
#include <algorithm>

namespace sonde {

namespace {

// A relation name as part of a file name ("nsubj:pass" → "nsubj_pass").
QString fileSafe(QString name)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_-]"));
    return name.replace(unsafe, QStringLiteral("_"));
}

QString relationLabel(const SyntaxScores& s, const QString& relation, const QString& view)
{
    if (view == QLatin1String("uas"))
        return QStringLiteral("tree UAS (Chu-Liu-Edmonds), all relations");
    if (view == QLatin1String("uuas"))
        return QStringLiteral("undirected tree UUAS, all relations");
    return QStringLiteral("%1 (%2 words), %3").arg(relation).arg(s.relations.value(relation).count).arg(viewName(view));
}

} // namespace

QString runTitle(const SyntaxRun& run)
{
    return QStringLiteral("%1 on %2").arg(run.modelName, run.data.treebankName());
}

QStringList listedRelations(const SyntaxScores& scores, int minCount)
{
    QStringList rows;
    for (auto it = scores.relations.begin(); it != scores.relations.end(); ++it)
        if (it.value().count >= minCount || it.key() == QLatin1String("all"))
            rows << it.key();
    std::sort(rows.begin(), rows.end(), [&](const QString& a, const QString& b) {
        const int ca = scores.relations[a].count, cb = scores.relations[b].count;
        return ca != cb ? ca > cb : a < b;
    });
    return rows;
}

int defaultMinCount(const SyntaxScores& scores)
{
    return scores.words < 1000 ? 3 : 10;
}

QString viewName(const QString& view)
{
    if (view == QLatin1String("head2dep"))
        return QStringLiteral("head → dependent");
    if (view == QLatin1String("uas"))
        return QStringLiteral("tree UAS");
    if (view == QLatin1String("uuas"))
        return QStringLiteral("tree UUAS");
    return QStringLiteral("dependent → head");
}

HeatmapFigure runHeatmap(const SyntaxRun& run, const QString& relation, const QString& view)
{
    HeatmapFigure f;
    const SyntaxScores& s = run.scores;
    f.setTitle(runTitle(run), relationLabel(s, relation, view));
    const bool tree = view == QLatin1String("uas") || view == QLatin1String("uuas");
    if (!tree && !s.relations.contains(relation)) {
        f.setEmptyText(QStringLiteral("%1 has no words with relation \"%2\".").arg(run.data.treebankName(), relation));
        return f;
    }
    f.setValues(headMatrix(s, relation, view));
    const RelationScores& r = s.relations.value(relation);
    if (!tree && r.bestDirection == view)
        f.setMarked(r.bestLayer, r.bestHead);
    return f;
}

HeatmapFigure differenceHeatmap(const SyntaxRun& run, const SyntaxRun& other, const QString& relation, const QString& view)
{
    HeatmapFigure f;
    f.setTitle(QStringLiteral("Δ %1 − %2 on %3").arg(run.modelName, other.modelName, run.data.treebankName()),
               relationLabel(run.scores, relation, view) + QStringLiteral(", percentage points"));
    if (!sameShape(run.scores, other.scores)) {
        f.setEmptyText(QStringLiteral("%1 has %2 layers × %3 heads and %4 has %5 × %6: heads cannot be subtracted one by one. "
                                      "The relation table compares each relation's best heads side by side.")
                           .arg(run.modelName)
                           .arg(run.scores.layers)
                           .arg(run.scores.heads)
                           .arg(other.modelName)
                           .arg(other.scores.layers)
                           .arg(other.scores.heads));
        return f;
    }
    const auto d = headDifference(run.scores, other.scores, relation, view);
    if (d.empty())
        f.setEmptyText(QStringLiteral("\"%1\" is missing from one of the two runs.").arg(relation));
    f.setValues(d, HeatmapFigure::Scale::Difference);
    return f;
}

BarChartFigure bestHeadChart(const SyntaxRun& run, const SyntaxRun* other, int minCount)
{
    BarChartFigure chart;
    chart.setTitle(QStringLiteral("Best head vs best fixed offset: %1").arg(runTitle(run)), QStringLiteral("accuracy per relation"));
    chart.setAxis(QStringLiteral("accuracy (%)"), 100);
    const QStringList relations = listedRelations(run.scores, minCount).mid(0, 12);
    BarChartFigure::Series heads{QStringLiteral("Best head (%1)").arg(run.modelName), QColor(33, 102, 172), {}};
    BarChartFigure::Series baseline{QStringLiteral("Best fixed offset"), QColor(170, 170, 170), {}};
    BarChartFigure::Series others{other ? QStringLiteral("Best head (%1)").arg(other->modelName) : QString(), QColor(230, 126, 34), {}};
    for (const QString& rel : relations) {
        const RelationScores& r = run.scores.relations[rel];
        heads.values.push_back(100.0 * r.bestAccuracy);
        baseline.values.push_back(100.0 * r.baselineAccuracy);
        if (other)
            others.values.push_back(100.0 * other->scores.relations.value(rel).bestAccuracy);
    }
    chart.setCategories(relations);
    chart.addSeries(heads);
    if (other)
        chart.addSeries(others);
    chart.addSeries(baseline);
    return chart;
}

HeatmapFigure sentenceMatrix(const SentenceView& v, bool pieces, const QString& title)
{
    HeatmapFigure f;
    std::vector<std::vector<double>> rows;
    std::vector<std::pair<int, int>> gold;
    if (pieces) {
        const int T = int(v.pieces.size());
        for (int i = 0; i < T; ++i)
            rows.emplace_back(v.pieceAttention.begin() + i * T, v.pieceAttention.begin() + (i + 1) * T);
        // Gold edges between every piece of a dependent and every piece of its head.
        for (int i = 0; i < T; ++i)
            for (int j = 0; j < T; ++j)
                if (v.pieceWord[size_t(i)] >= 0 && v.pieceWord[size_t(j)] >= 0
                    && v.gold[size_t(v.pieceWord[size_t(i)])] == v.pieceWord[size_t(j)] + 1)
                    gold.emplace_back(i, j);
        f.setTitle(title, QStringLiteral("token attention (row attends to column); gold edges framed"));
        f.setValues(rows);
        f.setAxes(v.pieces, v.pieces, QStringLiteral("attending token"), QStringLiteral("attended token"), gold);
    } else {
        const int n = int(v.words.size());
        for (int i = 0; i < n; ++i)
            rows.emplace_back(v.attention.begin() + i * n, v.attention.begin() + (i + 1) * n);
        for (int i = 0; i < n; ++i)
            if (v.gold[size_t(i)] > 0)
                gold.emplace_back(i, v.gold[size_t(i)] - 1);
        f.setTitle(title, QStringLiteral("word attention (pieces pooled; row attends to column); gold edges framed"));
        f.setValues(rows);
        f.setAxes(v.words, v.words, QStringLiteral("dependent"), QStringLiteral("head"), gold);
    }
    return f;
}

void exportSyntaxFigures(const Project& project, const QString& dir)
{
    const SyntaxSection section = syntaxSection(project);
    const QMap<QString, QString> folders = runFolderNames(section);
    const SyntaxRun* shown = section.run(section.shown);
    const SyntaxRun* compared = section.run(section.compare);
    for (const SyntaxRun& run : section.runs) {
        const QDir out(QDir(dir).filePath(folders.value(run.id)));
        QDir().mkpath(out.path());
        const int minCount = defaultMinCount(run.scores);
        for (const QString& rel : listedRelations(run.scores, minCount)) {
            const QString direction = run.scores.relations[rel].bestDirection;
            writeFigureFormats(runHeatmap(run, rel, direction), out.filePath(QStringLiteral("heatmap-%1-%2").arg(fileSafe(rel), direction)));
        }
        writeFigureFormats(runHeatmap(run, QStringLiteral("all"), QStringLiteral("uas")), out.filePath(QStringLiteral("heatmap-tree-uas")));
        const bool isCompared = shown && compared && shown->id == run.id && sameShape(run.scores, compared->scores);
        writeFigureFormats(bestHeadChart(run, shown && compared && shown->id == run.id ? compared : nullptr, minCount),
                           out.filePath(QStringLiteral("best-head-vs-baseline")));
        if (!isCompared)
            continue;
        for (const QString& rel : listedRelations(run.scores, minCount)) {
            if (!compared->scores.relations.contains(rel))
                continue;
            const QString direction = run.scores.relations[rel].bestDirection;
            writeFigureFormats(differenceHeatmap(run, *compared, rel, direction),
                               out.filePath(QStringLiteral("delta-%1-%2").arg(fileSafe(rel), direction)));
        }
    }
}

} // namespace sonde
