// The job runner: results arrive on the GUI thread, the GUI thread keeps
// processing events while a job runs, cancel ends a job within a fraction of a
// second, cancelled or superseded results are dropped; streaming jobs deliver
// their partial results throttled (all of them, or only the newest), and a
// cancel can wait for the worker to have really stopped.
#include "Error.h"
#include "TestUtil.h"
#include "jobs/JobRunner.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>
#include <QTimer>
#include <QtTest>

using namespace sonde;

namespace {

// Busy work that polls for cancellation every millisecond, for up to `ms`.
int spin(JobContext& ctx, int ms)
{
    QElapsedTimer t;
    t.start();
    int steps = 0;
    while (t.elapsed() < ms) {
        ctx.checkCancelled();
        ctx.setProgress(double(t.elapsed()) / ms, QStringLiteral("step %1").arg(steps));
        QThread::msleep(1);
        ++steps;
    }
    return steps;
}

} // namespace

class TestJobs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversResultOnTheCallingThread()
    {
        JobRunner runner;
        QThread* workerThread = nullptr;
        QThread* deliveryThread = nullptr;
        int result = 0;
        runner.start<int>(
            QStringLiteral("sum"),
            [&](JobContext&) {
                workerThread = QThread::currentThread();
                return 6 * 7;
            },
            [&](int v) {
                deliveryThread = QThread::currentThread();
                result = v;
            });
        QVERIFY(testutil::waitForIdle(runner, 5000));
        QCOMPARE(result, 42);
        QVERIFY(workerThread && workerThread != QThread::currentThread());
        QCOMPARE(deliveryThread, QThread::currentThread());
    }

    void guiThreadKeepsProcessingEventsWhileAJobRuns()
    {
        JobRunner runner;
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] { ++ticks; });
        timer.start(10);
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        QElapsedTimer wall;
        wall.start();
        bool done = false;
        runner.start<int>(QStringLiteral("long"), [](JobContext& ctx) { return spin(ctx, 600); }, [&](int) { done = true; });
        QVERIFY(testutil::waitForIdle(runner, 10000));
        QVERIFY(done);
        // A blocked GUI thread would see at most a tick or two in 600 ms.
        QVERIFY2(ticks >= 20, qPrintable(QStringLiteral("only %1 timer ticks during the job").arg(ticks)));
        // Progress is throttled, not one event per step (~600 steps).
        QVERIFY(progress.size() >= 3);
        QVERIFY2(progress.size() < 100, qPrintable(QString::number(progress.size())));
    }

    void cancelEndsAJobQuicklyAndDropsItsResult()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        std::atomic_bool workerExited{false};
        bool delivered = false;
        const JobId id = runner.start<int>(
            QStringLiteral("endless"),
            [&](JobContext& ctx) {
                struct Mark {
                    std::atomic_bool& flag;
                    ~Mark() { flag = true; }
                } mark{workerExited};
                return spin(ctx, 60'000);
            },
            [&](int) { delivered = true; });
        QTest::qWait(100);
        QElapsedTimer t;
        t.start();
        runner.cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(workerExited.load(), 2000);
        QVERIFY2(t.elapsed() < 250, qPrintable(QStringLiteral("worker took %1 ms to stop").arg(t.elapsed())));
        QTest::qWait(50);
        QVERIFY(!delivered);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][1].value<JobOutcome>(), JobOutcome::Cancelled);
        QCOMPARE(runner.runningCount(), 0);
    }

    void newerJobWithSameKeySupersedesTheOlder()
    {
        JobRunner runner;
        QList<int> delivered;
        runner.start<int>(QStringLiteral("old"), [](JobContext& ctx) { spin(ctx, 300); return 1; },
                          [&](int v) { delivered << v; }, {}, QStringLiteral("heatmap"));
        runner.start<int>(QStringLiteral("new"), [](JobContext&) { return 2; }, [&](int v) { delivered << v; }, {},
                          QStringLiteral("heatmap"));
        QVERIFY(testutil::waitForIdle(runner, 5000));
        QTest::qWait(400); // let the old worker finish: its result must still be dropped
        QCOMPARE(delivered, QList<int>{2});
    }

    void errorsReachTheErrorHandler()
    {
        JobRunner runner;
        QString error;
        bool delivered = false;
        runner.start<int>(
            QStringLiteral("fails"), [](JobContext&) -> int { throw Error(QStringLiteral("model.safetensors: tensor 'w': bad")); },
            [&](int) { delivered = true; }, [&](const QString& e) { error = e; });
        QVERIFY(testutil::waitForIdle(runner, 5000));
        QVERIFY(!delivered);
        QCOMPARE(error, QStringLiteral("model.safetensors: tensor 'w': bad"));
    }

    // Every partial, in order and before the result, in a few deliveries
    // rather than one event each.
    void streamingDeliversEveryPartialThrottled()
    {
        JobRunner runner;
        std::vector<int> received;
        int deliveries = 0, lastDeliveryAt = -1;
        QElapsedTimer clock;
        clock.start();
        bool resultAfterPartials = false;
        runner.startStreaming<int, int>(
            QStringLiteral("tokens"),
            [](JobContext&, const JobRunner::Publish<int>& publish) {
                for (int i = 1; i <= 2000; ++i)
                    publish(i);
                return 2000;
            },
            [&](int p) {
                received.push_back(p);
                if (int(clock.elapsed()) != lastDeliveryAt || deliveries == 0) {
                    ++deliveries;
                    lastDeliveryAt = int(clock.elapsed());
                }
            },
            [&](int total) { resultAfterPartials = int(received.size()) == total; });
        QVERIFY(testutil::waitForIdle(runner, 5000));
        QVERIFY(resultAfterPartials);
        QCOMPARE(received.size(), size_t(2000));
        QVERIFY(std::is_sorted(received.begin(), received.end()));
        QVERIFY2(deliveries <= 10, qPrintable(QString::number(deliveries)));
    }

    // Frames: only the newest waiting one is delivered; the last always is.
    void newestWinsDropsWhatIsOverwritten()
    {
        JobRunner runner;
        std::vector<int> received;
        runner.startStreaming<int, int>(
            QStringLiteral("frames"),
            [](JobContext&, const JobRunner::Publish<int>& publish) {
                for (int i = 1; i <= 300; ++i) {
                    publish(i);
                    QThread::usleep(500);
                }
                return 0;
            },
            [&](int frame) { received.push_back(frame); }, [](int) {}, {}, QString(), JobRunner::Partials::NewestWins);
        QVERIFY(testutil::waitForIdle(runner, 5000));
        QVERIFY(!received.empty());
        QCOMPARE(received.back(), 300);
        QVERIFY(std::is_sorted(received.begin(), received.end()));
        QVERIFY2(received.size() < 100, qPrintable(QString::number(received.size()))); // ~150 ms of frames at 25 per second
    }

    // A cancel returns at once; the callback waits for the worker, here one
    // that does not poll for 300 ms (a forward pass an edit must not race).
    void cancellingReportsWhenTheWorkerHasStopped()
    {
        JobRunner runner;
        std::atomic_bool returned{false};
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        const JobId id = runner.start<int>(
            QStringLiteral("forward pass"),
            [&](JobContext&) {
                QThread::msleep(300);
                returned = true;
                return 1;
            },
            [](int) { QFAIL("a cancelled job's result was delivered"); });
        QTest::qWait(50);
        bool stopped = false, workerWasDone = false;
        runner.cancel(id, [&] {
            stopped = true;
            workerWasDone = returned;
        });
        QCOMPARE(finished.size(), 1); // reported cancelled at once …
        QVERIFY(!stopped);            // … but the worker is still inside its pass
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 5000);
        QVERIFY(workerWasDone);
        // Asking about a job that is long gone answers at once.
        bool again = false;
        runner.cancel(id, [&] { again = true; });
        QVERIFY(again);
    }

    void destroyingTheRunnerCancelsRunningJobs()
    {
        QElapsedTimer t;
        t.start();
        {
            JobRunner runner;
            runner.start<int>(QStringLiteral("endless"), [](JobContext& ctx) { return spin(ctx, 60'000); }, [](int) {});
            QTest::qWait(50);
        }
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
