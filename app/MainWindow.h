#pragma once
// The main window: four workspaces over one project, a models dock, menus,
// status bar with running jobs. Everything it changes in the project goes
// through the undo stack; long work goes through the job runner.
#include "Prompter.h"
#include "jobs/JobRunner.h"
#include "project/Project.h"
#include "project/ProjectFile.h"
#include "project/RecoveryStore.h"
#include "runtime/Runtime.h"

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

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `recoveryDir` empty: the platform's app-data folder.
    explicit MainWindow(const QString& recoveryDir = QString(), QWidget* parent = nullptr);
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
    void setCurrentWorkspace(Workspace w);
    Workspace currentWorkspace() const;
    QWidget* page(Workspace w) const;
    QWidget* currentView() const;
    // Writes every workspace view as PNG, SVG and PDF plus the project file into `dir`.
    bool batchExport(const QString& dir, QString* error);
    // Writes the autosave copy now when there are unsaved changes.
    void autosave();
    // Offers crashed sessions' recovery copies (asks the user).
    void offerRecovery();
    const ModelTableModel* modelTable() const { return m_modelTable; }
    // Who the window asks and tells: dialogs unless replaced (headless export, tests).
    void setPrompter(std::unique_ptr<Prompter> prompter) { m_prompter = std::move(prompter); }

Q_SIGNALS:
    void modelAdded(const QString& id);
    void modelChecked(const QString& id, const QString& status);

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
    void showError(const QString& title, const QString& message);
    void showAbout();

    Project* m_project;
    QUndoStack* m_undo;
    JobRunner* m_jobs;
    RecoveryStore m_recovery;
    QString m_filePath;
    QByteArray m_diskDigest;              // SHA-256 of m_filePath as last read or written here
    std::unique_ptr<ProjectLock> m_lock;  // held while there are unsaved changes to m_filePath
    bool m_forcedDirty = false; // restored from recovery: unsaved though the undo stack is clean
    std::unique_ptr<Prompter> m_prompter;

    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_stack = nullptr;
    QList<QWidget*> m_pages;
    ModelTableModel* m_modelTable = nullptr;
    QTableView* m_modelView = nullptr;
    QMenu* m_recentMenu = nullptr;
    QActionGroup* m_deviceGroup = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_memoryLabel = nullptr;
    QString m_device;
};

} // namespace sonde
