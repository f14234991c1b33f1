#pragma once
// The project: the single source of truth that the GUI edits (through undo
// commands only), saves, reopens and exports. Serialised as a `.sonde` JSON file.
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

namespace sonde {

enum class Workspace { Attention, Latent, Chat, Editor };
constexpr Workspace kAllWorkspaces[] = {Workspace::Attention, Workspace::Latent, Workspace::Chat, Workspace::Editor};
QString workspaceKey(Workspace w);   // JSON section name
QString workspaceTitle(Workspace w); // shown to users

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

class Project : public QObject {
    Q_OBJECT
public:
    static constexpr int kFormatVersion = 1;
    static const QString kFormatTag; // "sonde-project": tells a project from any other JSON

    explicit Project(QObject* parent = nullptr);

    QString name() const { return m_name; }
    const QList<ModelRef>& models() const { return m_models; }
    const ModelRef* model(const QString& id) const;
    QJsonObject workspace(Workspace w) const { return m_workspaces.value(workspaceKey(w)); }
    QString notes(Workspace w) const;

    // Mutators: called by undo commands, never directly by views.
    void setName(const QString& name);
    void insertModel(int index, const ModelRef& model);
    ModelRef removeModel(const QString& id, int* indexOut = nullptr);
    void replaceModel(const ModelRef& model); // the one with the same id
    void setWorkspace(Workspace w, const QJsonObject& section);
    void setNotes(Workspace w, const QString& notes);

    QJsonObject toJson() const;
    // Throws sonde::Error naming `source` and the offending key.
    void loadJson(const QJsonObject& json, const QString& source);

Q_SIGNALS:
    void nameChanged();
    void modelsChanged();
    void workspaceChanged(sonde::Workspace w);

private:
    QString m_name;
    QList<ModelRef> m_models;
    QMap<QString, QJsonObject> m_workspaces;
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
