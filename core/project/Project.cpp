#include "project/Project.h"

#include "Error.h"
#include "io/ModelFolder.h"
#include "util/JsonFile.h"
#include "util/RegularFile.h"
#include "workspace/WorkspaceRegistry.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <cmath>

namespace sonde {

const QString Project::kFormatTag = QStringLiteral("sonde-project");

bool ModelRef::operator==(const ModelRef& o) const
{
    return id == o.id && path == o.path && name == o.name && architecture == o.architecture && parameters == o.parameters
        && dtype == o.dtype && weightBytes == o.weightBytes && fileHashes == o.fileHashes;
}

Project::Project(QObject* parent, const WorkspaceRegistry* registry)
    : QObject(parent), m_registry(registry ? registry : &WorkspaceRegistry::builtin()), m_name(QStringLiteral("Untitled"))
{
}

const ModelRef* Project::model(const QString& id) const
{
    for (const ModelRef& m : m_models)
        if (m.id == id)
            return &m;
    return nullptr;
}

QString Project::notes(const QString& key) const
{
    return section(key).value(QStringLiteral("notes")).toString();
}

void Project::setName(const QString& name)
{
    if (name == m_name)
        return;
    m_name = name;
    Q_EMIT nameChanged();
}

void Project::insertModel(int index, const ModelRef& model)
{
    m_models.insert(qBound(0, index, int(m_models.size())), model);
    Q_EMIT modelsChanged();
}

ModelRef Project::removeModel(const QString& id, int* indexOut)
{
    for (int i = 0; i < m_models.size(); ++i)
        if (m_models[i].id == id) {
            if (indexOut)
                *indexOut = i;
            ModelRef removed = m_models.takeAt(i);
            Q_EMIT modelsChanged();
            return removed;
        }
    throw Error(QStringLiteral("no model with id %1 in the project").arg(id));
}

void Project::replaceModel(const ModelRef& model)
{
    for (ModelRef& m : m_models)
        if (m.id == model.id) {
            if (m == model)
                return;
            m = model;
            Q_EMIT modelsChanged();
            return;
        }
    throw Error(QStringLiteral("no model with id %1 in the project").arg(model.id));
}

void Project::setSection(const QString& key, const QJsonObject& section)
{
    if (!m_registry->find(key) || m_newer.contains(key))
        throw Error(QStringLiteral("the project cannot change section \"%1\": %2")
                        .arg(key, m_newer.contains(key) ? QStringLiteral("a newer Sonde wrote it") : QStringLiteral("no such workspace")));
    if (m_sections.value(key) == section && m_sections.contains(key))
        return;
    m_sections.insert(key, section);
    Q_EMIT sectionChanged(key);
}

namespace {

QJsonObject modelToJson(const ModelRef& m)
{
    QJsonObject hashes;
    for (auto it = m.fileHashes.begin(); it != m.fileHashes.end(); ++it)
        hashes.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("id"), m.id},
        {QStringLiteral("path"), m.path},
        {QStringLiteral("name"), m.name},
        {QStringLiteral("architecture"), m.architecture},
        {QStringLiteral("parameters"), double(m.parameters)},
        {QStringLiteral("dtype"), m.dtype},
        {QStringLiteral("weightBytes"), double(m.weightBytes)},
        {QStringLiteral("sha256"), hashes},
    };
}

QString requireString(const QJsonObject& o, const char* key, const QString& where)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isString() || v.toString().isEmpty())
        throw Error(QStringLiteral("%1: \"%2\" must be a non-empty string").arg(where, QLatin1String(key)));
    return v.toString();
}

// A count stored as a JSON number: exact only as a whole number up to 2^53, so
// anything else is refused rather than saved back as something different.
qint64 requireCount(const QJsonObject& o, const char* key, const QString& where)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return 0;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > 9007199254740992.0 || std::floor(d) != d)
        throw Error(QStringLiteral("%1: \"%2\" must be a whole number from 0 to 2^53, not %3")
                        .arg(where, QLatin1String(key), v.isDouble() ? QString::number(d, 'g', 17) : QStringLiteral("this value")));
    return qint64(d);
}

