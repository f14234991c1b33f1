#pragma once
// The main window: the registered workspaces over one project, a models dock,
// menus, status bar with running jobs and held models. It loops over the
// workspace registries and never names a workspace. Everything it changes in
// the project goes through the undo stack; long work goes through the job runner.
#include "Prompter.h"
#include "jobs/JobRunner.h"
#include "model/ModelStore.h"
#include "project/Project.h"
#include "project/ProjectFile.h"
#include "project/RecoveryStore.h"
#include "runtime/Runtime.h"
#include "workspace/Engines.h"
#include "workspace/WorkspaceContext.h"

#include <QMainWindow>
#include <memory>

class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;
class QTableView;
class QUndoStack;

namespace sonde {

class ModelTableModel;
class ViewRegistry;
class WorkspacePage;
class WorkspaceRegistry;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `recoveryDir` empty: the platform's app-data folder. The registries
    // default to Sonde's own workspaces; they must outlive the window.
    explicit MainWindow(const QString& recoveryDir = QString(), const WorkspaceRegistry* workspaces = nullptr,
                        const ViewRegistry* views = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    Project* project() const { return m_project; }
    QUndoStack* undoStack() const { return m_undo; }
    JobRunner* jobs() const { return m_jobs; }
    QString filePath() const { return m_filePath; }
    bool isDirty() const;

    // Operations without dialogs (menus wrap them; tests call them). They
    // return false and set `error` instead of throwing.
    bool openProject(const QString& path, QString* error);
    bool saveProjectTo(const QString& path, QString* error);
    void openDemoProject();
    void newProject();
    void addModelFolder(const QString& folder);
    void removeModel(const QString& id);
    void setCurrentWorkspace(const QString& key);
    QString currentWorkspace() const;
    WorkspacePage* page(const QString& key) const;
    // The project, each workspace's data and its figures into `dir` (ProjectExport).
    bool batchExport(const QString& dir, QString* error);
    // The figure of the current view (File ▸ Export…) into `path`.
    bool exportCurrentFigure(const QString& path, QString* error);
    // Writes the autosave copy now when there are unsaved changes.
    void autosave();
    // Offers crashed sessions' recovery copies (asks the user).
    void offerRecovery();
    const ModelTableModel* modelTable() const { return m_modelTable; }
    ModelStore& models() { return m_models; }
    // Who the window asks and tells: dialogs unless replaced (headless export, tests).
    void setPrompter(std::unique_ptr<Prompter> prompter) { m_prompter = std::move(prompter); }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildCentral();
    void buildDock();
    void buildMenus();
    void buildStatusBar();
    void updateTitle();
    void replaceProject(const Project& source, const QString& path, bool dirty);
    void verifyModels();
    void setFilePath(const QString& path, const QByteArray& diskDigest);
    void updateProjectLock();
    bool maybeSave();
    bool save();
    bool confirmOverwriteOnDisk(bool* reloaded);
    bool saveAs();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void setDevicePreference(DevicePreference p);
    void rebuildWorkspaceMenu();
    void updateModelsLabel();
    void showError(const QString& title, const QString& message);
    void showAbout();

    const WorkspaceRegistry* m_workspaces;
    const ViewRegistry* m_views;
    Project* m_project;
    QUndoStack* m_undo;
    JobRunner* m_jobs;
    ModelStore m_models;
    Engines m_engines;
    WorkspaceContext m_context;
    RecoveryStore m_recovery;
    QString m_filePath;
    QByteArray m_diskDigest;              // SHA-256 of m_filePath as last read or written here
    std::unique_ptr<ProjectLock> m_lock;  // held while there are unsaved changes to m_filePath
    bool m_forcedDirty = false; // restored from recovery: unsaved though the undo stack is clean
    std::unique_ptr<Prompter> m_prompter;

    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_stack = nullptr;
    QList<WorkspacePage*> m_pages;
    QMenu* m_workspaceMenu = nullptr;
    ModelTableModel* m_modelTable = nullptr;
    QTableView* m_modelView = nullptr;
    QMenu* m_recentMenu = nullptr;
    QActionGroup* m_deviceGroup = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_memoryLabel = nullptr;
    QLabel* m_modelsLabel = nullptr;
    QString m_device;
};

} // namespace sonde
