#include "syntax/SyntaxSection.h"

#include "Error.h"
#include "project/Project.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace sonde {

namespace {

const QString kRuns = QStringLiteral("runs");
const QString kShown = QStringLiteral("shown");
const QString kCompare = QStringLiteral("compare");
const QString kNotes = QStringLiteral("notes");

QJsonObject hashesToJson(const QMap<QString, QString>& hashes)
{
    QJsonObject o;
    for (auto it = hashes.begin(); it != hashes.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QMap<QString, QString> hashesFromJson(const QJsonObject& o)
{
    QMap<QString, QString> out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

} // namespace

TreebankOptions SyntaxData::treebankOptions() const
{
    TreebankOptions t;
    t.keepSubtypes = keepSubtypes;
    return t;
}

QString SyntaxData::treebankName() const
{
    const QString base = QFileInfo(treebank).completeBaseName();
    return treebank.startsWith(QLatin1String(":/")) ? QStringLiteral("%1 (built in)").arg(base) : QFileInfo(treebank).fileName();
}

QString SyntaxData::describe() const
{
    return QStringLiteral("%1, %2, %3")
        .arg(treebankName(), maxSentences > 0 ? QStringLiteral("first %1 sentences").arg(maxSentences) : QStringLiteral("all sentences"),
             keepSubtypes ? QStringLiteral("subtypes kept") : QStringLiteral("subtypes collapsed"));
}

bool SyntaxData::operator==(const SyntaxData& o) const
{
    return treebank == o.treebank && maxSentences == o.maxSentences && keepSubtypes == o.keepSubtypes;
}

QJsonObject SyntaxRun::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("model"), modelId},
            {QStringLiteral("modelName"), modelName},
            {QStringLiteral("weights"), hashesToJson(weights)},
            {QStringLiteral("treebank"), data.treebank},
            {QStringLiteral("maxSentences"), data.maxSentences},
            {QStringLiteral("keepSubtypes"), data.keepSubtypes},
            {QStringLiteral("scoredAt"), scoredAt.isValid() ? scoredAt.toUTC().toString(Qt::ISODate) : QString()},
            {QStringLiteral("scores"), scores.toJson()}};
}

SyntaxRun SyntaxRun::fromJson(const QJsonObject& json)
{
    SyntaxRun r;
    r.id = json.value(QStringLiteral("id")).toString();
    if (r.id.isEmpty())
        throw Error(QStringLiteral("a run without an id"));
    r.modelId = json.value(QStringLiteral("model")).toString();
    r.modelName = json.value(QStringLiteral("modelName")).toString();
    r.weights = hashesFromJson(json.value(QStringLiteral("weights")).toObject());
    r.data.treebank = json.value(QStringLiteral("treebank")).toString();
    r.data.maxSentences = json.value(QStringLiteral("maxSentences")).toInt();
    r.data.keepSubtypes = json.value(QStringLiteral("keepSubtypes")).toBool();
    r.scoredAt = QDateTime::fromString(json.value(QStringLiteral("scoredAt")).toString(), Qt::ISODate);
    r.scores = SyntaxScores::fromJson(json.value(QStringLiteral("scores")).toObject());
    return r;
}

bool SyntaxRun::sameInputs(const SyntaxRun& o) const
{
    return modelId == o.modelId && weights == o.weights && data == o.data && (!modelId.isEmpty() || modelName == o.modelName);
}

SyntaxSection SyntaxSection::fromJson(const QJsonObject& section)
{
    SyntaxSection s;
    s.notes = section.value(kNotes).toString();
    s.shown = section.value(kShown).toString();
    s.compare = section.value(kCompare).toString();
    const QJsonArray runs = section.value(kRuns).toArray();
    for (int i = 0; i < runs.size(); ++i) {
        try {
            SyntaxRun run = SyntaxRun::fromJson(runs[i].toObject());
            if (s.run(run.id))
                throw Error(QStringLiteral("its id \"%1\" is used twice").arg(run.id));
            s.runs.push_back(std::move(run));
        } catch (const Error& e) {
            s.damaged << runs[i].toObject();
            s.problems << QStringLiteral("stored run %1 is damaged (%2)").arg(i + 1).arg(e.message());
        }
    }
    return s;
}

QJsonObject SyntaxSection::toJson() const
{
    QJsonArray list;
    for (const SyntaxRun& r : runs)
        list.append(r.toJson());
    for (const QJsonObject& d : damaged)
        list.append(d);
    return {{kNotes, notes}, {kRuns, list}, {kShown, shown}, {kCompare, compare}};
}

const SyntaxRun* SyntaxSection::run(const QString& id) const
{
    for (const SyntaxRun& r : runs)
        if (r.id == id)
            return &r;
    return nullptr;
}

const SyntaxRun* SyntaxSection::latest(const QString& modelId, const SyntaxData& data) const
{
    for (auto it = runs.rbegin(); it != runs.rend(); ++it)
        if (it->modelId == modelId && it->data == data)
            return &*it;
    return nullptr;
}