ModelRef modelFromJson(const QJsonValue& value, const QString& where)
{
    if (!value.isObject())
        throw Error(QStringLiteral("%1: not an object").arg(where));
    const QJsonObject o = value.toObject();
    ModelRef m;
    m.id = requireString(o, "id", where);
    m.path = requireString(o, "path", where);
    m.name = o.value(QStringLiteral("name")).toString();
    m.architecture = o.value(QStringLiteral("architecture")).toString();
    m.parameters = requireCount(o, "parameters", where);
    m.dtype = o.value(QStringLiteral("dtype")).toString();
    m.weightBytes = quint64(requireCount(o, "weightBytes", where));
    const QJsonValue hashes = o.value(QStringLiteral("sha256"));
    if (!hashes.isUndefined() && !hashes.isObject())
        throw Error(QStringLiteral("%1: \"sha256\" must be an object of file name to hash").arg(where));
    const QJsonObject h = hashes.toObject();
    for (auto it = h.begin(); it != h.end(); ++it) {
        if (!it.value().isString())
            throw Error(QStringLiteral("%1: \"sha256\" of \"%2\" must be a string").arg(where, it.key()));
        m.fileHashes.insert(it.key(), it.value().toString());
    }
    return m;
}

// Turns a byte offset into "line L, column C" so a hand-edited file's error can be found.
QString lineColumn(const QByteArray& bytes, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

} // namespace

QJsonObject Project::toJson() const
{
    QJsonArray models;
    for (const ModelRef& m : m_models)
        models.append(modelToJson(m));
    QJsonObject workspaces;
    for (auto it = m_untouched.begin(); it != m_untouched.end(); ++it)
        workspaces.insert(it.key(), it.value());
    for (const WorkspaceInfo& w : m_registry->all()) {
        if (m_untouched.contains(w.key))
            continue;
        QJsonObject section = m_sections.value(w.key);
        section.insert(QStringLiteral("schema"), w.schemaVersion);
        workspaces.insert(w.key, section);
    }
    return QJsonObject{
        {QStringLiteral("format"), kFormatTag},
        {QStringLiteral("formatVersion"), kFormatVersion},
        {QStringLiteral("name"), m_name},
        {QStringLiteral("models"), models},
        {QStringLiteral("workspaces"), workspaces},
    };
}

