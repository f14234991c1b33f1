#pragma once
// The project: the single source of truth that the GUI edits (through undo
// commands only), saves, reopens and exports. Serialised as a `.sonde` JSON file.
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

namespace sonde {

class WorkspaceRegistry;

// A model the project refers to. The weights stay where the user keeps them;
// the project stores the folder and a fingerprint to notice a changed model.
struct ModelRef {
    QString id;   // stable within the project
    QString path; // absolute folder path
    QString name;
    QString architecture;
    qint64 parameters = 0;
    QString dtype;
    quint64 weightBytes = 0;
    QMap<QString, QString> fileHashes; // weight file name -> SHA-256 hex

    bool operator==(const ModelRef& o) const;
};

// A project file holds, under "workspaces", one section per workspace, each
// with its "schema" version. Sections of registered workspaces are brought up
// to date on loading; sections this Sonde does not know, or knows only in an
// older schema (written by a newer Sonde), are kept byte for byte and written
// back untouched, so a newer file survives a round trip here.
class Project : public QObject {
    Q_OBJECT
public:
    // 2: sections carry their own schema version (1 had none).
    static constexpr int kFormatVersion = 2;
    static const QString kFormatTag; // "sonde-project": tells a project from any other JSON

    // `registry`: the workspaces whose sections this project reads and
    // migrates; Sonde's own when null. It must outlive the project.
    explicit Project(QObject* parent = nullptr, const WorkspaceRegistry* registry = nullptr);

    const WorkspaceRegistry& registry() const { return *m_registry; }
    QString name() const { return m_name; }
    const QList<ModelRef>& models() const { return m_models; }
    const ModelRef* model(const QString& id) const;
    // A section in its current schema (without the "schema" key); empty when absent.
    QJsonObject section(const QString& key) const { return m_sections.value(key); }
    // True when the file held this workspace's section in a schema newer than
    // this Sonde reads: it is kept as it was and must not be changed.
    bool isSectionNewer(const QString& key) const { return m_newer.contains(key); }
    QString notes(const QString& key) const; // the section's "notes"

    // Mutators: called by undo commands, never directly by views.
    void setName(const QString& name);
    void insertModel(int index, const ModelRef& model);
    ModelRef removeModel(const QString& id, int* indexOut = nullptr);
    void replaceModel(const ModelRef& model); // the one with the same id
    void setSection(const QString& key, const QJsonObject& section);

    QJsonObject toJson() const;
    // Throws sonde::Error naming `source` and the offending key; on error the
    // project is unchanged.
    void loadJson(const QJsonObject& json, const QString& source);

Q_SIGNALS:
    void nameChanged();
    void modelsChanged();
    void sectionChanged(const QString& key);
    // The whole project was replaced (opened, new, restored): views drop
    // choices that belonged to the one before.
    void loaded();

private:
    const WorkspaceRegistry* m_registry;
    QString m_name;
    QList<ModelRef> m_models;
    QMap<QString, QJsonObject> m_sections;  // registered ones in their current schema, without "schema"
    QMap<QString, QJsonObject> m_untouched; // unknown or newer sections, exactly as read
    QMap<QString, bool> m_newer;
};

class FingerprintCache;
class JobContext;
// A reference to a model folder: inspected (no weights are loaded) and its
// weights fingerprinted, with a fresh id. Throws sonde::Error.
ModelRef describeModel(const QString& folder, JobContext* context = nullptr, FingerprintCache* cache = nullptr);

// File I/O. Loading never writes; saving is atomic (util/AtomicFile), so a
// failed save leaves the previous file intact.
// Both return the SHA-256 of the bytes read or written (see ProjectFile.h).
QByteArray loadProjectFile(Project& project, const QString& path);
void loadProjectBytes(Project& project, const QByteArray& bytes, const QString& source);
QByteArray saveProjectFile(const Project& project, const QString& path);
QByteArray projectBytes(const Project& project);

} // namespace sonde
