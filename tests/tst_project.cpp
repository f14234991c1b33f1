// Projects: JSON round trip, undo commands, refusal of bad files without
// touching them, atomic saves, crash recovery.
#include "Error.h"
#include "project/Project.h"
#include "project/RecoveryStore.h"
#include "project/commands/AddModelCommand.h"
#include "project/commands/EditNotesCommand.h"
#include "project/commands/RemoveModelCommand.h"
#include "project/commands/RenameProjectCommand.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace sonde;

namespace {

ModelRef sampleModel(const QString& id)
{
    ModelRef m;
    m.id = id;
    m.path = QStringLiteral("/models/") + id;
    m.name = QStringLiteral("model ") + id;
    m.architecture = QStringLiteral("LlamaForCausalLM");
    m.parameters = 260032;
    m.dtype = QStringLiteral("F32");
    m.weightBytes = 1040128;
    m.fileHashes.insert(QStringLiteral("model.safetensors"), QStringLiteral("ab12"));
    return m;
}

void fill(Project& p)
{
    p.setName(QStringLiteral("Heads vs syntax"));
    p.insertModel(0, sampleModel(QStringLiteral("m1")));
    p.insertModel(1, sampleModel(QStringLiteral("m2")));
    p.setNotes(Workspace::Attention, QStringLiteral("head 5-3 tracks nsubj?\nünïcödé ✓"));
    QJsonObject chat = p.workspace(Workspace::Chat);
    chat.insert(QStringLiteral("futureField"), 42); // kept although this version does not know it
    p.setWorkspace(Workspace::Chat, chat);
}

QByteArray fileDigest(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestProject : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void roundTripsThroughFile()
    {
        Project original;
        fill(original);
        const QString path = m_dir.filePath(QStringLiteral("p.sonde"));
        saveProjectFile(original, path);

        Project reopened;
        loadProjectFile(reopened, path);
        QCOMPARE(reopened.name(), original.name());
        QCOMPARE(reopened.models().size(), 2);
        QVERIFY(reopened.models()[1] == original.models()[1]);
        QCOMPARE(reopened.notes(Workspace::Attention), original.notes(Workspace::Attention));
        QCOMPARE(reopened.workspace(Workspace::Chat).value(QStringLiteral("futureField")).toInt(), 42);
        QCOMPARE(reopened.toJson(), original.toJson());

        const QJsonObject json = QJsonDocument::fromJson([&] {
                                     QFile f(path);
                                     f.open(QIODevice::ReadOnly);
                                     return f.readAll();
                                 }())
                                     .object();
        QCOMPARE(json.value(QStringLiteral("formatVersion")).toInt(), Project::kFormatVersion);
        QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("sonde-project"));
    }

    void undoCommandsChangeAndRestore()
    {
        Project p;
        QUndoStack stack;
        stack.push(new RenameProjectCommand(&p, QStringLiteral("A")));
        stack.push(new AddModelCommand(&p, sampleModel(QStringLiteral("x"))));
        stack.push(new AddModelCommand(&p, sampleModel(QStringLiteral("y"))));
        stack.push(new RemoveModelCommand(&p, QStringLiteral("x")));
        QCOMPARE(p.models().size(), 1);
        QCOMPARE(p.models()[0].id, QStringLiteral("y"));
        stack.undo(); // x comes back at its old row
        QCOMPARE(p.models()[0].id, QStringLiteral("x"));
        QCOMPARE(p.models()[1].id, QStringLiteral("y"));
        stack.undo();
        stack.undo();
        QVERIFY(p.models().isEmpty());
        stack.undo();
        QCOMPARE(p.name(), QStringLiteral("Untitled"));
        stack.redo();
        QCOMPARE(p.name(), QStringLiteral("A"));
    }

