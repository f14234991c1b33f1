// The Attention & Syntax workspace on the real stories260k model over the EWT
// dev set (needs ../shared): the analysis runs as a job from the page, lands in
// the project through undo, is drawn (screenshots saved under the build tree),
// and comes back from a saved project without being recomputed.
#include "AttentionSyntaxPage.h"
#include "GuiTestUtil.h"
#include "MainWindow.h"
#include "TestUtil.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sonde;

class TestGuiSyntax : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

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
        QSignalSpy added(&w, &MainWindow::modelAdded);
        w.addModelFolder(m_model);
        QVERIFY(added.wait(20000));
        w.setCurrentWorkspace(Workspace::Attention);
        auto* page = qobject_cast<AttentionSyntaxPage*>(w.page(Workspace::Attention));
        QVERIFY(page);
        QVERIFY(!page->scores());
        // A treebank that cannot be read: a clear message, and the project is left as it was.
        auto* treebankEdit = page->findChild<QLineEdit*>(QStringLiteral("syntaxTreebank"));
        const QJsonObject before = w.project()->toJson();
        treebankEdit->setText(m_dir.filePath(QStringLiteral("missing.conllu")));
        QSignalSpy failed(page, &AttentionSyntaxPage::analysisFailed);
        QVERIFY(page->runAnalysis() != 0);
        QVERIFY(failed.wait(20000));
        QVERIFY2(failed[0][0].toString().contains(QStringLiteral("missing.conllu: cannot open")), qPrintable(failed[0][0].toString()));
        QVERIFY(page->findChild<QLabel*>(QStringLiteral("syntaxSummary"))->text().contains(QStringLiteral("missing.conllu")));
        QCOMPARE(w.project()->toJson(), before);
        QVERIFY(!page->scores());

        treebankEdit->setText(testutil::sharedDir() + QStringLiteral("/treebanks/en_ewt-ud-dev.conllu"));

        QSignalSpy stored(page, &AttentionSyntaxPage::analysisStored);
        QVERIFY(page->runAnalysis() != 0);
        QTest::qWait(300);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-running.png")));
        QVERIFY(stored.wait(120000));
        QVERIFY(page->scores());
        QCOMPARE(page->scores()->sentencesUsed, 2001);
        QVERIFY(w.isDirty());

        const QList<std::pair<QString, QString>> views = {{QStringLiteral("all"), QStringLiteral("dep2head")},
                                                          {QStringLiteral("obj"), QStringLiteral("dep2head")},
                                                          {QStringLiteral("case"), QStringLiteral("head2dep")},
                                                          {QStringLiteral("all"), QStringLiteral("uas")}};
        QString error0;
        for (const auto& [relation, view] : views) {
            page->showRelation(relation, view);
            QTest::qWait(50);
            QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-%1-%2.png").arg(relation, view)));
        }

        // Head view: click the obj head in the heatmap.
        page->showRelation(QStringLiteral("obj"), QStringLiteral("dep2head"));
        QSignalSpy headShown(page, &AttentionSyntaxPage::headShown);
        auto* heatmap = page->findChild<QWidget*>(QStringLiteral("headHeatmap"));
        const auto& obj = page->scores()->relations[QStringLiteral("obj")];
        // Cell centre: the grid spans (54, 30) to (width - 96, height - 34).
        const double cw = (heatmap->width() - 54 - 96) / 8.0, ch = (heatmap->height() - 30 - 34) / 5.0;
        QTest::mouseClick(heatmap, Qt::LeftButton, {}, QPoint(int(54 + (obj.bestHead + 0.5) * cw), int(30 + (obj.bestLayer + 0.5) * ch)));
        QVERIFY(headShown.wait(60000));
        QCOMPARE(headShown[0][0].toInt(), obj.bestLayer);
        QCOMPARE(headShown[0][1].toInt(), obj.bestHead);
        auto* right = page->findChild<QListWidget*>(QStringLiteral("headRight"));
        auto* wrong = page->findChild<QListWidget*>(QStringLiteral("headWrong"));
        QVERIFY(right->count() > 0 && wrong->count() > 0);
        QVERIFY(wrong->item(0)->text().contains(QStringLiteral("(gold: ")));
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-head-view.png")));

        // Sentence view: double-click a sentence the head gets wrong.
        QSignalSpy sentenceShown(page, &AttentionSyntaxPage::sentenceShown);
        const int index = wrong->item(2)->data(Qt::UserRole).toInt();
        Q_EMIT wrong->itemDoubleClicked(wrong->item(2));
        QVERIFY(sentenceShown.wait(60000));
        QCOMPARE(sentenceShown[0][0].toInt(), index);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-sentence-words.png")));
        page->findChild<QCheckBox*>(QStringLiteral("pieceLevel"))->setChecked(true);
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-sentence-pieces.png")));

        // Batch export carries the analysis: score files and a heatmap per relation.
        const QString out = m_dir.filePath(QStringLiteral("export"));
        QVERIFY2(w.batchExport(out, &error0), qPrintable(error0));
        const QDir analysis(out + QStringLiteral("/attention-analysis"));
        for (const char* f : {"scores.json", "scores.csv", "scores.tex", "heatmap-obj-dep2head.png", "heatmap-obj-dep2head.svg",
                              "heatmap-obj-dep2head.pdf", "heatmap-tree-uas.png", "best-head-vs-baseline.pdf"})
            QVERIFY2(analysis.exists(QLatin1String(f)), f);
        QFile json(analysis.filePath(QStringLiteral("scores.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(SyntaxScores::fromJson(QJsonDocument::fromJson(json.readAll()).object()).toJson(), page->scores()->toJson());
        QVERIFY(w.grab().save(QStringLiteral(SONDE_SCREENSHOT_DIR "/syntax-after-export.png")));

        // Saved and reopened: the analysis is back, no job runs.
        const QString projectPath = m_dir.filePath(QStringLiteral("syntax.sonde"));
        QString error;
        QVERIFY2(w.saveProjectTo(projectPath, &error), qPrintable(error));
        MainWindow reopened(m_dir.filePath(QStringLiteral("recovery2")));
        testutil::scriptPrompts(reopened);
        reopened.show();
        QVERIFY(reopened.openProject(projectPath, &error));
        auto* page2 = qobject_cast<AttentionSyntaxPage*>(reopened.page(Workspace::Attention));
        QVERIFY(page2->scores());
        QCOMPARE(page2->scores()->toJson(), page->scores()->toJson());

        // The analysis arrived through undo: undo takes it away again.
        w.undoStack()->undo();
        QVERIFY(!page->scores());
    }
};

QTEST_MAIN(TestGuiSyntax)
#include "tst_gui_syntax.moc"
