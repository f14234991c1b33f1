// The built-in demo (no fixtures needed): it opens on the Attention & Syntax
// workspace with the shipped demo model and a finished analysis of the mini
// treebank, its head and sentence views run on that model, and a second model
// of the same shape (the demo's architecture before training) is compared with
// it as a difference heatmap that is stored in the project and exported.
#include "GuiTestUtil.h"
#include "MainWindow.h"
#include "ModelTableModel.h"
#include "ModelTestUtil.h"
#include "TestUtil.h"
#include "figures/HeatmapView.h"
#include "io/Safetensors.h"
#include "model/ModelConfig.h"
#include "project/ProjectFile.h"
#include "project/commands/SetSectionCommand.h"
#include "syntax/RelationTableModel.h"
#include "syntax/SyntaxPage.h"
#include "syntax/SyntaxSection.h"
#include "syntax/SyntaxWorkspace.h"
#include "train/LmTrainer.h"
#include "syntax/Treebank.h"
#include "util/DataPaths.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sonde;

class TestGuiDemo : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static SyntaxPage* syntaxPage(MainWindow& w) { return qobject_cast<SyntaxPage*>(w.page(kSyntaxKey)); }
    static const HeatmapFigure& heatmapOf(SyntaxPage* page) { return page->findChild<HeatmapView*>(QStringLiteral("overviewHeatmap"))->figure(); }
    static QString statusOf(const MainWindow& w)
    {
        const auto* m = w.modelTable();
        return m->data(m->index(0, ModelTableModel::Status)).toString();
    }

    // What the Overview, Head and Sentence tabs show is `run`'s: its name, its
    // values, its head's and sentence's results.
    static void checkEveryTabShows(SyntaxPage* page, const SyntaxRun& run, int layer, int head)
    {
        const QString prefix = run.modelName + QStringLiteral(" on ");
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(prefix));
        const HeatmapFigure& heat = heatmapOf(page);
        QVERIFY(!heat.isEmpty());
        QCOMPARE(heat.value(layer, head), headMatrix(run.scores, QStringLiteral("all"), QStringLiteral("dep2head"))[size_t(layer)][size_t(head)]);
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("headTitle")).startsWith(prefix), 30000);
        QVERIFY(testutil::labelText(page, QStringLiteral("headTitle")).contains(QStringLiteral("layer %1, head %2").arg(layer).arg(head)));
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("sentenceTitle")).startsWith(prefix), 30000);
        QVERIFY(testutil::labelText(page, QStringLiteral("sentenceTitle")).contains(QStringLiteral("words right")));
    }

    // The demo model's architecture with fresh, untrained weights and its tokenizer.
    QString untrainedTwin(const QString& demo)
    {
        const ModelConfig c = ModelConfig::fromFolder(demo);
        LmShape shape;
        shape.vocab = c.vocabSize;
        shape.hidden = c.hiddenSize;
        shape.layers = c.layers;
        shape.heads = c.heads;
        shape.kvHeads = c.kvHeads;
        shape.intermediate = c.intermediateSize;
        shape.context = c.maxPositions;
        const QString folder = m_dir.filePath(QStringLiteral("untrained"));
        LmTrainer(shape, TrainOptions{}).save(folder, DType::F32, c.bosTokenId, c.eosTokenIds.empty() ? -1 : c.eosTokenIds.front());
        for (const char* f : {"tokenizer.model", "tokenizer_config.json"})
            QFile::copy(QDir(demo).filePath(QLatin1String(f)), QDir(folder).filePath(QLatin1String(f)));
        return folder;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SondeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("SondeGuiDemoTest"));
        QDir().mkpath(QStringLiteral(SONDE_SCREENSHOT_DIR));
    }

    void opensOnAFinishedAnalysisOfTheDemoModel()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery")));
        testutil::scriptPrompts(w);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoProject();
        QCOMPARE(w.currentWorkspace(), kSyntaxKey);
        QVERIFY(!w.isDirty());
        const QString demo = dataPath(QStringLiteral("models/sonde-demo-lm"));
        QVERIFY2(!demo.isEmpty(), "the demo model is not in build/share/sonde");
        QCOMPARE(w.project()->models().size(), 1);
        QCOMPARE(w.project()->models().front().path, demo);
        // The stored fingerprint matches the shipped weights.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(w), QStringLiteral("ok"), 20000);

        auto* page = syntaxPage(w);
        const SyntaxRun run = syntaxSection(*w.project()).runs.front();
        QCOMPARE(run.scores.sentencesUsed, 12);
        QCOMPARE(run.scores.words, 98);
        const QString summary = testutil::labelText(page, QStringLiteral("syntaxSummary"));
        QVERIFY2(summary.startsWith(QStringLiteral("sonde-demo-lm on sonde-mini (built in), all sentences")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("12 sentences, 98 words")), qPrintable(summary));
        // The overview opens on the headline best head's direction, its head marked.
        const RelationScores& all = run.scores.relations[QStringLiteral("all")];
        const HeatmapFigure& heat = heatmapOf(page);
        QCOMPARE(heat.rows(), 6);
        QCOMPARE(heat.value(all.bestLayer, all.bestHead), headMatrix(run.scores, QStringLiteral("all"), all.bestDirection)[size_t(all.bestLayer)][size_t(all.bestHead)]);
        QCOMPARE(page->findChild<QComboBox*>(QStringLiteral("syntaxView"))->currentData().toString(), all.bestDirection);
        QCOMPARE(page->findChild<QComboBox*>(QStringLiteral("syntaxTreebank"))->currentText(), QStringLiteral("sonde-mini (built in)"));
        QCOMPARE(w.jobs()->runningCount(), 0); // shown from the project, not recomputed
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-overview.png")));

        // Head and sentence views run on the installed demo model.
        page->showRelation(QStringLiteral("all"), all.bestDirection);
        page->chooseHead(all.bestLayer, all.bestHead);
        auto* wrong = page->findChild<QListWidget*>(QStringLiteral("headWrong"));
        auto* right = page->findChild<QListWidget*>(QStringLiteral("headRight"));
        QTRY_COMPARE_WITH_TIMEOUT(wrong->count() + right->count(), 12, 30000);
        QCOMPARE(page->findChild<QTabWidget*>(QStringLiteral("syntaxTabs"))->currentWidget()->objectName(), QStringLiteral("syntaxHead"));
        QVERIFY(wrong->item(0)->text().contains(QStringLiteral("mini-"))); // the sent_id
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-head.png")));
        // The longest sentence, at word and at token level.
        const Treebank treebank = readConllu(QString::fromLatin1(SyntaxPage::kBuiltinTreebank));
        int longest = 0;
        for (int i = 0; i < int(treebank.sentences.size()); ++i)
            if (treebank.sentences[size_t(i)].words.size() > treebank.sentences[size_t(longest)].words.size())
                longest = i;
        page->chooseSentence(longest);
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("sentenceTitle")).contains(QStringLiteral("words right")), 30000);
        QVERIFY(testutil::labelText(page, QStringLiteral("sentenceTitle")).contains(treebank.sentences[size_t(longest)].sentId));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-sentence.png")));
        page->findChild<QCheckBox*>(QStringLiteral("pieceLevel"))->setChecked(true);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-sentence-pieces.png")));
        // File ▸ Export Figure on this tab: the matrix, titled with model, data set and sentence.
        const QString figure = m_dir.filePath(QStringLiteral("sentence.svg"));
        QString error;
        QVERIFY2(w.exportCurrentFigure(figure, &error), qPrintable(error));
        QVERIFY(testutil::readFile(figure).contains(treebank.sentences[size_t(longest)].sentId.toUtf8()));
    }

    // Two models on one data set: every tab shows the selected model's data
    // as the selection moves between them; New Project clears every tab; a
    // deleted run leaves the tabs saying so, and Undo brings it back to all of
    // them. The comparison of the two is a difference heatmap, stored, exported.
    void everyTabFollowsTheSelection()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery2")));
        testutil::scriptPrompts(w);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoProject();
        auto* page = syntaxPage(w);
        const ModelRef trainedModel = w.project()->models().front();
        auto* compare = page->findChild<QComboBox*>(QStringLiteral("syntaxCompare"));
        QVERIFY(!compare->isEnabled()); // nothing to compare with yet

        const QString untrained = untrainedTwin(trainedModel.path);
        w.addModelFolder(untrained);
        QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 2, 20000);
        const QString untrainedId = w.project()->models().back().id;
        // Score All Models: both runs stored, the selected (trained) model's still on display.
        QCOMPARE(page->scoreAllModels().size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(syntaxSection(*w.project()).runs.size(), size_t(2), 60000);
        QVERIFY(testutil::waitForIdle(*w.jobs(), 60000));
        const SyntaxSection section = syntaxSection(*w.project());
        const SyntaxRun trained = *section.latest(trainedModel.id, section.runs.front().data);
        const SyntaxRun twin = *section.latest(untrainedId, trained.data);
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("sonde-demo-lm on")));

        // A head chosen on the trained model, a sentence through it.
        const int layer = 2, head = 3;
        page->showRelation(QStringLiteral("all"), QStringLiteral("dep2head"));
        page->chooseHead(layer, head);
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("headTitle")).startsWith(QStringLiteral("sonde-demo-lm on")), 30000);
        page->chooseSentence(0);
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("sentenceTitle")).startsWith(QStringLiteral("sonde-demo-lm on")), 30000);

        // Selecting the untrained model: every tab shows its data (its stored run, its head, its sentence).
        auto* modelBox = page->findChild<QComboBox*>(QStringLiteral("syntaxModel"));
        modelBox->setCurrentIndex(modelBox->findData(untrainedId));
        Q_EMIT modelBox->activated(modelBox->currentIndex());
        checkEveryTabShows(page, twin, layer, head);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-untrained.png")));
        // And back.
        page->selectModel(trainedModel.id);
        checkEveryTabShows(page, trained, layer, head);
        // Editing the notes (the same project section) leaves the choice alone.
        QTest::keyClicks(page->findChild<QPlainTextEdit*>(QStringLiteral("notes")), QStringLiteral(" Twin added."));
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("sonde-demo-lm on")));

        // Compare the untrained model with the trained one: the difference, cell by cell.
        page->selectModel(untrainedId);
        QVERIFY(compare->isEnabled());
        QCOMPARE(compare->count(), 2);
        page->compareWith(trained.id);
        page->showRelation(QStringLiteral("all"), QStringLiteral("dep2head"));
        page->findChild<QTabWidget*>(QStringLiteral("syntaxTabs"))->setCurrentIndex(0);
        const HeatmapFigure& delta = heatmapOf(page);
        QCOMPARE(delta.scale(), HeatmapFigure::Scale::Difference);
        QCOMPARE(delta.value(2, 3), twin.scores.relations[QStringLiteral("all")].dep2head[2][3] - trained.scores.relations[QStringLiteral("all")].dep2head[2][3]);
        QCOMPARE(page->findChild<QTableView*>(QStringLiteral("relationTable"))->model()->columnCount(), int(RelationTableModel::ColumnCount));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-compare.png")));
        auto* tabs = page->findChild<QTabWidget*>(QStringLiteral("syntaxTabs"));
        tabs->setCurrentIndex(3);
        QCOMPARE(page->findChild<QTableWidget*>(QStringLiteral("runTable"))->rowCount(), 2);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-runs.png")));
        tabs->setCurrentIndex(0);
        // Batch export carries the comparison beside the compared run.
        const QString out = m_dir.filePath(QStringLiteral("export"));
        QString error;
        QVERIFY2(w.batchExport(out, &error), qPrintable(error));
        const QDir twinFolder(out + QStringLiteral("/attention/untrained__sonde-mini"));
        const QString direction = twin.scores.relations[QStringLiteral("all")].bestDirection;
        for (const QString& f : {QStringLiteral("delta-all-%1.png").arg(direction), QStringLiteral("delta-all-%1.svg").arg(direction),
                                 QStringLiteral("delta-all-%1.pdf").arg(direction), QStringLiteral("scores.json")})
            QVERIFY2(twinFolder.exists(f), qPrintable(f));
        QVERIFY(QDir(out + QStringLiteral("/attention/sonde-demo-lm__sonde-mini")).exists(QStringLiteral("scores.json")));
        const QString projectPath = m_dir.filePath(QStringLiteral("compare.sonde"));
        QVERIFY2(w.saveProjectTo(projectPath, &error), qPrintable(error));
        w.undoStack()->undo(); // the comparison goes
        QCOMPARE(heatmapOf(page).scale(), HeatmapFigure::Scale::Accuracy);

        // Deleting the run shown: every tab says there is none; Undo brings it back everywhere.
        page->selectModel(untrainedId);
        checkEveryTabShows(page, twin, layer, head);
        page->deleteRun(twin.id);
        QCOMPARE(syntaxSection(*w.project()).runs.size(), size_t(1));
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("No run of untrained")));
        QVERIFY(testutil::labelText(page, QStringLiteral("headTitle")).startsWith(QStringLiteral("No run of untrained")));
        QVERIFY(heatmapOf(page).isEmpty());
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Undo brings it back")));
        w.undoStack()->undo();
        checkEveryTabShows(page, twin, layer, head);

        // New Project: every tab is empty and says why.
        w.newProject();
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("No model in the project yet")));
        QVERIFY(testutil::labelText(page, QStringLiteral("headTitle")).startsWith(QStringLiteral("No model in the project yet")));
        QVERIFY(testutil::labelText(page, QStringLiteral("sentenceTitle")).startsWith(QStringLiteral("No model in the project yet")));
        QVERIFY(heatmapOf(page).isEmpty());
        QCOMPARE(page->findChild<QTableWidget*>(QStringLiteral("runTable"))->rowCount(), 0);
        QCOMPARE(page->findChild<QListWidget*>(QStringLiteral("headWrong"))->count(), 0);

        // The saved project reopens on the same comparison.
        MainWindow reopened(m_dir.filePath(QStringLiteral("recovery3")));
        testutil::scriptPrompts(reopened);
        reopened.show();
        QVERIFY(reopened.openProject(projectPath, &error));
        auto* page2 = syntaxPage(reopened);
        QVERIFY(testutil::labelText(page2, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("untrained on")));
        QCOMPARE(heatmapOf(page2).scale(), HeatmapFigure::Scale::Difference);
    }

    // Models of different shapes compared: no difference heatmap (and no
    // contradictory "no analysis"), the table sets best heads side by side.
    void comparesModelsOfDifferentShapes()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery5")));
        testutil::scriptPrompts(w);
        w.resize(1280, 800);
        w.show();
        w.openDemoProject();
        auto* page = syntaxPage(w);
        const QString other = m_dir.filePath(QStringLiteral("byte-gpt2"));
        testutil::writeByteLevelGpt2(other);
        w.addModelFolder(other);
        QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 2, 20000);
        const QString otherId = w.project()->models().back().id;
        page->selectModel(otherId);
        QVERIFY(page->scoreHeads() != 0);
        QTRY_COMPARE_WITH_TIMEOUT(syntaxSection(*w.project()).runs.size(), size_t(2), 60000);
        const SyntaxSection section = syntaxSection(*w.project());
        page->compareWith(section.runs.front().id); // the demo model's run
        const HeatmapFigure& heat = heatmapOf(page);
        QCOMPARE(heat.scale(), HeatmapFigure::Scale::Accuracy); // its own accuracies, not an empty Δ
        QCOMPARE(heat.rows(), 1);
        QVERIFY(page->findChild<QLabel*>(QStringLiteral("overviewNote"))->isVisible());
        QVERIFY(testutil::labelText(page, QStringLiteral("overviewNote")).contains(QStringLiteral("cannot be subtracted")));
        auto* table = page->findChild<QTableView*>(QStringLiteral("relationTable"));
        QCOMPARE(table->model()->columnCount(), int(RelationTableModel::ColumnCount));
        QCOMPARE(table->model()->headerData(RelationTableModel::OtherAccuracy, Qt::Horizontal).toString(), QStringLiteral("sonde-demo-lm: acc."));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-compare-shapes.png")));
    }

    // The window at the sizes researchers use: the overview laid out with
    // nothing cut off (screenshots looked at by hand), the relation table's
    // headers all there.
    void layoutAtThreeSizes()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery6")));
        testutil::scriptPrompts(w);
        w.show();
        w.openDemoProject();
        auto* page = syntaxPage(w);
        for (const QSize size : {QSize(1024, 640), QSize(1280, 800), QSize(1920, 1080)}) {
            w.resize(size);
            QTest::qWait(50);
            QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-%1x%2.png").arg(size.width()).arg(size.height())));
            auto* table = page->findChild<QTableView*>(QStringLiteral("relationTable"));
            QVERIFY(table->width() > 200);
            QCOMPARE(table->model()->headerData(RelationTableModel::Accuracy, Qt::Horizontal).toString(), QStringLiteral("Best-head acc."));
            QCOMPARE(table->model()->headerData(RelationTableModel::BaselineAccuracy, Qt::Horizontal).toString(), QStringLiteral("Baseline acc."));
            QVERIFY(page->findChild<HeatmapView*>(QStringLiteral("overviewHeatmap"))->width() >= 240);
        }
    }

    // Two writers of one project: sonde-cli stores a run while the window has
    // the file open. With no unsaved changes in the window, the CLI may write;
    // once the window has changes, the CLI refuses; saving then asks instead
    // of overwriting the CLI's run, and Reload shows both runs.
    void aProjectChangedOnDiskIsNotOverwritten()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery4")));
        testutil::ScriptedPrompter* prompts = testutil::scriptPrompts(w);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoProject();
        const QString path = m_dir.filePath(QStringLiteral("two-writers.sonde"));
        QString error;
        QVERIFY2(w.saveProjectTo(path, &error), qPrintable(error));
        QCOMPARE(syntaxSection(*w.project()).runs.size(), size_t(1));

        const QString untrained = untrainedTwin(w.project()->models().front().path);
        auto cli = [&] {
            QProcess p;
            p.start(QStringLiteral(SONDE_CLI_PATH),
                    {QStringLiteral("syntax"), QStringLiteral("--model"), untrained, QStringLiteral("--treebank"),
                     QStringLiteral(SONDE_SOURCE_DIR "/resources/treebanks/sonde-mini.conllu"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("cli-scores")),
                     QStringLiteral("--project"), path});
            p.waitForFinished(60000);
            return std::pair{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
        };
        const auto [stored, storedErr] = cli(); // the window has nothing unsaved: the CLI may write
        QVERIFY2(stored == 0, qPrintable(storedErr));

        // A change in the window takes the project's lock: now the CLI refuses and leaves the file alone.
        w.undoStack()->push(editNotesCommand(w.project(), kSyntaxKey, QStringLiteral("my unsaved note")));
        QVERIFY(w.isDirty());
        const QByteArray onDisk = projectFileDigest(path);
        const auto [refused, refusedErr] = cli();
        QCOMPARE(refused, 1);
        QVERIFY2(refusedErr.contains(QStringLiteral("is open with unsaved changes in")), qPrintable(refusedErr));
        QCOMPARE(projectFileDigest(path), onDisk);

        // Saving asks; cancelling writes nothing.
        auto* saveAction = w.findChild<QAction*>(QStringLiteral("saveAction"));
        QVERIFY(saveAction);
        saveAction->trigger();
        QCOMPARE(prompts->questions.size(), 1);
        QVERIFY2(prompts->questions[0].startsWith(QStringLiteral("Project Changed on Disk")), qPrintable(prompts->questions[0]));
        QCOMPARE(projectFileDigest(path), onDisk);
        QVERIFY(w.isDirty());

        // Reload: the CLI's run and the window's own, both listed and shown.
        prompts->answers = {0};
        saveAction->trigger();
        QCOMPARE(prompts->questions.size(), 2);
        QVERIFY(!w.isDirty());
        QCOMPARE(projectFileDigest(path), onDisk);
        QCOMPARE(syntaxSection(*w.project()).runs.size(), size_t(2));
        QCOMPARE(w.project()->models().size(), 2);
        auto* modelBox = w.findChild<QComboBox*>(QStringLiteral("syntaxModel"));
        QCOMPARE(modelBox->count(), 2);
        auto* page = syntaxPage(w);
        page->selectModel(w.project()->models().back().id);
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("untrained on sonde-mini")));
        QVERIFY(prompts->errors.isEmpty());

        // Clean again: the lock is released and the CLI may write once more.
        const auto [again, againErr] = cli();
        QVERIFY2(again == 0, qPrintable(againErr));
    }

    // `sonde --export DIR --demo`: the batch export without a window or display.
    void exportsHeadless()
    {
        const QString out = m_dir.filePath(QStringLiteral("headless"));
        QProcess sonde;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // it must pick offscreen itself
        env.remove(QStringLiteral("DISPLAY"));
        sonde.setProcessEnvironment(env);
        sonde.start(QStringLiteral(SONDE_APP_PATH), {QStringLiteral("--export"), out, QStringLiteral("--demo")});
        QVERIFY(sonde.waitForFinished(60000));
        QVERIFY2(sonde.exitCode() == 0, sonde.readAllStandardError().constData());
        for (const char* f : {"project.sonde", "attention/sonde-demo-lm__sonde-mini/scores.json",
                              "attention/sonde-demo-lm__sonde-mini/heatmap-tree-uas.png", "attention/sonde-demo-lm__sonde-mini/heatmap-tree-uas.svg"})
            QVERIFY2(QFileInfo::exists(QDir(out).filePath(QLatin1String(f))), f);
        QVERIFY(!QImage(QDir(out).filePath(QStringLiteral("attention/sonde-demo-lm__sonde-mini/heatmap-tree-uas.png"))).isNull());
        // sonde-cli export: the same path, the same files.
        QProcess cli;
        cli.setProcessEnvironment(env);
        const QString cliOut = m_dir.filePath(QStringLiteral("headless-cli"));
        cli.start(QStringLiteral(SONDE_CLI_PATH), {QStringLiteral("export"), QStringLiteral("--project"), QDir(out).filePath(QStringLiteral("project.sonde")),
                                                   QStringLiteral("--out"), cliOut});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        for (const char* f : {"attention/sonde-demo-lm__sonde-mini/scores.json", "attention/sonde-demo-lm__sonde-mini/heatmap-all-head2dep.pdf"})
            QVERIFY2(QFileInfo::exists(QDir(cliOut).filePath(QLatin1String(f))), f);
        QCOMPARE(testutil::readFile(QDir(cliOut).filePath(QStringLiteral("attention/sonde-demo-lm__sonde-mini/scores.csv"))),
                 testutil::readFile(QDir(out).filePath(QStringLiteral("attention/sonde-demo-lm__sonde-mini/scores.csv"))));

        QProcess noProject;
        noProject.setProcessEnvironment(env);
        noProject.start(QStringLiteral(SONDE_APP_PATH), {QStringLiteral("--export"), out});
        QVERIFY(noProject.waitForFinished(60000));
        QCOMPARE(noProject.exitCode(), 2);
        QVERIFY(noProject.readAllStandardError().contains("needs a project file or --demo"));

        // A model the project refers to is gone: the export goes on, and says so on stderr.
        Project gone;
        ModelRef ref;
        ref.id = QStringLiteral("m1");
        ref.name = QStringLiteral("vanished-model");
        ref.path = m_dir.filePath(QStringLiteral("no-such-model"));
        gone.insertModel(0, ref);
        const QString goneProject = m_dir.filePath(QStringLiteral("gone.sonde"));
        saveProjectFile(gone, goneProject);
        QProcess missing;
        missing.setProcessEnvironment(env);
        missing.start(QStringLiteral(SONDE_APP_PATH), {QStringLiteral("--export"), m_dir.filePath(QStringLiteral("gone-export")), goneProject});
        QVERIFY(missing.waitForFinished(60000));
        const QByteArray missingErr = missing.readAllStandardError();
        QVERIFY2(missing.exitCode() == 0, missingErr.constData());
        QVERIFY2(missingErr.contains("model \"vanished-model\" is missing"), missingErr.constData());
    }
};

QTEST_MAIN(TestGuiDemo)
#include "tst_gui_demo.moc"