    void notesEditsMergeIntoOneUndoStep()
    {
        Project p;
        QUndoStack stack;
        for (const char* text : {"h", "he", "hea", "head"})
            stack.push(new EditNotesCommand(&p, Workspace::Editor, QString::fromLatin1(text)));
        stack.push(new EditNotesCommand(&p, Workspace::Chat, QStringLiteral("other")));
        QCOMPARE(stack.count(), 2);
        stack.undo();
        QCOMPARE(p.notes(Workspace::Chat), QString());
        QCOMPARE(p.notes(Workspace::Editor), QStringLiteral("head"));
        stack.undo();
        QCOMPARE(p.notes(Workspace::Editor), QString());
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        Project good;
        fill(good);
        const QByteArray valid = projectBytes(good);
        QTest::newRow("empty") << QByteArray() << QStringLiteral("the file is empty");
        QTest::newRow("truncated") << valid.left(valid.size() / 2) << QStringLiteral("damaged or truncated project file");
        QTest::newRow("binary garbage") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << QStringLiteral("damaged or truncated");
        QTest::newRow("json array") << QByteArray("[1, 2]") << QStringLiteral("top level is not a JSON object");
        QTest::newRow("other json") << QByteArray(R"({"model_type": "llama"})") << QStringLiteral("not a Sonde project");
        QTest::newRow("newer version") << QByteArray(R"({"format":"sonde-project","formatVersion":7})")
                                       << QStringLiteral("written by a newer Sonde (project format 7; this version reads up to 1)");
        QTest::newRow("version wrong type") << QByteArray(R"({"format":"sonde-project","formatVersion":"1"})")
                                            << QStringLiteral("\"formatVersion\" must be a positive integer");
        QTest::newRow("models wrong type") << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":{}})")
                                           << QStringLiteral("\"models\" must be an array");
        QTest::newRow("model without path")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":[{"id":"a"}]})")
            << QStringLiteral("models[0]: \"path\" must be a non-empty string");
        QTest::newRow("duplicate model id")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":[{"id":"a","path":"/x"},{"id":"a","path":"/y"}]})")
            << QStringLiteral("models[1]: duplicate id \"a\"");
        QTest::newRow("workspace wrong type")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"workspaces":{"chat":[]}})")
            << QStringLiteral("workspaces.chat must be an object");
    }

    void refusesBadFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(QStringLiteral("bad.sonde"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        const QByteArray before = fileDigest(path);
        const QDateTime mtime = QFileInfo(path).lastModified();

        Project p;
        fill(p);
        const QJsonObject untouched = p.toJson();
        try {
            loadProjectFile(p, path);
            QFAIL("a bad file was accepted");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(path), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
        QCOMPARE(p.toJson(), untouched);           // nothing half-loaded
        QCOMPARE(fileDigest(path), before);        // nothing written
        QCOMPARE(QFileInfo(path).lastModified(), mtime);
    }

    void truncationErrorsGiveLineAndColumn()
    {
        Project p;
        try {
            loadProjectBytes(p, QByteArray("{\n  \"format\": \"sonde-project\",\n  \"name\": \n"), QStringLiteral("x.sonde"));
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("line 4")), qPrintable(e.message()));
        }
    }

    void failedSaveKeepsThePreviousFile()
    {
        Project p;
        fill(p);
        const QString path = m_dir.filePath(QStringLiteral("keep.sonde"));
        saveProjectFile(p, path);
        const QByteArray before = fileDigest(path);
        // A directory where the file should go makes the final rename fail.
        const QString blocked = m_dir.filePath(QStringLiteral("blocked.sonde"));
        QDir().mkpath(blocked);
        QVERIFY_THROWS_EXCEPTION(Error, saveProjectFile(p, blocked));
        p.setName(QStringLiteral("changed"));
        QVERIFY_THROWS_EXCEPTION(Error, saveProjectFile(p, m_dir.filePath(QStringLiteral("no/such/dir/x.sonde"))));
        QCOMPARE(fileDigest(path), before);
    }

    void recoveryOffersOnlyDeadSessions()
    {
        QTemporaryDir dir;
        Project p;
        fill(p);
        {
            RecoveryStore live(dir.path());
            QVERIFY(live.begin());
            live.write(p, QStringLiteral("/home/u/p.sonde"));
            // A second session sees the first one alive: nothing to offer.
            RecoveryStore other(dir.path());
            QVERIFY(other.begin());
            QVERIFY(other.orphaned().isEmpty());
        }
        // A clean exit removes the copy.
        RecoveryStore after(dir.path());
        QVERIFY(after.begin());
        QVERIFY(after.orphaned().isEmpty());
    }

    void recoveryRestoresACrashedSession()
    {
        QTemporaryDir dir;
        Project p;
        fill(p);
        // Simulate a crash: a recovery copy whose lock names a process that has exited.
        QProcess dead;
        dead.start(QStringLiteral("true"), QStringList());
        QVERIFY(dead.waitForFinished());
        const qint64 deadPid = dead.processId() ? dead.processId() : 999999;
        {
            RecoveryStore crashed(dir.path());
            QVERIFY(crashed.begin());
            crashed.write(p, QStringLiteral("/home/u/p.sonde"));
            // Keep the copy, as a crash would.
            const QString copy = crashed.recoveryFile();
            QFile::copy(copy, copy + QStringLiteral(".keep"));
        }
        const QStringList kept = QDir(dir.path()).entryList({QStringLiteral("*.keep")});
        QCOMPARE(kept.size(), 1);
        const QString copy = dir.filePath(kept.front().chopped(5));
        QFile::rename(dir.filePath(kept.front()), copy);
        const QString lock = copy.chopped(QStringLiteral(".recovery.json").size()) + QStringLiteral(".lock");
        {
            QFile f(lock);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::number(deadPid) + "\nsonde\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        }

        RecoveryStore next(dir.path());
        QVERIFY(next.begin());
        const auto orphans = next.orphaned();
        QCOMPARE(orphans.size(), 1);
        QCOMPARE(orphans[0].originalPath, QStringLiteral("/home/u/p.sonde"));
        QCOMPARE(orphans[0].projectName, p.name());
        Project restored;
        RecoveryStore::restore(orphans[0], restored);
        QCOMPARE(restored.toJson(), p.toJson());
        RecoveryStore::remove(orphans[0]);
        QVERIFY(next.orphaned().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
