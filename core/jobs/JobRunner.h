#pragma once
// Runs long work off the GUI thread (after KDAB hotspot's job model): each job
// reports progress, can be cancelled, and hands its result to a callback on the
// runner's thread. A cancelled job's result, or one superseded by a newer job
// with the same key, is dropped, so a view never draws stale data.
// A streaming job also publishes partial results while it runs (tokens,
// frames, rows of a table), delivered throttled on the runner's thread: every
// one in order, or only the newest (frames). Cancelling returns at once; a
// caller that must not race the worker (an edit of the weights it reads)
// passes a callback that runs once the worker has really stopped.
#include "jobs/JobContext.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>

#include <exception>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

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

    // How partial results reach the runner's thread.
    enum class Partials {
        All,        // every one, in order (tokens, rows)
        NewestWins, // only the latest not yet delivered (frames)
    };
    template <class P>
    using Publish = std::function<void(P)>;
    template <class T, class P>
    using StreamingWork = std::function<T(JobContext&, const Publish<P>&)>;

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

    // Like start(), and `work` may publish partial results, which reach
    // `onPartial` at most every ~40 ms (and all before `onResult`).
    template <class T, class P>
    JobId startStreaming(const QString& title, StreamingWork<T, P> work, std::function<void(P)> onPartial,
                         std::function<void(T)> onResult, std::function<void(const QString&)> onError = {},
                         const QString& key = QString(), Partials mode = Partials::All)
    {
        auto result = std::make_shared<std::unique_ptr<T>>();
        auto queue = std::make_shared<PartialQueue<P>>(mode);
        return startErased(
            title, key,
            [work = std::move(work), result, queue](JobContext& ctx) {
                *result = std::make_unique<T>(work(ctx, [queue](P partial) { queue->push(std::move(partial)); }));
            },
            [onResult = std::move(onResult), result]() { onResult(std::move(**result)); }, std::move(onError),
            [queue, onPartial = std::move(onPartial)] {
                for (P& p : queue->take())
                    onPartial(std::move(p));
            },
            queue);
    }

    // Cancels a job: its result is dropped and jobFinished(Cancelled) comes at
    // once. `onStopped`, when given, runs on this thread once the worker has
    // returned (at once if it already has).
    void cancel(JobId id, std::function<void()> onStopped = {});
    void cancelAll();
    int runningCount() const { return m_jobs.size(); }
    QList<JobId> runningJobs() const { return m_jobs.keys(); }
    QString title(JobId id) const;

Q_SIGNALS:
    void jobStarted(sonde::JobId id, const QString& title);
    void jobProgress(sonde::JobId id, double fraction, const QString& message);
    void jobFinished(sonde::JobId id, sonde::JobOutcome outcome, const QString& message);

private:
    // Partials waiting for the runner's thread; `m_pending` says a delivery
    // is already on its way, so a fast worker posts one event per interval.
    struct PartialSource {
        virtual ~PartialSource() = default;
        std::function<void()> notify; // set by the runner before the worker starts
    };
    template <class P>
    class PartialQueue : public PartialSource {
    public:
        explicit PartialQueue(Partials mode) : m_mode(mode) {}
        void push(P p)
        {
            bool first = false;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                if (m_mode == Partials::NewestWins)
                    m_items.clear();
                m_items.push_back(std::move(p));
                first = !std::exchange(m_pending, true);
            }
            if (first && notify) // one delivery on its way collects everything pushed until it runs
                notify();
        }
        std::vector<P> take()
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_pending = false;
            return std::exchange(m_items, {});
        }
    private:
        Partials m_mode;
        std::mutex m_mutex;
        std::vector<P> m_items;
        bool m_pending = false;
    };

    struct Job;
    JobId startErased(const QString& title, const QString& key, std::function<void(JobContext&)> work,
                      std::function<void()> deliver, std::function<void(const QString&)> onError,
                      std::function<void()> deliverPartials = {}, std::shared_ptr<PartialSource> partials = {});
    void schedulePartials(JobId id);
    void deliverPartials(JobId id);
    void workerDone(JobId id, JobOutcome outcome, const QString& message);
    void finish(JobId id, JobOutcome outcome, const QString& message);

    QThreadPool m_pool;
    QHash<JobId, std::shared_ptr<Job>> m_jobs;
    QHash<JobId, std::shared_ptr<Job>> m_stopping; // cancelled, worker still running
    JobId m_nextId = 1;
};

} // namespace sonde

Q_DECLARE_METATYPE(sonde::JobOutcome)
