#include "MainWindow.h"

#include "DemoProject.h"
#include "Error.h"
#include "JobsIndicator.h"
#include "ModelTableModel.h"
#include "Version.h"
#include "figures/Figure.h"
#include "util/DataPaths.h"
#include "io/FingerprintCache.h"
#include "io/HfCache.h"
#include "io/ModelFolder.h"
#include "project/ModelCheck.h"
#include "project/commands/AddModelCommand.h"
#include "project/commands/RemoveModelCommand.h"
#include "project/commands/RenameProjectCommand.h"
#include "tokenizer/Tokenizer.h"
#include "util/Format.h"
#include "workspace/ProjectExport.h"
#include "workspace/ViewRegistry.h"
#include "workspace/WorkspacePage.h"
#include "workspace/WorkspaceRegistry.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QUndoStack>

// The resources live in a static library: without an explicit init the linker
// may drop them. Must be called outside any namespace.
static void initSondeResources()
{
    Q_INIT_RESOURCE(sonde);
}

namespace sonde {

namespace {

constexpr int kMaxRecentFiles = 10;
constexpr int kAutosaveIntervalMs = 30'000;
const QString kProjectFilter = QStringLiteral("Sonde projects (*.sonde)");

QString defaultRecoveryDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("recovery"));
}

} // namespace

MainWindow::MainWindow(const QString& recoveryDir, const WorkspaceRegistry* workspaces, const ViewRegistry* views, QWidget* parent)
    : QMainWindow(parent), m_workspaces(workspaces ? workspaces : &WorkspaceRegistry::builtin()),
      m_views(views ? views : &ViewRegistry::builtin()), m_project(new Project(this, m_workspaces)), m_undo(new QUndoStack(this)),
      m_jobs(new JobRunner(this)), m_models(0, &FingerprintCache::shared()),
      m_recovery(recoveryDir.isEmpty() ? defaultRecoveryDir() : recoveryDir), m_prompter(std::make_unique<DialogPrompter>(this))
{
    registerModelEngines(m_engines, m_models);
    m_context.project = m_project;
    m_context.undo = m_undo;
    m_context.jobs = m_jobs;
    m_context.engines = &m_engines;
    m_context.fingerprints = &FingerprintCache::shared();
    m_context.device = [this] { return m_device; };
    m_context.status = [this](const QString& message) { statusBar()->showMessage(message, 8000); };
    initSondeResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/sonde.svg")));
    resize(1200, 780);
    buildCentral();
    buildDock();
    buildMenus();
    buildStatusBar();

    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateProjectLock);
    connect(m_project, &Project::nameChanged, this, &MainWindow::updateTitle);
    updateTitle();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    setComputeThreads(settings.value(QStringLiteral("compute/threads"), 0).toInt()); // 0: one per core
    setDevicePreference(DevicePreference(settings.value(QStringLiteral("compute/device"), 0).toInt()));

    m_recovery.begin();
    auto* autosaveTimer = new QTimer(this);
    connect(autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    autosaveTimer->start(kAutosaveIntervalMs);
}

MainWindow::~MainWindow()
{
    m_jobs->cancelAll();
    // The undo stack outlives this window's members (it is a child QObject) and
    // signals while it is destroyed; nothing here may react to that.
    disconnect(m_undo, nullptr, this, nullptr);
}

