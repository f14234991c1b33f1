#include "syntax/SyntaxProject.h"

#include "Error.h"

#include <QFileInfo>
#include <QJsonArray>

namespace sonde {

namespace {
const QString kSettings = QStringLiteral("settings");
const QString kAnalyses = QStringLiteral("analyses");
const QString kLegacyAnalysis = QStringLiteral("analysis");
const QString kScores = QStringLiteral("scores");
} // namespace

AnalysisSettings AnalysisSettings::fromJson(const QJsonObject& o)
{
    return {o.value(QStringLiteral("model")).toString(), o.value(QStringLiteral("treebank")).toString(),
            o.value(QStringLiteral("maxSentences")).toInt(), o.value(QStringLiteral("keepSubtypes")).toBool()};
}

QJsonObject AnalysisSettings::toJson() const
{
    return {{QStringLiteral("model"), modelPath},
            {QStringLiteral("treebank"), treebank},
            {QStringLiteral("maxSentences"), maxSentences},
            {QStringLiteral("keepSubtypes"), keepSubtypes}};
}

TreebankOptions AnalysisSettings::treebankOptions() const
{
    TreebankOptions t;
    t.keepSubtypes = keepSubtypes;
    return t;
}

bool AnalysisSettings::operator==(const AnalysisSettings& o) const
{
    return modelPath == o.modelPath && treebank == o.treebank && maxSentences == o.maxSentences && keepSubtypes == o.keepSubtypes;
}

AnalysisSettings currentSettings(const QJsonObject& section)
{
    return AnalysisSettings::fromJson(section.value(kSettings).toObject());
}

std::vector<StoredAnalysis> storedAnalyses(const QJsonObject& section, QStringList* problems)
{
    QJsonArray entries = section.value(kAnalyses).toArray();
    if (entries.isEmpty() && section.contains(kLegacyAnalysis))
        entries.append(QJsonObject{{kSettings, section.value(kSettings)}, {kScores, section.value(kLegacyAnalysis)}});
    std::vector<StoredAnalysis> runs;
    for (int i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries[i].toObject();
        try {
            runs.push_back({AnalysisSettings::fromJson(entry.value(kSettings).toObject()), SyntaxScores::fromJson(entry.value(kScores).toObject())});
        } catch (const Error& e) {
            if (problems)
                *problems << QStringLiteral("stored analysis %1 is damaged (%2)").arg(i + 1).arg(e.message());
        }
    }
    return runs;
}

QJsonObject withAnalysis(const QJsonObject& section, const AnalysisSettings& settings, const SyntaxScores& scores, bool makeCurrent)
{
    QJsonObject out = section;
    QJsonArray kept;
    for (const StoredAnalysis& run : storedAnalyses(section))
        if (!(run.settings == settings))
            kept.append(QJsonObject{{kSettings, run.settings.toJson()}, {kScores, run.scores.toJson()}});
    kept.append(QJsonObject{{kSettings, settings.toJson()}, {kScores, scores.toJson()}});
    out.remove(kLegacyAnalysis);
    out.insert(kAnalyses, kept);
    if (makeCurrent || !out.contains(kSettings))
        out.insert(kSettings, settings.toJson());
    return out;
}

const StoredAnalysis* findAnalysis(const std::vector<StoredAnalysis>& runs, const AnalysisSettings& settings)
{
    for (const StoredAnalysis& run : runs)
        if (run.settings == settings)
            return &run;
    return nullptr;
}

const StoredAnalysis* findComparison(const std::vector<StoredAnalysis>& runs, const AnalysisSettings& shown, const QString& otherModel)
{
    AnalysisSettings other = shown;
    other.modelPath = otherModel;
    return otherModel == shown.modelPath ? nullptr : findAnalysis(runs, other);
}

std::vector<std::vector<double>> headMatrix(const SyntaxScores& scores, const QString& relation, const QString& view)
{
    if (view == QLatin1String("uas"))
        return scores.uas;
    if (view == QLatin1String("uuas"))
        return scores.uuas;
    if (!scores.relations.contains(relation))
        return {};
    const RelationScores& r = scores.relations[relation];
    return view == QLatin1String("head2dep") ? r.head2dep : r.dep2head;
}

std::vector<std::vector<double>> headDifference(const SyntaxScores& a, const SyntaxScores& b, const QString& relation,
                                                const QString& view)
{
    if (a.layers != b.layers || a.heads != b.heads)
        throw Error(QStringLiteral("%1 has %2 layers × %3 heads and %4 has %5 × %6; heads can only be compared between models of one shape")
                        .arg(QFileInfo(a.model).fileName())
                        .arg(a.layers)
                        .arg(a.heads)
                        .arg(QFileInfo(b.model).fileName())
                        .arg(b.layers)
                        .arg(b.heads));
    auto d = headMatrix(a, relation, view);
    const auto other = headMatrix(b, relation, view);
    if (d.empty() || other.empty())
        return {};
    for (size_t l = 0; l < d.size(); ++l)
        for (size_t h = 0; h < d[l].size(); ++h)
            d[l][h] -= other[l][h];
    return d;
}

} // namespace sonde