void Project::loadJson(const QJsonObject& json, const QString& source)
{
    if (json.value(QStringLiteral("format")).toString() != kFormatTag)
        throw Error(QStringLiteral("%1: not a Sonde project (no \"format\": \"%2\")").arg(source, kFormatTag));
    const QJsonValue version = json.value(QStringLiteral("formatVersion"));
    if (!version.isDouble() || version.toDouble() != double(version.toInt()) || version.toInt() < 1)
        throw Error(QStringLiteral("%1: \"formatVersion\" must be a positive integer").arg(source));
    if (version.toInt() > kFormatVersion)
        throw Error(QStringLiteral("%1: written by a newer Sonde (project format %2; this version reads up to %3). "
                                   "Update Sonde to open it.")
                        .arg(source)
                        .arg(version.toInt())
                        .arg(kFormatVersion));

    // Parse everything into locals first: a bad file must not leave a half-loaded project.
    const QString name = json.value(QStringLiteral("name")).toString(QStringLiteral("Untitled"));
    const QJsonValue modelsValue = json.value(QStringLiteral("models"));
    if (!modelsValue.isUndefined() && !modelsValue.isArray())
        throw Error(QStringLiteral("%1: \"models\" must be an array").arg(source));
    QList<ModelRef> models;
    const QJsonArray modelArray = modelsValue.toArray();
    for (int i = 0; i < modelArray.size(); ++i) {
        ModelRef m = modelFromJson(modelArray[i], QStringLiteral("%1: models[%2]").arg(source).arg(i));
        for (const ModelRef& seen : models)
            if (seen.id == m.id)
                throw Error(QStringLiteral("%1: models[%2]: duplicate id \"%3\"").arg(source).arg(i).arg(m.id));
        models << m;
    }
    const QJsonValue workspacesValue = json.value(QStringLiteral("workspaces"));
    if (!workspacesValue.isUndefined() && !workspacesValue.isObject())
        throw Error(QStringLiteral("%1: \"workspaces\" must be an object").arg(source));
    QMap<QString, QJsonObject> sections, untouched;
    QMap<QString, bool> newer;
    const QJsonObject ws = workspacesValue.toObject();
    for (auto it = ws.begin(); it != ws.end(); ++it) {
        const QString where = QStringLiteral("%1: workspaces.%2").arg(source, it.key());
        if (!it.value().isObject())
            throw Error(QStringLiteral("%1 must be an object").arg(where));
        QJsonObject section = it.value().toObject();
        const WorkspaceInfo* info = m_registry->find(it.key());
        if (!info) { // a workspace of a newer (or other) Sonde: kept as it is
            untouched.insert(it.key(), section);
            continue;
        }
        // Format 1 had no schema numbers: its sections are schema 1.
        const QJsonValue schemaValue = section.take(QStringLiteral("schema"));
        const int schema = schemaValue.isUndefined() ? 1 : schemaValue.toInt(0);
        if (schema < 1 || schemaValue.toDouble(schema) != double(schema))
            throw Error(QStringLiteral("%1: \"schema\" must be a positive integer").arg(where));
        if (schema > info->schemaVersion) {
            untouched.insert(it.key(), it.value().toObject());
            newer.insert(it.key(), true);
            continue;
        }
        if (schema < info->schemaVersion) {
            if (!info->migrate)
                throw Error(QStringLiteral("%1: schema %2 cannot be read (this Sonde reads %3)").arg(where).arg(schema).arg(info->schemaVersion));
            try {
                section = info->migrate(section, schema, models);
            } catch (const Error& e) {
                throw Error(QStringLiteral("%1: %2").arg(where, e.message()));
            }
        }
        sections.insert(it.key(), section);
    }

    setName(name);
    m_models = models;
    Q_EMIT modelsChanged();
    const QStringList before = m_sections.keys() + m_untouched.keys();
    m_sections = sections;
    m_untouched = untouched;
    m_newer = newer;
    QStringList keys = before;
    for (const WorkspaceInfo& w : m_registry->all())
        keys << w.key;
    keys.removeDuplicates();
    Q_EMIT loaded();
    for (const QString& key : keys)
        Q_EMIT sectionChanged(key);
}

void loadProjectBytes(Project& project, const QByteArray& bytes, const QString& source)
{
    if (bytes.trimmed().isEmpty())
        throw Error(QStringLiteral("%1: the file is empty").arg(source));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(QStringLiteral("%1: damaged or truncated project file (%2 at %3)")
                        .arg(source, error.errorString(), lineColumn(bytes, error.offset)));
    if (!doc.isObject())
        throw Error(QStringLiteral("%1: not a Sonde project (the top level is not a JSON object)").arg(source));
    project.loadJson(doc.object(), source);
}

QByteArray loadProjectFile(Project& project, const QString& path)
{
    const QByteArray bytes = readRegularFile(path);
    loadProjectBytes(project, bytes, path);
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

QByteArray projectBytes(const Project& project)
{
    return QJsonDocument(project.toJson()).toJson(QJsonDocument::Indented);
}

QByteArray saveProjectFile(const Project& project, const QString& path)
{
    const QByteArray bytes = projectBytes(project);
    writeFileAtomically(path, bytes);
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

ModelRef describeModel(const QString& folder, JobContext* context, FingerprintCache* cache)
{
    const ModelInfo info = inspectModelFolder(folder);
    ModelRef ref;
    ref.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    ref.path = info.path;
    ref.name = info.name;
    ref.architecture = info.architectures.isEmpty() ? info.modelType : info.architectures.front();
    ref.parameters = info.parameters;
    ref.dtype = info.dominantDType();
    ref.weightBytes = info.weightBytes;
    ref.fileHashes = fingerprintWeights(info.path, context, cache);
    return ref;
}

} // namespace sonde