void MainWindow::buildCentral()
{
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_sidebar = new QListWidget(central);
    m_sidebar->setObjectName(QStringLiteral("workspaceBar"));
    m_sidebar->setFixedWidth(184);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setTextElideMode(Qt::ElideRight);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setStyleSheet(QStringLiteral("QListWidget { background: #263238; color: #eceff1; font-size: 11pt; outline: 0; }"
                                            "QListWidget::item { padding: 14px 14px; border-left: 4px solid transparent; }"
                                            "QListWidget::item:selected { background: #37474f; border-left: 4px solid #4fc3f7; }"));
    m_stack = new QStackedWidget(central);
    for (const WorkspaceInfo& w : m_workspaces->all()) {
        const WorkspaceView* view = m_views->find(w.key);
        if (!view || !view->createPage)
            continue; // a workspace core knows but no page shows (a headless build's)
        m_sidebar->addItem(w.title);
        WorkspacePage* page = view->createPage(m_context, m_stack);
        m_pages << page;
        m_stack->addWidget(page);
    }
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::rebuildWorkspaceMenu);
    m_sidebar->setCurrentRow(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

void MainWindow::buildDock()
{
    auto* dock = new QDockWidget(QStringLiteral("Models"), this);
    dock->setObjectName(QStringLiteral("modelsDock"));
    m_modelTable = new ModelTableModel(m_project, this);
    m_modelView = new QTableView(dock);
    m_modelView->setObjectName(QStringLiteral("modelsView"));
    m_modelView->setModel(m_modelTable);
    m_modelView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_modelView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_modelView->verticalHeader()->hide();
    m_modelView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_modelView->horizontalHeader()->setStretchLastSection(true);
    m_modelView->setContextMenuPolicy(Qt::ActionsContextMenu);
    dock->setWidget(m_modelView);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {120}, Qt::Vertical);
}

