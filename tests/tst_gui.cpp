// GUI smoke test on the real main window (offscreen): every workspace shown and
// screenshotted, notes edited through undo, a model added by a job, the project
// saved and reopened unchanged, bad files refused, export, autosave, cancel.
#include "JobsIndicator.h"
#include "GuiTestUtil.h"
#include "MainWindow.h"
#include "project/commands/SetSectionCommand.h"
#include "ModelTableModel.h"
#include "ModelTestUtil.h"
#include "TestUtil.h"
#include "syntax/SyntaxPage.h"
#include "syntax/SyntaxSection.h"
#include "syntax/SyntaxWorkspace.h"
#include "figures/BarChartFigure.h"
#include "workspace/ViewRegistry.h"
#include "workspace/WorkspacePage.h"
#include "workspace/WorkspaceRegistry.h"

#include <QAction>
#include <QLabel>
#include <QJsonArray>
#include <QMenu>
#include <QListWidget>
#include <QMenuBar>
#include <QCryptographicHash>
#include <QPlainTextEdit>
#include <QSet>
#include <QStatusBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QClipboard>
#include <QTextDocumentFragment>
#include <QtTest>

#include <sys/stat.h>

using namespace sonde;

namespace {

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

QString statusOf(const MainWindow& w, int row)
{
    const auto* m = w.modelTable();
    return m->data(m->index(row, ModelTableModel::Status)).toString();
}

// A fifth workspace made by a test: its page shows its section's value, its
// data and figure exports write what they are given.
class ProbePage : public WorkspacePage {
public:
    ProbePage(const WorkspaceContext& context, QWidget* parent) : WorkspacePage(context, QStringLiteral("probe"), parent)
    {
        auto* label = new QLabel(this);
        label->setObjectName(QStringLiteral("probeValue"));
        auto refresh = [this, label] { label->setText(m_context.project->section(QStringLiteral("probe")).value(QStringLiteral("value")).toString()); };
        connect(context.project, &Project::sectionChanged, this, refresh);
        refresh();
    }
};

} // namespace

class TestGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_recovery;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SondeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("SondeGuiTest"));
        m_recovery = m_dir.filePath(QStringLiteral("recovery"));
        QDir().mkpath(QStringLiteral(SONDE_SCREENSHOT_DIR));
    }

    void showsEveryWorkspace()
    {
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoProject();
        QCOMPARE(w.project()->name(), QStringLiteral("Sonde demo"));
        QVERIFY(!w.isDirty());
        for (const WorkspaceInfo& ws : WorkspaceRegistry::builtin().all()) {
            w.setCurrentWorkspace(ws.key);
            QCOMPARE(w.currentWorkspace(), ws.key);
            QVERIFY(w.page(ws.key)->isVisible());
            QTest::qWait(20);
            const QImage shot = w.grab().toImage();
            const QString path = QStringLiteral(SONDE_SCREENSHOT_DIR "/workspace-") + ws.key + QStringLiteral(".png");
            QVERIFY(shot.save(path));
            QCOMPARE(shot.size(), QSize(1280, 800));
            // A rendered window with text has many colours (anti-aliasing); a blank one has a few.
            QVERIFY2(distinctColours(shot) > 40, qPrintable(QString::number(distinctColours(shot))));
        }
        // The title names the project; nothing is unsaved yet.
        QVERIFY(w.windowTitle().contains(QStringLiteral("Sonde demo")));
    }

    // A workspace added through the registries alone, with no change to the
    // window: it is in the sidebar and the View menu, its section changes
    // through undo, saves, reopens and survives a Sonde that does not know it,
    // and the batch export calls its exports.
    void aWorkspaceIsAddedByRegistrationAlone()
    {
        WorkspaceRegistry workspaces = WorkspaceRegistry::builtin();
        workspaces.add({QStringLiteral("probe"), QStringLiteral("Probe & Test"), 1, {}, [](const Project& p, const QString& dir) {
                            testutil::writeFile(QDir(dir).filePath(QStringLiteral("probe.txt")),
                                                p.section(QStringLiteral("probe")).value(QStringLiteral("value")).toString().toUtf8());
                        }});
        ViewRegistry views = ViewRegistry::builtin();
        views.add({QStringLiteral("probe"), [](const WorkspaceContext& c, QWidget* parent) -> WorkspacePage* { return new ProbePage(c, parent); },
                   [](const Project& p, const QString& dir) {
                       BarChartFigure f;
                       f.setTitle(QStringLiteral("probe %1").arg(p.section(QStringLiteral("probe")).value(QStringLiteral("value")).toString()));
                       writeFigure(f, QDir(dir).filePath(QStringLiteral("probe.svg")));
                   }});
        const QString path = m_dir.filePath(QStringLiteral("probe.sonde"));
        {
            MainWindow w(m_recovery, &workspaces, &views);
            testutil::scriptPrompts(w);
            w.show();
            QVERIFY(w.page(QStringLiteral("probe")));
            auto* bar = w.findChild<QListWidget*>(QStringLiteral("workspaceBar"));
            QCOMPARE(bar->count(), int(workspaces.all().size()));
            QCOMPARE(bar->item(bar->count() - 1)->text(), QStringLiteral("Probe & Test"));
            QAction* viewAction = nullptr;
            for (QAction* a : w.menuBar()->actions())
                if (a->text() == QStringLiteral("&View"))
                    for (QAction* item : a->menu()->actions())
                        if (item->text() == QStringLiteral("Probe && Test")) // the & shown, not a mnemonic
                            viewAction = item;
            QVERIFY(viewAction);
            viewAction->trigger();
            QCOMPARE(w.currentWorkspace(), QStringLiteral("probe"));
            w.undoStack()->push(new SetSectionCommand(w.project(), QStringLiteral("probe"), QJsonObject{{QStringLiteral("value"), QStringLiteral("42")}},
                                                      QStringLiteral("Set Probe")));
            QCOMPARE(testutil::labelText(w.page(QStringLiteral("probe")), QStringLiteral("probeValue")), QStringLiteral("42"));
            w.undoStack()->undo();
            QCOMPARE(testutil::labelText(w.page(QStringLiteral("probe")), QStringLiteral("probeValue")), QString());
            w.undoStack()->redo();
            QString error;
            QVERIFY2(w.saveProjectTo(path, &error), qPrintable(error));
            const QString out = m_dir.filePath(QStringLiteral("probe-export"));
            QVERIFY2(w.batchExport(out, &error), qPrintable(error));
            QCOMPARE(testutil::readFile(QDir(out).filePath(QStringLiteral("probe/probe.txt"))), QByteArray("42"));
            QVERIFY(testutil::readFile(QDir(out).filePath(QStringLiteral("probe/probe.svg"))).contains("probe 42"));
        }
        // A Sonde without the workspace keeps its section as it is …
        Project plain;
        loadProjectFile(plain, path);
        QVERIFY(plain.section(QStringLiteral("probe")).isEmpty());
        const QString through = m_dir.filePath(QStringLiteral("probe-through.sonde"));
        saveProjectFile(plain, through);
        // … and the one with it reads it back.
        MainWindow reopened(m_recovery, &workspaces, &views);
        testutil::scriptPrompts(reopened);
        QString error;
        QVERIFY2(reopened.openProject(through, &error), qPrintable(error));
        QCOMPARE(testutil::labelText(reopened.page(QStringLiteral("probe")), QStringLiteral("probeValue")), QStringLiteral("42"));
    }

    void notesEditGoesThroughUndo()
    {
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.show();
        w.newProject();
        auto* notes = w.page(QStringLiteral("chat"))->findChild<QPlainTextEdit*>(QStringLiteral("notes"));
        w.setCurrentWorkspace(QStringLiteral("chat"));
        QTest::keyClicks(notes, QStringLiteral("temperature 0.7 helps"));
        QCOMPARE(w.project()->notes(QStringLiteral("chat")), QStringLiteral("temperature 0.7 helps"));
        QVERIFY(w.isDirty());
        QVERIFY(w.isWindowModified());
        QCOMPARE(w.undoStack()->count(), 1); // the burst of typing merged into one step
        w.findChild<QAction*>(QStringLiteral("undoAction"))->trigger();
        QCOMPARE(w.project()->notes(QStringLiteral("chat")), QString());
        QCOMPARE(notes->toPlainText(), QString());
        QVERIFY(!w.isDirty());
        w.findChild<QAction*>(QStringLiteral("redoAction"))->trigger();
        QCOMPARE(notes->toPlainText(), QStringLiteral("temperature 0.7 helps"));
    }

    // A note of one very long line (a pasted log, base64) is wrapped anywhere:
    // Qt's word wrapping lays such a line out in quadratic time (1 MB took
    // 10 s to export, 20 MB minutes). Ordinary notes keep word wrap.
    void aVeryLongLineOfNotesIsWrappedAnywhere()
    {
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.show();
        Project p;
        p.setSection(QStringLiteral("latent"), QJsonObject{{QStringLiteral("notes"), QString(1'000'000, QLatin1Char('x'))}});
        p.setSection(QStringLiteral("chat"), QJsonObject{{QStringLiteral("notes"), QStringLiteral("temperature 0.7 helps ").repeated(1000)}});
        const QString path = m_dir.filePath(QStringLiteral("long-notes.sonde"));
        saveProjectFile(p, path);
        QString error;
        QVERIFY2(w.openProject(path, &error), qPrintable(error));
        auto* latent = w.page(QStringLiteral("latent"))->findChild<QPlainTextEdit*>(QStringLiteral("notes"));
        auto* chat = w.page(QStringLiteral("chat"))->findChild<QPlainTextEdit*>(QStringLiteral("notes"));
        QCOMPARE(latent->wordWrapMode(), QTextOption::WrapAnywhere);
        QCOMPARE(chat->wordWrapMode(), QTextOption::WrapAtWordBoundaryOrAnywhere);
        QVERIFY2(w.batchExport(m_dir.filePath(QStringLiteral("long-notes-export")), &error), qPrintable(error));
        // Notes without such a line get word wrap back.
        w.undoStack()->push(editNotesCommand(w.project(), QStringLiteral("latent"), QStringLiteral("short again")));
        QCOMPARE(latent->wordWrapMode(), QTextOption::WrapAtWordBoundaryOrAnywhere);
        // Pasting one switches before the paste is laid out.
        QGuiApplication::clipboard()->setText(QString(500'000, QLatin1Char('z')));
        chat->paste();
        QCOMPARE(chat->wordWrapMode(), QTextOption::WrapAnywhere);
        QVERIFY(w.project()->notes(QStringLiteral("chat")).endsWith(QStringLiteral("zzz")));
    }

    // A project whose model gets a malformed tokenizer (issue 8: clicking a head
    // then killed the app from a pool thread): scoring and the head view show
    // an error naming the file and token, the project is unchanged, the window lives.
    void aBrokenTokenizerIsAnErrorInTheView()
    {
        const QString model = m_dir.filePath(QStringLiteral("byte-gpt2"));
        testutil::writeByteLevelGpt2(model);
        const QString path = m_dir.filePath(QStringLiteral("scored.sonde"));
        {
            MainWindow w(m_recovery);
            testutil::scriptPrompts(w);
            w.show();
            w.addModelFolder(model);
            QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 1, 20000);
            auto* page = qobject_cast<SyntaxPage*>(w.page(kSyntaxKey));
            QVERIFY(page->scoreHeads() != 0);
            QTRY_COMPARE_WITH_TIMEOUT(syntaxSection(*w.project()).runs.size(), size_t(1), 60000);
            QString error;
            QVERIFY2(w.saveProjectTo(path, &error), qPrintable(error));
        }
        QByteArray json = testutil::readFile(model + QStringLiteral("/tokenizer.json"));
        json.replace("\"a\": 97", "\"a\": -1");
        testutil::writeFile(model + QStringLiteral("/tokenizer.json"), json);

        MainWindow w(m_recovery);
        testutil::ScriptedPrompter* prompts = testutil::scriptPrompts(w);
        w.show();
        QString error;
        QVERIFY2(w.openProject(path, &error), qPrintable(error));
        const QJsonObject before = w.project()->toJson();
        auto* page = qobject_cast<SyntaxPage*>(w.page(kSyntaxKey));
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).contains(QStringLiteral("Best head overall"))); // the stored run is shown
        const RelationScores all = syntaxSection(*w.project()).runs.front().scores.relations[QStringLiteral("all")];
        page->chooseHead(all.bestLayer, all.bestHead);
        QVERIFY(testutil::waitForIdle(*w.jobs(), 30000));
        const QString headTitle = testutil::labelText(page, QStringLiteral("headTitle"));
        QVERIFY2(headTitle.contains(QStringLiteral("tokenizer.json: vocabulary token \"a\": id -1 is outside the vocabulary")), qPrintable(headTitle));

        QVERIFY(page->scoreHeads() != 0);
        QVERIFY(testutil::waitForIdle(*w.jobs(), 30000));
        const QString summary = testutil::labelText(page, QStringLiteral("syntaxSummary"));
        QVERIFY2(summary.contains(QStringLiteral("failed")) && summary.contains(QStringLiteral("tokenizer.json")), qPrintable(summary));
        QCOMPARE(w.project()->toJson(), before);
        QVERIFY(!w.isDirty());
        QVERIFY(prompts->errors.isEmpty()); // shown where the user looked, not in a dialog
    }

    // Model folders that cannot be read, added from the Model menu: a message
    // naming the file, the project unchanged.
    void unreadableModelFoldersAreRefused_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("weights are a FIFO") << "fifo" << "model.safetensors: is a named pipe (FIFO)";
        QTest::newRow("truncated weights") << "truncated" << "the file is truncated";
        QTest::newRow("config not JSON") << "config" << "config.json: malformed JSON";
    }

    void unreadableModelFoldersAreRefused()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const QString model = m_dir.filePath(QStringLiteral("unreadable-") + damage);
        testutil::writeByteLevelGpt2(model);
        const QString weights = model + QStringLiteral("/model.safetensors");
        if (damage == QLatin1String("fifo")) {
            QFile::remove(weights);
            QCOMPARE(::mkfifo(QFile::encodeName(weights).constData(), 0600), 0);
        } else if (damage == QLatin1String("truncated")) {
            QFile f(weights);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.resize(f.size() / 2);
        } else {
            testutil::writeFile(model + QStringLiteral("/config.json"), "{\"model_type\": ");
        }
        MainWindow w(m_recovery);
        testutil::ScriptedPrompter* prompts = testutil::scriptPrompts(w);
        w.show();
        w.newProject();
        const QJsonObject before = w.project()->toJson();
        w.addModelFolder(model);
        QVERIFY(testutil::waitForIdle(*w.jobs(), 20000));
        QCOMPARE(prompts->errors.size(), 1);
        QVERIFY2(prompts->errors[0].startsWith(QStringLiteral("Cannot open model: ")), qPrintable(prompts->errors[0]));
        QVERIFY2(prompts->errors[0].contains(expected), qPrintable(prompts->errors[0]));
        QCOMPARE(w.project()->toJson(), before);
        QVERIFY(!w.isDirty());
    }

    // A config whose sizes the loader refuses (n_layer 1e9 once allocated
    // before any check): the model is listed, scoring says what is wrong.
    void aConfigTheLoaderRefusesIsAnErrorInTheView()
    {
        const QString model = m_dir.filePath(QStringLiteral("huge-layers"));
        testutil::writeByteLevelGpt2(model);
        QJsonObject config = QJsonDocument::fromJson(testutil::readFile(model + QStringLiteral("/config.json"))).object();
        config.insert(QStringLiteral("n_layer"), 1e9);
        testutil::writeFile(model + QStringLiteral("/config.json"), QJsonDocument(config).toJson());
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.show();
        w.newProject();
        w.addModelFolder(model);
        QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 1, 20000);
        const QJsonObject before = w.project()->toJson();
        auto* page = qobject_cast<SyntaxPage*>(w.page(kSyntaxKey));
        QVERIFY(page->scoreHeads() != 0);
        QVERIFY(testutil::waitForIdle(*w.jobs(), 30000));
        const QString summary = testutil::labelText(page, QStringLiteral("syntaxSummary"));
        QVERIFY2(summary.contains(QStringLiteral("config.json: \"n_layer\" is 1000000000; it must be from 1 to 4096")), qPrintable(summary));
        QCOMPARE(w.project()->toJson(), before);
    }

    void projectRoundTripWithAModel()
    {
        const QString modelDir = m_dir.filePath(QStringLiteral("tiny-llama"));
        const qint64 params = testutil::writeTinyLlama(modelDir);
        const QString projectPath = m_dir.filePath(QStringLiteral("round.sonde"));
        QJsonObject saved;
        {
            MainWindow w(m_recovery);
            testutil::scriptPrompts(w);
            w.show();
            w.newProject();
            w.addModelFolder(modelDir);
            QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 1, 10000);
            const ModelRef& m = w.project()->models().front();
            QCOMPARE(m.parameters, params);
            QCOMPARE(m.architecture, QStringLiteral("LlamaForCausalLM"));
            QFile weights(modelDir + QStringLiteral("/model.safetensors"));
            QVERIFY(weights.open(QIODevice::ReadOnly));
            QCOMPARE(m.fileHashes.value(QStringLiteral("model.safetensors")),
                     QString::fromLatin1(QCryptographicHash::hash(weights.readAll(), QCryptographicHash::Sha256).toHex()));
            auto* notes = w.page(QStringLiteral("editor"))->findChild<QPlainTextEdit*>(QStringLiteral("notes"));
            QTest::keyClicks(notes, QStringLiteral("edit Paris to Rome"));
            w.setCurrentWorkspace(QStringLiteral("editor"));
            w.resize(1280, 800);
            QTest::qWait(20);
            QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/model-added.png")));
            QString error;
            QVERIFY2(w.saveProjectTo(projectPath, &error), qPrintable(error));
            QVERIFY(!w.isDirty());
            saved = w.project()->toJson();
        }
        MainWindow reopened(m_recovery);
        testutil::scriptPrompts(reopened);
        reopened.show();
        QString error;
        QVERIFY2(reopened.openProject(projectPath, &error), qPrintable(error));
        QCOMPARE(reopened.project()->toJson(), saved);
        QCOMPARE(reopened.page(QStringLiteral("editor"))->findChild<QPlainTextEdit*>(QStringLiteral("notes"))->toPlainText(),
                 QStringLiteral("edit Paris to Rome"));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(reopened, 0), QStringLiteral("ok"), 10000);

        // Change one weight byte: the reopened project notices.
        {
            QFile f(modelDir + QStringLiteral("/model.safetensors"));
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(f.size() - 1);
            f.write("\x01", 1);
        }
        QVERIFY(reopened.openProject(projectPath, &error));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(reopened, 0), QStringLiteral("changed"), 10000);

        // Remove the folder: reported per model, the project still opens.
        QVERIFY(QDir(modelDir).removeRecursively());
        QVERIFY(reopened.openProject(projectPath, &error));
        QCOMPARE(reopened.project()->models().size(), 1);
        QCOMPARE(statusOf(reopened, 0), QStringLiteral("missing"));
        QVERIFY2(reopened.statusBar()->currentMessage().contains(QStringLiteral("Model folder missing: tiny-llama")),
                 qPrintable(reopened.statusBar()->currentMessage()));
    }

    void modelMenuListsTheHuggingFaceCache()
    {
        QTemporaryDir hub;
        const QString snapshot = hub.filePath(QStringLiteral("models--tiny-org--tiny-llama/snapshots/0123456789abcdef"));
        testutil::writeTinyLlama(snapshot);
        qputenv("HF_HUB_CACHE", hub.path().toUtf8());
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.show();
        w.newProject();
        auto* menu = w.findChild<QMenu*>(QStringLiteral("hfCacheMenu"));
        QVERIFY(menu);
        Q_EMIT menu->aboutToShow();
        QCOMPARE(menu->actions().size(), 1);
        QCOMPARE(menu->actions().front()->text(), QStringLiteral("tiny-org/tiny-llama (01234567)"));
        menu->actions().front()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 1, 10000);
        QCOMPARE(w.project()->models().front().name, QStringLiteral("tiny-org/tiny-llama"));
        qunsetenv("HF_HUB_CACHE");
    }

    void badProjectFileChangesNothing()
    {
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.show();
        w.openDemoProject();
        const QJsonObject before = w.project()->toJson();
        const QString path = m_dir.filePath(QStringLiteral("newer.sonde"));
        testutil::writeFile(path, R"({"format":"sonde-project","formatVersion":99,"name":"future"})");
        QString error;
        QVERIFY(!w.openProject(path, &error));
        QVERIFY2(error.contains(QStringLiteral("newer Sonde")), qPrintable(error));
        QCOMPARE(w.project()->toJson(), before);
        QVERIFY(w.filePath().isEmpty());
    }

    // The batch export: the project, and each stored run's data and figures
    // in a folder named after its model and data set; figures, not window grabs.
    void batchExportWritesEveryRun()
    {
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoProject();
        const QString out = m_dir.filePath(QStringLiteral("export"));
        QString error;
        QVERIFY2(w.batchExport(out, &error), qPrintable(error));
        const QDir run(QDir(out).filePath(QStringLiteral("attention/sonde-demo-lm__sonde-mini")));
        for (const char* f : {"scores.json", "scores.csv", "scores.tex"})
            QVERIFY2(run.exists(QLatin1String(f)), f);
        for (const QString& base : {QStringLiteral("heatmap-all-head2dep"), QStringLiteral("heatmap-tree-uas"), QStringLiteral("best-head-vs-baseline")}) {
            const QImage png(run.filePath(base + QStringLiteral(".png")));
            QVERIFY2(!png.isNull(), qPrintable(base));
            QVERIFY(distinctColours(png) > 10);
            QFile svg(run.filePath(base + QStringLiteral(".svg")));
            QVERIFY(svg.open(QIODevice::ReadOnly));
            const QByteArray svgBytes = svg.readAll();
            QVERIFY(svgBytes.contains("<svg"));
            QVERIFY(svgBytes.contains("sonde-demo-lm on sonde-mini (built in)")); // titled with model and data set
            QFile pdf(run.filePath(base + QStringLiteral(".pdf")));
            QVERIFY(pdf.open(QIODevice::ReadOnly));
            QVERIFY(pdf.read(5) == "%PDF-");
        }
        QVERIFY(!QFileInfo::exists(QDir(out).filePath(QStringLiteral("attention.png")))); // no grab of the window
        Project exported;
        loadProjectFile(exported, QDir(out).filePath(QStringLiteral("project.sonde")));
        QCOMPARE(exported.toJson(), w.project()->toJson());
    }

    void autosaveWritesARecoveryCopy()
    {
        QTemporaryDir recovery;
        MainWindow w(recovery.path());
        testutil::scriptPrompts(w);
        w.show();
        w.newProject();
        w.autosave(); // clean: nothing to write
        QVERIFY(QDir(recovery.path()).entryList({QStringLiteral("*.recovery.json")}).isEmpty());
        auto* notes = w.page(QStringLiteral("latent"))->findChild<QPlainTextEdit*>(QStringLiteral("notes"));
        QTest::keyClicks(notes, QStringLiteral("unsaved idea"));
        w.autosave();
        const QStringList copies = QDir(recovery.path()).entryList({QStringLiteral("*.recovery.json")});
        QCOMPARE(copies.size(), 1);
        QFile f(QDir(recovery.path()).filePath(copies.front()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("unsaved idea"));
        // While this window lives, another session must not offer its copy.
        RecoveryStore other(recovery.path());
        QVERIFY(other.begin());
        QVERIFY(other.orphaned().isEmpty());
    }

    void cancelButtonStopsARunningJob()
    {
        MainWindow w(m_recovery);
        testutil::scriptPrompts(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        std::atomic_bool stopped{false};
        w.jobs()->start<int>(
            QStringLiteral("Long test job"),
            [&](JobContext& ctx) {
                for (;;) {
                    if (ctx.isCancelled()) {
                        stopped = true;
                        ctx.checkCancelled();
                    }
                    QThread::msleep(2);
                }
                return 0;
            },
            [](int) {});
        auto* indicator = w.findChild<JobsIndicator*>(QStringLiteral("jobsIndicator"));
        QTRY_VERIFY(indicator->isVisible());
        QTest::qWait(30);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/job-running.png")));
        QTest::mouseClick(indicator->findChild<QToolButton*>(QStringLiteral("cancelJob")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(stopped.load(), 1000);
        QCOMPARE(w.jobs()->runningCount(), 0);
        QTRY_VERIFY(!indicator->isVisible());
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
