// The built-in demo (no fixtures needed): it opens on the Attention & Syntax
// workspace with the shipped demo model and a finished analysis of the mini
// treebank, its head and sentence views run on that model, and a second model
// of the same shape (the demo's architecture before training) is compared with
// it as a difference heatmap that is stored in the project and exported.
#include "AttentionSyntaxPage.h"
#include "GuiTestUtil.h"
#include "MainWindow.h"
#include "TestUtil.h"
#include "io/Safetensors.h"
#include "model/ModelConfig.h"
#include "project/ProjectFile.h"
#include "project/commands/EditNotesCommand.h"
#include "syntax/SyntaxProject.h"
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
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sonde;

class TestGuiDemo : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

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
        QSignalSpy checked(&w, &MainWindow::modelChecked);
        w.openDemoProject();
        QCOMPARE(w.currentWorkspace(), Workspace::Attention);
        QVERIFY(!w.isDirty());
        const QString demo = dataPath(QStringLiteral("models/sonde-demo-lm"));
        QVERIFY2(!demo.isEmpty(), "the demo model is not in build/share/sonde");
        QCOMPARE(w.project()->models().size(), 1);
        QCOMPARE(w.project()->models().front().path, demo);
        // The stored fingerprint matches the shipped weights.
        QVERIFY(checked.wait(20000));
        QCOMPARE(checked[0][1].toString(), QStringLiteral("ok"));

        auto* page = qobject_cast<AttentionSyntaxPage*>(w.page(Workspace::Attention));
        QVERIFY(page->scores());
        QCOMPARE(page->scores()->sentencesUsed, 12);
        QCOMPARE(page->scores()->words + 0, 98);
        QCOMPARE(page->scores()->model, demo);
        QCOMPARE(w.jobs()->runningCount(), 0); // shown from the project, not recomputed
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-overview.png")));

        // Head and sentence views run on the installed demo model.
        QSignalSpy headShown(page, &AttentionSyntaxPage::headShown);
        const auto& all = page->scores()->relations[QStringLiteral("all")];
        page->showRelation(QStringLiteral("all"), all.bestDirection);
        QVERIFY(page->showHead(all.bestLayer, all.bestHead) != 0);
        QVERIFY(headShown.wait(30000));
        auto* wrong = page->findChild<QListWidget*>(QStringLiteral("headWrong"));
        auto* right = page->findChild<QListWidget*>(QStringLiteral("headRight"));
        QCOMPARE(wrong->count() + right->count(), 12);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-head.png")));
        // The longest sentence, at word and at piece level.
        const Treebank treebank = readConllu(QString::fromLatin1(AttentionSyntaxPage::kDefaultTreebank));
        int longest = 0;
        for (int i = 0; i < int(treebank.sentences.size()); ++i)
            if (treebank.sentences[size_t(i)].words.size() > treebank.sentences[size_t(longest)].words.size())
                longest = i;
        QSignalSpy sentenceShown(page, &AttentionSyntaxPage::sentenceShown);
        QVERIFY(page->showSentence(longest) != 0);
        QVERIFY(sentenceShown.wait(30000));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-sentence.png")));
        page->findChild<QCheckBox*>(QStringLiteral("pieceLevel"))->setChecked(true);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-sentence-pieces.png")));
    }

    void comparesTwoModelsOnTheSameTreebank()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery2")));
        testutil::scriptPrompts(w);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoProject();
        auto* page = qobject_cast<AttentionSyntaxPage*>(w.page(Workspace::Attention));
        const SyntaxScores trained = *page->scores();
        auto* compare = page->findChild<QComboBox*>(QStringLiteral("syntaxCompare"));
        QVERIFY(!compare->isEnabled()); // nothing to compare with yet

        const QString untrained = untrainedTwin(trained.model);
        QSignalSpy added(&w, &MainWindow::modelAdded);
        w.addModelFolder(untrained);
        QVERIFY(added.wait(20000));
        // Score All Models: both runs stored, the selected (trained) model's still on display.
        auto* modelBox = page->findChild<QComboBox*>(QStringLiteral("syntaxModel"));
        QCOMPARE(modelBox->currentData().toString(), trained.model);
        QSignalSpy stored(page, &AttentionSyntaxPage::analysisStored);
        QCOMPARE(page->runAnalysisForAllModels().size(), 2);
        QVERIFY(w.jobs()->waitForIdle(60000));
        QCOMPARE(stored.size(), 2);
        QCOMPARE(storedAnalyses(w.project()->workspace(Workspace::Attention)).size(), size_t(2));
        QCOMPARE(page->scores()->toJson(), trained.toJson()); // re-scored: the same numbers
        // Picking the untrained model shows its stored run, without a job.
        modelBox->setCurrentIndex(modelBox->findData(untrained));
        QCOMPARE(w.jobs()->runningCount(), 0);
        QCOMPARE(page->scores()->model, untrained);
        const SyntaxScores before = *page->scores();
        // Editing the workspace's notes (the same project section) leaves that choice alone.
        QTest::keyClicks(page->findChild<QPlainTextEdit*>(QStringLiteral("notes")), QStringLiteral(" Untrained twin added."));
        QCOMPARE(modelBox->currentData().toString(), untrained);
        QCOMPARE(page->scores()->model, untrained);

        // Compare the untrained model with the trained one.
        QVERIFY(compare->isEnabled());
        QCOMPARE(compare->count(), 2);
        page->setComparison(trained.model);
        QVERIFY(page->comparedScores());
        QCOMPARE(page->comparedScores()->model, trained.model);
        page->showRelation(QStringLiteral("all"), QStringLiteral("dep2head"));
        const auto delta = headDifference(before, trained, QStringLiteral("all"), QStringLiteral("dep2head"));
        const auto& a = before.relations[QStringLiteral("all")].dep2head;
        const auto& b = trained.relations[QStringLiteral("all")].dep2head;
        QCOMPARE(delta[2][3], a[2][3] - b[2][3]);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/demo-compare.png")));

        // Picking the trained model shows its stored run again, without a job.
        modelBox->setCurrentIndex(modelBox->findData(trained.model));
        QCOMPARE(w.jobs()->runningCount(), 0);
        QCOMPARE(page->scores()->toJson(), trained.toJson());

        // Batch export carries the comparison; undo takes it away.
        modelBox->setCurrentIndex(modelBox->findData(untrained));
        QVERIFY(page->comparedScores());
        const QString out = m_dir.filePath(QStringLiteral("export"));
        QString error;
        QVERIFY2(w.batchExport(out, &error), qPrintable(error));
        const QDir analysis(out + QStringLiteral("/attention-analysis"));
        const QString direction = before.relations[QStringLiteral("all")].bestDirection;
        for (const QString& f : {QStringLiteral("delta-all-%1.png").arg(direction), QStringLiteral("delta-all-%1.svg").arg(direction),
                                 QStringLiteral("delta-all-%1.pdf").arg(direction)})
            QVERIFY2(analysis.exists(f), qPrintable(f));
        const QString projectPath = m_dir.filePath(QStringLiteral("compare.sonde"));
        QVERIFY2(w.saveProjectTo(projectPath, &error), qPrintable(error));
        w.undoStack()->undo();
        QVERIFY(!page->comparedScores());

        // The saved project reopens on the same comparison.
        MainWindow reopened(m_dir.filePath(QStringLiteral("recovery3")));
        testutil::scriptPrompts(reopened);
        reopened.show();
        QVERIFY(reopened.openProject(projectPath, &error));
        auto* page2 = qobject_cast<AttentionSyntaxPage*>(reopened.page(Workspace::Attention));
        QVERIFY(page2->comparedScores());
        QCOMPARE(page2->scores()->model, untrained);
        QCOMPARE(page2->comparedScores()->model, trained.model);
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
        QCOMPARE(storedAnalyses(w.project()->workspace(Workspace::Attention)).size(), size_t(1));

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
        w.undoStack()->push(new EditNotesCommand(w.project(), Workspace::Attention, QStringLiteral("my unsaved note")));
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
        QCOMPARE(storedAnalyses(w.project()->workspace(Workspace::Attention)).size(), size_t(2));
        QCOMPARE(w.project()->models().size(), 2);
        auto* modelBox = w.findChild<QComboBox*>(QStringLiteral("syntaxModel"));
        QCOMPARE(modelBox->count(), 2);
        auto* page = qobject_cast<AttentionSyntaxPage*>(w.page(Workspace::Attention));
        modelBox->setCurrentIndex(modelBox->findData(untrained));
        QVERIFY(page->scores());
        QCOMPARE(page->scores()->model, QFileInfo(untrained).absoluteFilePath());
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
        for (const char* f : {"attention.png", "attention.svg", "attention.pdf", "project.sonde", "attention-analysis/scores.json",
                              "attention-analysis/heatmap-tree-uas.png"})
            QVERIFY2(QFileInfo::exists(QDir(out).filePath(QLatin1String(f))), f);
        QVERIFY(!QImage(QDir(out).filePath(QStringLiteral("attention.png"))).isNull());

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