void MainWindow::buildMenus()
{
    // File
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&New Project"), QKeySequence::New, this, [this] {
        if (maybeSave())
            newProject();
    });
    file->addAction(QStringLiteral("&Open…"), QKeySequence::Open, this, [this] {
        if (!maybeSave())
            return;
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open Project"), QString(), kProjectFilter);
        QString error;
        if (!path.isEmpty() && !openProject(path, &error))
            showError(QStringLiteral("Cannot open project"), error);
    });
    m_recentMenu = file->addMenu(QStringLiteral("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addAction(QStringLiteral("Open &Demo Project"), this, [this] {
        if (maybeSave())
            openDemoProject();
    });
    file->addSeparator();
    file->addAction(QStringLiteral("&Save"), QKeySequence::Save, this, [this] { save(); })->setObjectName(QStringLiteral("saveAction"));
    file->addAction(QStringLiteral("Save &As…"), QKeySequence::SaveAs, this, [this] { saveAs(); });
    file->addSeparator();
    file->addAction(QStringLiteral("&Export Figure…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        QString why;
        WorkspacePage* shown = page(currentWorkspace());
        if (!shown || !shown->currentFigure(&why)) {
            showError(QStringLiteral("Nothing to export"), why);
            return;
        }
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Figure"), currentWorkspace() + QStringLiteral(".svg"),
                                                          QStringLiteral("SVG drawing (*.svg);;PDF document (*.pdf);;PNG image (*.png)"));
        QString error;
        if (path.isEmpty())
            return;
        if (exportCurrentFigure(path, &error))
            statusBar()->showMessage(QStringLiteral("Exported %1").arg(path), 5000);
        else
            showError(QStringLiteral("Export failed"), error);
    });
    file->addAction(QStringLiteral("&Batch Export…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Batch Export Into Folder"));
        QString error;
        if (dir.isEmpty())
            return;
        if (batchExport(dir, &error))
            statusBar()->showMessage(QStringLiteral("Exported all views to %1").arg(dir), 5000);
        else
            showError(QStringLiteral("Batch export failed"), error);
    });
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Edit
    QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, QStringLiteral("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undoAction"));
    QAction* redo = m_undo->createRedoAction(this, QStringLiteral("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setObjectName(QStringLiteral("redoAction"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(QStringLiteral("Re&name Project…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, QStringLiteral("Rename Project"), QStringLiteral("Name:"),
                                                   QLineEdit::Normal, m_project->name(), &ok);
        if (ok && !name.trimmed().isEmpty() && name != m_project->name())
            m_undo->push(new RenameProjectCommand(m_project, name.trimmed()));
    });

    // Model
    QMenu* model = menuBar()->addMenu(QStringLiteral("&Model"));
    model->addAction(QStringLiteral("&Open Model Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Open Hugging Face Model Folder"));
        if (!dir.isEmpty())
            addModelFolder(dir);
    });
    // Models already downloaded with Hugging Face tools, listed afresh each time the menu opens.
    QMenu* cache = model->addMenu(QStringLiteral("From Hugging Face &Cache"));
    cache->setObjectName(QStringLiteral("hfCacheMenu"));
    connect(cache, &QMenu::aboutToShow, this, [this, cache] {
        cache->clear();
        const QList<CachedModel> models = listHfCache();
        for (const CachedModel& m : models) {
            QAction* a = cache->addAction(QStringLiteral("%1 (%2)").arg(m.repo, m.revision.left(8)), this,
                                          [this, path = m.path] { addModelFolder(path); });
            a->setToolTip(m.path);
        }
        if (models.isEmpty())
            cache->addAction(QStringLiteral("(no models in %1)").arg(defaultHfHubCache()))->setEnabled(false);
    });
    QAction* remove = model->addAction(QStringLiteral("&Remove Selected Model"), this, [this] {
        const QModelIndexList rows = m_modelView->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            removeModel(m_modelTable->modelId(rows.front().row()));
    });
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_modelView->addAction(remove);
    model->addSeparator();
    QMenu* device = model->addMenu(QStringLiteral("&Device"));
    m_deviceGroup = new QActionGroup(this);
    const bool cuda = runtimeInfo().cudaAvailable;
    for (DevicePreference p : {DevicePreference::Auto, DevicePreference::Cpu, DevicePreference::Cuda}) {
        static const char* labels[] = {"&Auto", "&CPU", "CU&DA"};
        QAction* a = device->addAction(QString::fromLatin1(labels[int(p)]));
        a->setCheckable(true);
        a->setData(int(p));
        a->setEnabled(p != DevicePreference::Cuda || cuda);
        if (p == DevicePreference::Cuda && !cuda)
            a->setToolTip(QStringLiteral("No CUDA device in this LibTorch build or machine"));
        m_deviceGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, p] { setDevicePreference(p); });
    }
    model->addAction(QStringLiteral("&Threads…"), this, [this] {
        bool ok = false;
        const int n = QInputDialog::getInt(this, QStringLiteral("Compute Threads"),
                                           QStringLiteral("Threads for inference (this machine has %1 cores):")
                                               .arg(QThread::idealThreadCount()),
                                           computeThreads(), 1, 4 * QThread::idealThreadCount(), 1, &ok);
        if (!ok)
            return;
        setComputeThreads(n);
        QSettings().setValue(QStringLiteral("compute/threads"), n);
        statusBar()->showMessage(QStringLiteral("Using %1 compute threads").arg(n), 3000);
    });

    // View: one entry per workspace page, in the registry's order.
    QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
    for (int i = 0; i < m_pages.size(); ++i) {
        const QString key = m_pages[i]->key();
        QString title = m_workspaces->find(key)->title;
        title.replace(QLatin1Char('&'), QStringLiteral("&&")); // "Attention & Syntax", not a mnemonic
        QAction* a = view->addAction(title, this, [this, key] { setCurrentWorkspace(key); });
        if (i < 9)
            a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
    }
    view->addSeparator();
    QDockWidget* dock = findChild<QDockWidget*>(QStringLiteral("modelsDock"));
    QAction* toggleDock = dock->toggleViewAction();
    toggleDock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    view->addAction(toggleDock);
    QAction* fullScreen = view->addAction(QStringLiteral("&Full Screen"), QKeySequence::FullScreen, this, [this](bool on) {
        on ? showFullScreen() : showNormal();
    });
    fullScreen->setCheckable(true);

    // Workspace: the commands of the page shown.
    m_workspaceMenu = menuBar()->addMenu(QStringLiteral("&Workspace"));
    m_workspaceMenu->setObjectName(QStringLiteral("workspaceMenu"));
    rebuildWorkspaceMenu();

    // Help
    QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About Sonde"), QKeySequence::HelpContents, this, &MainWindow::showAbout);
    help->addAction(QStringLiteral("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::buildStatusBar()
{
    m_deviceLabel = new QLabel(this);
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    m_memoryLabel = new QLabel(this);
    m_memoryLabel->setObjectName(QStringLiteral("memoryLabel"));
    m_modelsLabel = new QLabel(this);
    m_modelsLabel->setObjectName(QStringLiteral("modelsLabel"));
    statusBar()->addPermanentWidget(new JobsIndicator(m_jobs, this));
    statusBar()->addPermanentWidget(m_deviceLabel);
    statusBar()->addPermanentWidget(m_modelsLabel);
    statusBar()->addPermanentWidget(m_memoryLabel);
    // The store changes on worker threads; the label is updated on this one.
    m_models.setObserver([this] { QMetaObject::invokeMethod(this, &MainWindow::updateModelsLabel, Qt::QueuedConnection); });
    updateModelsLabel();
    auto* memoryTimer = new QTimer(this);
    auto updateMemory = [this] { m_memoryLabel->setText(QStringLiteral("Memory %1").arg(formatBytes(residentMemoryBytes()))); };
    connect(memoryTimer, &QTimer::timeout, this, updateMemory);
    memoryTimer->start(2000);
    updateMemory();
}

void MainWindow::setDevicePreference(DevicePreference p)
{
    try {
        m_device = resolveDevice(p);
    } catch (const Error& e) {
        statusBar()->showMessage(e.message(), 5000);
        p = DevicePreference::Auto;
        m_device = resolveDevice(p);
    }
    for (QAction* a : m_deviceGroup->actions())
        a->setChecked(a->data().toInt() == int(p));
    QSettings().setValue(QStringLiteral("compute/device"), int(p));
    m_deviceLabel->setText(QStringLiteral("Device %1 (%2)").arg(m_device, devicePreferenceName(p)));
    m_modelTable->setDevice(m_device);
}

void MainWindow::updateModelsLabel()
{
    m_modelsLabel->setText(QStringLiteral("Models held %1 of %2").arg(formatBytes(m_models.heldBytes()), formatBytes(m_models.budget())));
    m_modelsLabel->setToolTip(QStringLiteral("%1 model(s) loaded and shared by the views and jobs; the least recently used go first "
                                             "beyond the budget")
                                  .arg(m_models.heldCount()));
}

void MainWindow::rebuildWorkspaceMenu()
{
    if (!m_workspaceMenu)
        return;
    m_workspaceMenu->clear();
    WorkspacePage* shown = page(currentWorkspace());
    const QList<QAction*> actions = shown ? shown->workspaceActions() : QList<QAction*>();
    m_workspaceMenu->addActions(actions);
    m_workspaceMenu->menuAction()->setVisible(!actions.isEmpty());
}

bool MainWindow::isDirty() const
{
    return m_forcedDirty || !m_undo->isClean();
}

void MainWindow::updateTitle()
{
    const QString file = m_filePath.isEmpty() ? QStringLiteral("unsaved") : QFileInfo(m_filePath).fileName();
    setWindowTitle(QStringLiteral("%1 (%2)[*] — Sonde").arg(m_project->name(), file));
    setWindowModified(isDirty());
}

void MainWindow::replaceProject(const Project& source, const QString& path, bool dirty)
{
    m_jobs->cancelAll();
    // Views hold this Project; copy the state into it rather than replacing the object.
    m_project->loadJson(source.toJson(), path);
    m_undo->clear();
    m_forcedDirty = dirty;
    setFilePath(path, path.isEmpty() ? QByteArray() : projectFileDigest(path));
    if (!dirty)
        m_recovery.discard();
    updateTitle();
    verifyModels();
}

void MainWindow::setFilePath(const QString& path, const QByteArray& diskDigest)
{
    if (path != m_filePath || !m_lock) {
        m_lock.reset(); // released with the old path
        if (!path.isEmpty())
            m_lock = std::make_unique<ProjectLock>(path);
    }
    m_filePath = path;
    m_diskDigest = diskDigest;
    updateProjectLock();
}

// Unsaved changes to a project file hold its lock, so `sonde-cli` refuses to
// rewrite the file under them; a clean window lets it (a later save notices).
void MainWindow::updateProjectLock()
{
    if (!m_lock)
        return;
    if (!isDirty()) {
        m_lock->unlock();
        return;
    }
    if (!m_lock->tryLock())
        statusBar()->showMessage(QStringLiteral("%1 is also being changed by %2; saving will check for its changes first")
                                     .arg(m_filePath, m_lock->holder()),
                                 10000);
}

void MainWindow::newProject()
{
    Project empty(nullptr, m_workspaces);
    replaceProject(empty, QString(), false);
}

void MainWindow::openDemoProject()
{
    Project demo(nullptr, m_workspaces);
    const QString model = loadDemoProject(demo);
    replaceProject(demo, QString(), false);
    setCurrentWorkspace(QStringLiteral("attention"));
    if (model.isEmpty())
        statusBar()->showMessage(QStringLiteral("The demo model is not installed (share/sonde/models/sonde-demo-lm): the stored analysis "
                                                "is shown, but the head and sentence views need the model."));
}

bool MainWindow::openProject(const QString& path, QString* error)
{
    Project loaded(nullptr, m_workspaces);
    QByteArray digest;
    try {
        digest = loadProjectFile(loaded, path);
    } catch (const Error& e) {
        *error = e.message();
        return false;
    }
    replaceProject(loaded, QFileInfo(path).absoluteFilePath(), false);
    m_diskDigest = digest; // what was read, even if the file changed a moment later
    addRecentFile(m_filePath);
    return true;
}

bool MainWindow::saveProjectTo(const QString& path, QString* error)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    ProjectLock* lock = absolute == m_filePath ? m_lock.get() : nullptr;
    // A sonde-cli rewriting the file holds its lock for well under this.
    if (lock && !lock->tryLock(3000)) {
        *error = QStringLiteral("%1 is being changed by %2 right now; try again in a moment, or save under another name")
                     .arg(absolute, lock->holder());
        return false;
    }
    QByteArray digest;
    try {
        digest = saveProjectFile(*m_project, absolute);
    } catch (const Error& e) {
        *error = e.message();
        updateProjectLock();
        return false;
    }
    m_forcedDirty = false;
    m_undo->setClean();
    setFilePath(absolute, digest);
    m_recovery.discard();
    addRecentFile(m_filePath);
    updateTitle();
    statusBar()->showMessage(QStringLiteral("Saved %1").arg(m_filePath), 3000);
    return true;
}

bool MainWindow::save()
{
    if (m_filePath.isEmpty())
        return saveAs();
    bool reloaded = false;
    if (!confirmOverwriteOnDisk(&reloaded))
        return reloaded; // reloaded: nothing unsaved is left, which is what callers ask
    QString error;
    if (saveProjectTo(m_filePath, &error))
        return true;
    showError(QStringLiteral("Cannot save project"), error);
    return false;
}

// The file changed on disk since this window read or wrote it (sonde-cli
// stored a run, another Sonde saved): ask before overwriting those changes.
// True to go on saving. "Reload" replaces this window's unsaved changes with
// the file's content; "Save As" keeps both.
bool MainWindow::confirmOverwriteOnDisk(bool* reloaded)
{
    const QByteArray now = projectFileDigest(m_filePath);
    if (now.isEmpty() || now == m_diskDigest)
        return true;
    const int choice = m_prompter->choose(
        QStringLiteral("Project Changed on Disk"),
        QStringLiteral("%1 was changed by another program (sonde-cli, or another Sonde window) since this window read it. "
                       "Saving now would overwrite those changes.")
            .arg(m_filePath),
        {QStringLiteral("Reload From Disk (discard my changes)"), QStringLiteral("Overwrite"), QStringLiteral("Save As…")});
    if (choice == 0) {
        QString error;
        *reloaded = openProject(m_filePath, &error);
        if (!*reloaded)
            showError(QStringLiteral("Cannot reload project"), error);
        return false;
    }
    if (choice == 2) {
        *reloaded = saveAs();
        return false;
    }
    return choice == 1;
}

bool MainWindow::saveAs()
{
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save Project As"),
                                                m_filePath.isEmpty() ? m_project->name() + QStringLiteral(".sonde") : m_filePath,
                                                kProjectFilter);
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".sonde")))
        path += QStringLiteral(".sonde");
    QString error;
    if (saveProjectTo(path, &error))
        return true;
    showError(QStringLiteral("Cannot save project"), error);
    return false;
}

