// The Attention & Syntax workspace on the real stories260k model over the EWT
// dev set (needs ../shared): scoring runs as a cancellable job with progress
// and time left, lands in the project through undo, is drawn (screenshots
// saved under the build tree), the heatmap's clicks lead to the head and
// sentence views, and a saved project brings the run back without a job.
#include "GuiTestUtil.h"
#include "MainWindow.h"
#include "TestUtil.h"
#include "figures/HeatmapView.h"
#include "syntax/SyntaxPage.h"
#include "syntax/SyntaxSection.h"
#include "syntax/SyntaxWorkspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sonde;

class TestGuiSyntax : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

    static SyntaxData ewt(int maxSentences = 0)
    {
        SyntaxData d;
        d.treebank = testutil::sharedDir() + QStringLiteral("/treebanks/en_ewt-ud-dev.conllu");
        d.maxSentences = maxSentences;
        return d;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_model = testutil::sharedDir() + QStringLiteral("/models/stories260k-hf");
        if (!QFileInfo::exists(m_model))
            QSKIP("../shared not found; shared-fixture GUI test skipped");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SondeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("SondeGuiSyntaxTest"));
        QDir().mkpath(QStringLiteral(SONDE_SCREENSHOT_DIR));
    }

    void scoresTheTreebankFromTheWorkspace()
    {
        MainWindow w(m_dir.filePath(QStringLiteral("recovery")));
        testutil::scriptPrompts(w);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.newProject();
        w.addModelFolder(m_model);
        QTRY_COMPARE_WITH_TIMEOUT(w.project()->models().size(), 1, 20000);
        w.setCurrentWorkspace(kSyntaxKey);
        auto* page = qobject_cast<SyntaxPage*>(w.page(kSyntaxKey));
        QVERIFY(page);
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("No run of stories260k-hf")));

        // A treebank that cannot be read: a clear message, and the project is left as it was.
        const QJsonObject before = w.project()->toJson();
        SyntaxData missing;
        missing.treebank = m_dir.filePath(QStringLiteral("missing.conllu"));
        page->selectData(missing);
        QCOMPARE(page->findChild<QComboBox*>(QStringLiteral("syntaxTreebank"))->currentText(), QStringLiteral("missing.conllu"));
        QVERIFY(page->scoreHeads() != 0);
        QVERIFY(testutil::waitForIdle(*w.jobs(), 20000));
        const QString failure = testutil::labelText(page, QStringLiteral("syntaxSummary"));
        QVERIFY2(failure.contains(QStringLiteral("missing.conllu: cannot open")), qPrintable(failure));
        QCOMPARE(w.project()->toJson(), before);

        // Score Heads turns into Cancel while it runs, with a percentage and the time left.
        page->selectData(ewt());
        auto* score = page->findChild<QPushButton*>(QStringLiteral("runSyntax"));
        QVERIFY(page->scoreHeads() != 0);
        QCOMPARE(score->text(), QStringLiteral("Cancel"));
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("syntaxProgress")).contains(QStringLiteral("left")), 20000);
        const QString progress = testutil::labelText(page, QStringLiteral("syntaxProgress"));
        QVERIFY2(progress.contains(QLatin1Char('%')) && progress.contains(QStringLiteral("Sentence")), qPrintable(progress));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-running.png")));
        score->click(); // cancel
        QCOMPARE(score->text(), QStringLiteral("Score Heads"));
        QVERIFY(syntaxSection(*w.project()).runs.empty());

        QVERIFY(page->scoreHeads() != 0);
        QTRY_COMPARE_WITH_TIMEOUT(syntaxSection(*w.project()).runs.size(), size_t(1), 120000);
        const SyntaxRun run = syntaxSection(*w.project()).runs.front();
        QCOMPARE(run.scores.sentencesUsed, 2001);
        QCOMPARE(run.modelId, w.project()->models().front().id);
        QCOMPARE(run.weights, w.project()->models().front().fileHashes);
        QVERIFY(w.isDirty());
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).contains(QStringLiteral("2001 sentences")));

        const QList<std::pair<QString, QString>> views = {{QStringLiteral("all"), QStringLiteral("dep2head")},
                                                          {QStringLiteral("obj"), QStringLiteral("dep2head")},
                                                          {QStringLiteral("case"), QStringLiteral("head2dep")},
                                                          {QStringLiteral("all"), QStringLiteral("uas")}};
        auto* heatmap = page->findChild<HeatmapView*>(QStringLiteral("overviewHeatmap"));
        for (const auto& [relation, view] : views) {
            page->showRelation(relation, view);
            QCOMPARE(heatmap->figure().rows(), 5);
            QCOMPARE(heatmap->figure().value(2, 3), headMatrix(run.scores, relation, view)[2][3]);
            QTest::qWait(50);
            QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-%1-%2.png").arg(relation, view)));
        }

        // Head view: a click on the obj relation's best head in the heatmap.
        page->showRelation(QStringLiteral("obj"), QStringLiteral("dep2head"));
        const auto& obj = run.scores.relations[QStringLiteral("obj")];
        QPoint cell;
        for (int y = 0; y < heatmap->height() && cell.isNull(); y += 2)
            for (int x = 0; x < heatmap->width(); x += 2) {
                int r = -1, c = -1;
                if (heatmap->figure().cellAt(heatmap->rect(), heatmap->font(), QPointF(x, y), &r, &c) && r == obj.bestLayer && c == obj.bestHead) {
                    cell = QPoint(x + 3, y + 3);
                    break;
                }
            }
        QTest::mouseClick(heatmap, Qt::LeftButton, {}, cell);
        auto* right = page->findChild<QListWidget*>(QStringLiteral("headRight"));
        auto* wrong = page->findChild<QListWidget*>(QStringLiteral("headWrong"));
        QTRY_VERIFY_WITH_TIMEOUT(right->count() > 0 && wrong->count() > 0, 60000);
        const QString headTitle = testutil::labelText(page, QStringLiteral("headTitle"));
        QVERIFY2(headTitle.contains(QStringLiteral("layer %1, head %2").arg(obj.bestLayer).arg(obj.bestHead)), qPrintable(headTitle));
        QVERIFY2(headTitle.contains(QStringLiteral(" words right")), qPrintable(headTitle));
        QVERIFY(wrong->item(0)->text().contains(QStringLiteral("(gold: ")));
        QVERIFY(wrong->item(0)->text().contains(QStringLiteral("words right")));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-head-view.png")));

        // Sentence view: double-click a sentence the head gets wrong, then step to the next.
        Q_EMIT wrong->itemDoubleClicked(wrong->item(2));
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("sentenceTitle")).contains(QStringLiteral("words right")), 60000);
        const QString first = testutil::labelText(page, QStringLiteral("sentenceTitle"));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-sentence-words.png")));
        page->findChild<QCheckBox*>(QStringLiteral("pieceLevel"))->setChecked(true);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-sentence-pieces.png")));
        page->findChild<QPushButton*>(QStringLiteral("sentenceNext"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(testutil::labelText(page, QStringLiteral("sentenceTitle")) != first
                                     && testutil::labelText(page, QStringLiteral("sentenceTitle")).contains(QStringLiteral("words right")),
                                 60000);

        // Batch export: the run's score files and figures in its own folder.
        const QString out = m_dir.filePath(QStringLiteral("export"));
        QString error;
        QVERIFY2(w.batchExport(out, &error), qPrintable(error));
        const QDir analysis(out + QStringLiteral("/attention/stories260k-hf__en_ewt-ud-dev"));
        for (const char* f : {"scores.json", "scores.csv", "scores.tex", "heatmap-obj-dep2head.png", "heatmap-obj-dep2head.svg",
                              "heatmap-obj-dep2head.pdf", "heatmap-tree-uas.png", "best-head-vs-baseline.pdf"})
            QVERIFY2(analysis.exists(QLatin1String(f)), f);
        QCOMPARE(SyntaxScores::fromJson(QJsonDocument::fromJson(testutil::readFile(analysis.filePath(QStringLiteral("scores.json")))).object()).toJson(),
                 run.scores.toJson());

        // Saved and reopened: the run is back, no job runs.
        const QString projectPath = m_dir.filePath(QStringLiteral("syntax.sonde"));
        QVERIFY2(w.saveProjectTo(projectPath, &error), qPrintable(error));
        MainWindow reopened(m_dir.filePath(QStringLiteral("recovery2")));
        testutil::scriptPrompts(reopened);
        reopened.show();
        QVERIFY(reopened.openProject(projectPath, &error));
        QCOMPARE(reopened.jobs()->runningCount() - int(reopened.project()->models().size()), 0); // only the weight checks
        QVERIFY(testutil::labelText(reopened.page(kSyntaxKey), QStringLiteral("syntaxSummary")).contains(QStringLiteral("2001 sentences")));

        // The run arrived through undo: undo takes it away, and every tab says so.
        w.undoStack()->undo();
        QVERIFY(syntaxSection(*w.project()).runs.empty());
        QVERIFY(testutil::labelText(page, QStringLiteral("syntaxSummary")).startsWith(QStringLiteral("No run of stories260k-hf")));
        QVERIFY(testutil::labelText(page, QStringLiteral("headTitle")).startsWith(QStringLiteral("No run of stories260k-hf")));
        QVERIFY(testutil::labelText(page, QStringLiteral("sentenceTitle")).startsWith(QStringLiteral("No run of stories260k-hf")));
        QVERIFY(heatmap->figure().isEmpty());
    }
};

QTEST_MAIN(TestGuiSyntax)
#include "tst_gui_syntax.moc"