SyntaxSection SyntaxSection::withRun(const SyntaxRun& run, bool makeShown) const
{
    SyntaxSection out = *this;
    out.runs.clear();
    for (const SyntaxRun& r : runs) {
        if (!r.sameInputs(run)) {
            out.runs.push_back(r);
            continue;
        }
        if (out.shown == r.id)
            out.shown = run.id;
        if (out.compare == r.id)
            out.compare = run.id;
    }
    out.runs.push_back(run);
    if (makeShown || !out.run(out.shown))
        out.shown = run.id;
    return out;
}

SyntaxSection SyntaxSection::withoutRun(const QString& id) const
{
    SyntaxSection out = *this;
    out.runs.erase(std::remove_if(out.runs.begin(), out.runs.end(), [&](const SyntaxRun& r) { return r.id == id; }), out.runs.end());
    if (out.compare == id)
        out.compare.clear();
    if (out.shown == id)
        out.shown = out.runs.empty() ? QString() : out.runs.back().id;
    return out;
}

QJsonObject migrateSyntaxSection(const QJsonObject& v1, int from, const QList<ModelRef>& models)
{
    if (from != 1)
        throw Error(QStringLiteral("no migration from schema %1").arg(from));
    const auto modelAt = [&](const QString& path) -> const ModelRef* {
        for (const ModelRef& m : models)
            if (QFileInfo(m.path).absoluteFilePath() == QFileInfo(path).absoluteFilePath())
                return &m;
        return nullptr;
    };
    // Schema 1: {"settings": {model, treebank, maxSentences, keepSubtypes}, "analyses": [{settings, scores}],
    // "compare": model folder}; older still, one run as "analysis" beside "settings".
    QJsonArray entries = v1.value(QStringLiteral("analyses")).toArray();
    if (entries.isEmpty() && v1.contains(QStringLiteral("analysis")))
        entries.append(QJsonObject{{QStringLiteral("settings"), v1.value(QStringLiteral("settings"))},
                                   {QStringLiteral("scores"), v1.value(QStringLiteral("analysis"))}});
    const QJsonObject shownSettings = v1.value(QStringLiteral("settings")).toObject();
    const QString comparedModel = v1.value(kCompare).toString();
    QJsonArray runs;
    QString shown, compare;
    for (int i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries[i].toObject();
        const QJsonObject settings = entry.value(QStringLiteral("settings")).toObject();
        const QString path = settings.value(QStringLiteral("model")).toString();
        const ModelRef* model = modelAt(path);
        const QString id = QStringLiteral("run-%1").arg(i + 1);
        runs.append(QJsonObject{{QStringLiteral("id"), id},
                                {QStringLiteral("model"), model ? model->id : QString()},
                                {QStringLiteral("modelName"), model ? model->name : QFileInfo(path).fileName()},
                                {QStringLiteral("weights"), model ? hashesToJson(model->fileHashes) : QJsonObject()},
                                {QStringLiteral("treebank"), settings.value(QStringLiteral("treebank"))},
                                {QStringLiteral("maxSentences"), settings.value(QStringLiteral("maxSentences"))},
                                {QStringLiteral("keepSubtypes"), settings.value(QStringLiteral("keepSubtypes"))},
                                {QStringLiteral("scoredAt"), QString()},
                                {QStringLiteral("scores"), entry.value(QStringLiteral("scores"))}});
        if (settings == shownSettings)
            shown = id;
    }
    // The comparison was by model folder, on the shown run's data.
    for (int i = 0; i < entries.size(); ++i) {
        QJsonObject settings = entries[i].toObject().value(QStringLiteral("settings")).toObject();
        const QString path = settings.value(QStringLiteral("model")).toString();
        settings.insert(QStringLiteral("model"), shownSettings.value(QStringLiteral("model")));
        if (!comparedModel.isEmpty() && path == comparedModel && settings == shownSettings)
            compare = QStringLiteral("run-%1").arg(i + 1);
    }
    return {{kNotes, v1.value(kNotes)}, {kRuns, runs}, {kShown, shown}, {kCompare, compare}};
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

bool sameShape(const SyntaxScores& a, const SyntaxScores& b)
{
    return a.layers == b.layers && a.heads == b.heads;
}

std::vector<std::vector<double>> headDifference(const SyntaxScores& a, const SyntaxScores& b, const QString& relation,
                                                const QString& view)
{
    if (!sameShape(a, b))
        return {};
    auto d = headMatrix(a, relation, view);
    const auto other = headMatrix(b, relation, view);
    if (d.empty() || other.empty())
        return {};
    for (size_t l = 0; l < d.size(); ++l)
        for (size_t h = 0; h < d[l].size(); ++h)
            d[l][h] -= other[l][h];
    return d;
}

QString newRunId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QMap<QString, QString> runFolderNames(const SyntaxSection& section)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QMap<QString, QString> names;
    QMap<QString, int> used;
    for (const SyntaxRun& r : section.runs) {
        QString name = QStringLiteral("%1__%2").arg(r.modelName, QFileInfo(r.data.treebank).completeBaseName());
        if (r.data.maxSentences > 0)
            name += QStringLiteral("__max%1").arg(r.data.maxSentences);
        if (r.data.keepSubtypes)
            name += QStringLiteral("__subtypes");
        name.replace(unsafe, QStringLiteral("_"));
        const int n = ++used[name];
        names.insert(r.id, n == 1 ? name : QStringLiteral("%1-%2").arg(name).arg(n));
    }
    return names;
}

} // namespace sonde