bool MainWindow::maybeSave()
{
    if (!isDirty())
        return true;
    const int answer = m_prompter->choose(QStringLiteral("Unsaved Changes"),
                                          QStringLiteral("Save changes to project \"%1\"?").arg(m_project->name()),
                                          {QStringLiteral("Save"), QStringLiteral("Discard")});
    if (answer == 0)
        return save();
    return answer == 1;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_recovery.discard();
    event->accept();
}

void MainWindow::autosave()
{
    if (!isDirty())
        return;
    try {
        m_recovery.write(*m_project, m_filePath);
    } catch (const Error& e) {
        statusBar()->showMessage(QStringLiteral("Autosave failed: %1").arg(e.message()), 5000);
    }
}

void MainWindow::offerRecovery()
{
    for (const RecoveryEntry& entry : m_recovery.orphaned()) {
        const QString where = entry.originalPath.isEmpty() ? QStringLiteral("never saved") : entry.originalPath;
        const int answer = m_prompter->choose(
            QStringLiteral("Recover Unsaved Work"),
            QStringLiteral("Sonde did not close cleanly. Restore the unsaved changes to project \"%1\" (%2), autosaved %3?")
                .arg(entry.projectName, where, QLocale().toString(entry.savedAt.toLocalTime(), QLocale::ShortFormat)),
            {QStringLiteral("Restore"), QStringLiteral("Discard")});
        if (answer < 0)
            continue; // keep it for next time
        if (answer == 0) {
            try {
                Project restored(nullptr, m_workspaces);
                RecoveryStore::restore(entry, restored);
                replaceProject(restored, entry.originalPath, true);
                autosave(); // the restored work now belongs to this session's recovery copy
            } catch (const Error& e) {
                showError(QStringLiteral("Recovery failed"), e.message());
                continue;
            }
        }
        RecoveryStore::remove(entry);
        if (answer == 0)
            break;
    }
}

