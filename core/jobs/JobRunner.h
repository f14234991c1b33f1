#pragma once
// Runs long work off the GUI thread (after KDAB hotspot's job model): each job
// reports progress, can be cancelled, and hands its result to a callback on the
// runner's thread. A cancelled job's result, or one superseded by a newer job
// with the same key, is dropped, so a view never draws stale data.
#include "jobs/JobContext.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>

#include <exception>
#include <memory>

namespace sonde {

using JobId = quint64;

enum class JobOutcome { Succeeded, Failed, Cancelled };

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override; // cancels everything and waits for the workers

    template <class T>
    using Work = std::function<T(JobContext&)>;

    // Starts `work` on a worker thread. `onResult` runs on this object's thread
    // with the value, unless the job was cancelled or superseded meanwhile.
    // `onError` gets the message of a sonde::Error or std::exception.
    // A non-empty `key` cancels a running job with the same key first.
    template <class T>
    JobId start(const QString& title, Work<T> work, std::function<void(T)> onResult,
                std::function<void(const QString&)> onError = {}, const QString& key = QString())
    {
        auto result = std::make_shared<std::unique_ptr<T>>();
        return startErased(
            title, key,
            [work = std::move(work), result](JobContext& ctx) { *result = std::make_unique<T>(work(ctx)); },
            [onResult = std::move(onResult), result]() { onResult(std::move(**result)); }, std::move(onError));
    }

    void cancel(JobId id);
    void cancelAll();
    int runningCount() const { return m_jobs.size(); }
    QList<JobId> runningJobs() const { return m_jobs.keys(); }
    QString title(JobId id) const;
    // Processes events until no job runs or `msecs` pass; true when idle.
    bool waitForIdle(int msecs);

Q_SIGNALS:
    void jobStarted(sonde::JobId id, const QString& title);
    void jobProgress(sonde::JobId id, double fraction, const QString& message);
    void jobFinished(sonde::JobId id, sonde::JobOutcome outcome, const QString& message);

private:
    struct Job;
    JobId startErased(const QString& title, const QString& key, std::function<void(JobContext&)> work,
                      std::function<void()> deliver, std::function<void(const QString&)> onError);
    void finish(JobId id, JobOutcome outcome, const QString& message);

    QThreadPool m_pool;
    QHash<JobId, std::shared_ptr<Job>> m_jobs;
    JobId m_nextId = 1;
};

} // namespace sonde

Q_DECLARE_METATYPE(sonde::JobOutcome)
