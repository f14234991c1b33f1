// Projects: JSON round trip, undo commands, refusal of bad files without
// touching them, atomic saves, crash recovery.
#include "Error.h"
#include "project/Project.h"
#include "project/ProjectFile.h"
#include "util/AtomicFile.h"
#include "project/RecoveryStore.h"
#include "project/commands/AddModelCommand.h"
#include "project/commands/SetSectionCommand.h"
#include "syntax/SyntaxSection.h"
#include "syntax/SyntaxWorkspace.h"
#include "workspace/WorkspaceRegistry.h"
#include "project/commands/RemoveModelCommand.h"
#include "project/commands/RenameProjectCommand.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <sys/stat.h>

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
    p.setSection(QStringLiteral("attention"), QJsonObject{{QStringLiteral("notes"), QStringLiteral("head 5-3 tracks nsubj?\nünïcödé ✓")}});
    QJsonObject chat = p.section(QStringLiteral("chat"));
    chat.insert(QStringLiteral("futureField"), 42); // kept although this version does not know it
    p.setSection(QStringLiteral("chat"), chat);
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
        QCOMPARE(reopened.notes(QStringLiteral("attention")), original.notes(QStringLiteral("attention")));
        QCOMPARE(reopened.section(QStringLiteral("chat")).value(QStringLiteral("futureField")).toInt(), 42);
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
            stack.push(editNotesCommand(&p, QStringLiteral("editor"), QString::fromLatin1(text)));
        stack.push(editNotesCommand(&p, QStringLiteral("chat"), QStringLiteral("other")));
        QCOMPARE(stack.count(), 2);
        stack.undo();
        QCOMPARE(p.notes(QStringLiteral("chat")), QString());
        QCOMPARE(p.notes(QStringLiteral("editor")), QStringLiteral("head"));
        stack.undo();
        QCOMPARE(p.notes(QStringLiteral("editor")), QString());
        // A section change that is not a notes edit is a step of its own, even right after typing.
        stack.push(editNotesCommand(&p, QStringLiteral("editor"), QStringLiteral("a")));
        stack.push(new SetSectionCommand(&p, QStringLiteral("editor"), QJsonObject{{QStringLiteral("notes"), QStringLiteral("a")}, {QStringLiteral("x"), 1}},
                                         QStringLiteral("Change")));
        stack.push(editNotesCommand(&p, QStringLiteral("editor"), QStringLiteral("ab")));
        QCOMPARE(stack.count(), 3);
        stack.undo();
        QCOMPARE(p.section(QStringLiteral("editor")).value(QStringLiteral("x")).toInt(), 1);
        QCOMPARE(p.notes(QStringLiteral("editor")), QStringLiteral("a"));
    }

    // Sections of workspaces this Sonde does not know, and of known ones in a
    // schema newer than it reads, are written back byte for byte.
    void aNewerFileRoundTrips()
    {
        const QByteArray newer = R"({"format": "sonde-project", "formatVersion": 2, "name": "from the future", "models": [],
            "workspaces": {"attention": {"schema": 9, "runs": "in a shape this Sonde cannot read"},
                           "holography": {"schema": 4, "frames": [1, 2, 3], "notes": "a workspace of a later Sonde"},
                           "chat": {"schema": 1, "notes": "known"}}})";
        Project p;
        loadProjectBytes(p, newer, QStringLiteral("newer.sonde"));
        QVERIFY(p.isSectionNewer(QStringLiteral("attention")));
        QVERIFY(!p.isSectionNewer(QStringLiteral("chat")));
        QCOMPARE(p.notes(QStringLiteral("chat")), QStringLiteral("known"));
        QVERIFY_THROWS_EXCEPTION(Error, p.setSection(QStringLiteral("attention"), {})); // kept as it is
        QVERIFY_THROWS_EXCEPTION(Error, p.setSection(QStringLiteral("holography"), {}));
        const QJsonObject written = p.toJson().value(QStringLiteral("workspaces")).toObject();
        const QJsonObject original = QJsonDocument::fromJson(newer).object().value(QStringLiteral("workspaces")).toObject();
        QCOMPARE(written.value(QStringLiteral("attention")), original.value(QStringLiteral("attention")));
        QCOMPARE(written.value(QStringLiteral("holography")), original.value(QStringLiteral("holography")));
        QCOMPARE(written.value(QStringLiteral("chat")).toObject().value(QStringLiteral("schema")).toInt(), 1);
    }

    // A registry a test makes: its workspace's sections are migrated from older
    // schemas on loading and carry its schema when written.
    void aRegisteredWorkspaceMigratesItsSection()
    {
        WorkspaceRegistry registry;
        registry.add({QStringLiteral("probe"), QStringLiteral("Probe"), 3,
                      [](const QJsonObject& old, int from, const QList<ModelRef>&) {
                          QJsonObject s = old;
                          s.insert(QStringLiteral("migratedFrom"), from);
                          s.insert(QStringLiteral("count"), old.value(QStringLiteral("n")).toInt() * 10);
                          return s;
                      },
                      {}});
        QVERIFY_THROWS_EXCEPTION(Error, registry.add({QStringLiteral("probe"), QStringLiteral("Twice"), 1, {}, {}}));
        Project p(nullptr, &registry);
        loadProjectBytes(p, R"({"format": "sonde-project", "formatVersion": 2, "workspaces": {"probe": {"schema": 2, "n": 4}}})",
                         QStringLiteral("old.sonde"));
        QCOMPARE(p.section(QStringLiteral("probe")).value(QStringLiteral("migratedFrom")).toInt(), 2);
        QCOMPARE(p.section(QStringLiteral("probe")).value(QStringLiteral("count")).toInt(), 40);
        QCOMPARE(p.toJson().value(QStringLiteral("workspaces")).toObject().value(QStringLiteral("probe")).toObject().value(QStringLiteral("schema")).toInt(), 3);
    }

    // Format 1 stored syntax runs by model folder; they open as runs by the
    // project's model id, with the shown run and the comparison kept.
    void aFormatOneSyntaxSectionIsMigrated()
    {
        const QByteArray scores = R"({"model": "/models/a", "treebank": "t.conllu", "sentences_used": 1, "words": 2, "layers": 1, "heads": 1,
            "relations": {"all": {"count": 1, "dep2head": [[0.5]], "head2dep": [[0.25]],
                                  "best": {"layer": 0, "head": 0, "direction": "dep2head", "accuracy": 0.5, "interval": [0.5, 0.5]},
                                  "baseline": {"offset": 1, "accuracy": 0.5, "interval": [0.5, 0.5]},
                                  "frequent_offset_baseline": {"offset": 1, "accuracy": 0.5}}},
            "mst": {"uas": [[0.5]], "uuas": [[0.5]], "right_branching_uas": 0.5, "left_branching_uas": 0}})";
        QByteArray v1 = R"({"format": "sonde-project", "formatVersion": 1, "models": [
                {"id": "ma", "path": "/models/a", "name": "a", "sha256": {"model.safetensors": "aa"}},
                {"id": "mb", "path": "/models/b", "name": "b", "sha256": {"model.safetensors": "bb"}}],
            "workspaces": {"attention": {"notes": "kept",
                "settings": {"model": "/models/a", "treebank": "t.conllu", "maxSentences": 0, "keepSubtypes": false},
                "compare": "/models/b",
                "analyses": [{"settings": {"model": "/models/a", "treebank": "t.conllu", "maxSentences": 0, "keepSubtypes": false}, "scores": SCORES},
                             {"settings": {"model": "/models/b", "treebank": "t.conllu", "maxSentences": 0, "keepSubtypes": false}, "scores": SCORES}]}}})";
        v1.replace("SCORES", scores);
        Project p;
        loadProjectBytes(p, v1, QStringLiteral("v1.sonde"));
        const SyntaxSection s = syntaxSection(p);
        QCOMPARE(s.notes, QStringLiteral("kept"));
        QCOMPARE(s.runs.size(), size_t(2));
        QVERIFY(s.problems.isEmpty());
        QCOMPARE(s.runs[0].modelId, QStringLiteral("ma"));
        QCOMPARE(s.runs[1].modelId, QStringLiteral("mb"));
        QCOMPARE(s.runs[1].weights.value(QStringLiteral("model.safetensors")), QStringLiteral("bb"));
        QCOMPARE(s.run(s.shown)->modelId, QStringLiteral("ma"));
        QCOMPARE(s.run(s.compare)->modelId, QStringLiteral("mb"));
        QCOMPARE(s.runs[0].scores.relations[QStringLiteral("all")].dep2head[0][0], 0.5);
        // Saved again, it is schema 2 and reads back the same.
        Project again;
        loadProjectBytes(again, projectBytes(p), QStringLiteral("again.sonde"));
        QCOMPARE(again.section(kSyntaxKey), p.section(kSyntaxKey));
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
                                       << QStringLiteral("written by a newer Sonde (project format 7; this version reads up to 2)");
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
        // Counts that would not survive a round trip (1e300 came back as -9223372036854776000).
        QTest::newRow("parameters 1e300")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":[{"id":"a","path":"/x","parameters":1e300}]})")
            << QStringLiteral("models[0]: \"parameters\" must be a whole number from 0 to 2^53, not 1.0000000000000001e+300");
        QTest::newRow("negative weight bytes")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":[{"id":"a","path":"/x","weightBytes":-1}]})")
            << QStringLiteral("\"weightBytes\" must be a whole number");
        QTest::newRow("fractional parameters")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":[{"id":"a","path":"/x","parameters":2.5}]})")
            << QStringLiteral("\"parameters\" must be a whole number");
        QTest::newRow("hash not a string")
            << QByteArray(R"({"format":"sonde-project","formatVersion":1,"models":[{"id":"a","path":"/x","sha256":{"model.safetensors":7}}]})")
            << QStringLiteral("\"sha256\" of \"model.safetensors\" must be a string");
    }

    void countsRoundTripExactly()
    {
        Project p;
        ModelRef m = sampleModel(QStringLiteral("big"));
        m.parameters = (qint64(1) << 53);
        m.weightBytes = (quint64(1) << 53) - 1;
        p.insertModel(0, m);
        const QString path = m_dir.filePath(QStringLiteral("counts.sonde"));
        saveProjectFile(p, path);
        Project reopened;
        loadProjectFile(reopened, path);
        QCOMPARE(reopened.models().front().parameters, m.parameters);
        QCOMPARE(reopened.models().front().weightBytes, m.weightBytes);
        QCOMPARE(projectBytes(reopened), projectBytes(p));
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

    // Saves replace the file in one step: the mode and a symbolic link are
    // kept, nothing is left beside the file after a failure, and a temporary
    // file that a kill left behind is cleared by the next save.
    void atomicSavesKeepModeLinksAndNoDebris()
    {
        Project p;
        fill(p);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.sonde"));
        saveProjectFile(p, path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        p.setName(QStringLiteral("second"));
        saveProjectFile(p, path);
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0640));

        const QString link = dir.filePath(QStringLiteral("link.sonde"));
        QVERIFY(QFile::link(path, link));
        p.setName(QStringLiteral("through the link"));
        saveProjectFile(p, link);
        QVERIFY(QFileInfo(link).isSymLink());
        Project viaTarget;
        loadProjectFile(viaTarget, path);
        QCOMPARE(viaTarget.name(), QStringLiteral("through the link"));

        // A kill between writing and renaming leaves a hidden temporary file; an
        // old one goes at the next save, a fresh one (a save in progress) stays.
        const QString old = dir.filePath(AtomicFile::temporaryPrefix(path) + QStringLiteral("dead01"));
        const QString fresh = dir.filePath(AtomicFile::temporaryPrefix(path) + QStringLiteral("busy02"));
        for (const QString& f : {old, fresh}) {
            QFile t(f);
            QVERIFY(t.open(QIODevice::WriteOnly));
            t.write("half a project");
        }
        {
            QFile t(old);
            QVERIFY(t.open(QIODevice::ReadWrite));
            QVERIFY(t.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
        }
        saveProjectFile(p, path);
        QVERIFY(!QFileInfo::exists(old));
        QVERIFY(QFileInfo::exists(fresh));
        QFile::remove(fresh);

        // A failed save leaves no temporary file.
        const QString blocked = dir.filePath(QStringLiteral("blocked.sonde"));
        QDir().mkpath(blocked);
        QVERIFY_THROWS_EXCEPTION(Error, saveProjectFile(p, blocked));
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral(".*sonde-save*")}, QDir::Files | QDir::Hidden), QStringList());
    }

    void aFifoIsRefusedWithoutBlocking()
    {
        const QString fifo = m_dir.filePath(QStringLiteral("pipe.sonde"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        Project p;
        QElapsedTimer clock;
        clock.start();
        try {
            loadProjectFile(p, fifo);
            QFAIL("a FIFO was read");
        } catch (const Error& e) {
            QVERIFY2(e.message().contains(QStringLiteral("pipe.sonde: is a named pipe (FIFO), not a regular file")), qPrintable(e.message()));
        }
        QVERIFY(clock.elapsed() < 2000);
    }

    // The lock beside a project: one holder at a time, its holder named, and a
    // lock left by a process that is gone taken over.
    void projectLockHasOneHolder()
    {
        const QString path = m_dir.filePath(QStringLiteral("locked.sonde"));
        ProjectLock first(path), second(path);
        QVERIFY(first.tryLock());
        QVERIFY(!second.tryLock());
        QVERIFY2(second.holder().contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())), qPrintable(second.holder()));
        first.unlock();
        QVERIFY(second.tryLock());
        second.unlock();

        QProcess dead;
        dead.start(QStringLiteral("true"), QStringList());
        QVERIFY(dead.waitForStarted());
        const qint64 deadPid = dead.processId();
        QVERIFY(dead.waitForFinished());
        {
            QFile f(ProjectLock::lockPath(path));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::number(deadPid) + "\nsonde\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        }
        QVERIFY(first.tryLock()); // stale: its process has exited
        QVERIFY(QFileInfo(ProjectLock::lockPath(path)).fileName().startsWith(QLatin1Char('.')));
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