void MainWindow::addModelFolder(const QString& folder)
{
    const QString absolute = QFileInfo(folder).absoluteFilePath();
    for (const ModelRef& m : m_project->models())
        if (QFileInfo(m.path).absoluteFilePath() == absolute) {
            showError(QStringLiteral("Model already in project"), QStringLiteral("%1 is already in this project.").arg(absolute));
            return;
        }
    m_jobs->start<ModelRef>(
        QStringLiteral("Inspecting %1").arg(QFileInfo(absolute).fileName()),
        [absolute](JobContext& ctx) { return describeModel(absolute, &ctx, &FingerprintCache::shared()); },
        [this](ModelRef ref) {
            m_undo->push(new AddModelCommand(m_project, ref));
            m_modelTable->setStatus(ref.id, QStringLiteral("ok"));
        },
        [this](const QString& error) { showError(QStringLiteral("Cannot open model"), error); });
}

void MainWindow::removeModel(const QString& id)
{
    const ModelRef* m = m_project->model(id);
    if (!m)
        return;
    const QString name = m->name;
    m_undo->push(new RemoveModelCommand(m_project, id));
    statusBar()->showMessage(QStringLiteral("Removed %1 from the project — Edit ▸ Undo brings it back").arg(name), 8000);
}

void MainWindow::verifyModels()
{
    QStringList missing;
    for (const ModelRef& m : m_project->models()) {
        if (!QFileInfo(m.path).isDir()) {
            m_modelTable->setStatus(m.id, QStringLiteral("missing"), QStringLiteral("The folder no longer exists."));
            missing << QStringLiteral("%1 (%2)").arg(m.name, m.path);
            continue;
        }
        m_modelTable->setStatus(m.id, QStringLiteral("checking…"));
        const QString id = m.id;
        m_jobs->start<ModelCheck>(
            QStringLiteral("Checking %1").arg(m.name), [m](JobContext& ctx) { return checkModel(m, &ctx, &FingerprintCache::shared()); },
            [this, id](ModelCheck r) { m_modelTable->setStatus(id, r.statusName(), r.detail); },
            [this, id](const QString& error) { m_modelTable->setStatus(id, QStringLiteral("unreadable"), error); },
            QStringLiteral("verify:") + id);
    }
    // The project still opens; the user learns at once which models are gone.
    if (!missing.isEmpty())
        statusBar()->showMessage(QStringLiteral("Model folder missing: %1").arg(missing.join(QStringLiteral("; "))));
}

void MainWindow::setCurrentWorkspace(const QString& key)
{
    for (int i = 0; i < m_pages.size(); ++i)
        if (m_pages[i]->key() == key)
            m_sidebar->setCurrentRow(i);
}

QString MainWindow::currentWorkspace() const
{
    auto* shown = qobject_cast<WorkspacePage*>(m_stack->currentWidget());
    return shown ? shown->key() : QString();
}

WorkspacePage* MainWindow::page(const QString& key) const
{
    for (WorkspacePage* p : m_pages)
        if (p->key() == key)
            return p;
    return nullptr;
}

bool MainWindow::exportCurrentFigure(const QString& path, QString* error)
{
    WorkspacePage* shown = page(currentWorkspace());
    const std::unique_ptr<Figure> figure = shown ? shown->currentFigure(error) : nullptr;
    if (!figure)
        return false;
    try {
        writeFigure(*figure, path);
    } catch (const Error& e) {
        *error = e.message();
        return false;
    }
    return true;
}

bool MainWindow::batchExport(const QString& dir, QString* error)
{
    try {
        exportProject(*m_project, dir, *m_views);
    } catch (const Error& e) {
        *error = e.message();
        return false;
    }
    return true;
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            QString error;
            if (maybeSave() && !openProject(path, &error))
                showError(QStringLiteral("Cannot open project"), error);
        });
        a->setToolTip(path);
        a->setEnabled(QFileInfo::exists(path));
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(QStringLiteral("(none)"))->setEnabled(false);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    m_prompter->error(title, message);
}

void MainWindow::showAbout()
{
    const RuntimeInfo rt = runtimeInfo();
    QMessageBox::about(
        this, QStringLiteral("About Sonde"),
        QStringLiteral("<h3>Sonde %1</h3><p>A workbench for looking inside neural models and changing them.</p>"
                       "<table><tr><td>Qt</td><td>%2</td></tr><tr><td>LibTorch</td><td>%3</td></tr>"
                       "<tr><td>BLAS</td><td>%4<br><small>%5</small></td></tr><tr><td>Device</td><td>%6 (CUDA devices: %7)</td></tr>"
                       "<tr><td>Threads</td><td>%8</td></tr><tr><td>SentencePiece plugin</td><td><small>%9</small></td></tr></table>")
            .arg(QStringLiteral(SONDE_VERSION), QString::fromLatin1(qVersion()), rt.torchVersion, rt.blasDescription,
                 rt.blasLibrary.toHtmlEscaped(), m_device, QString::number(rt.cudaDeviceCount), QString::number(rt.threads),
                 sentencePiecePluginStatus().toHtmlEscaped()));
}

} // namespace sonde
