#include "jobs/JobRunner.h"

#include "Error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QTimer>

namespace sonde {

struct JobRunner::Job {
    JobId id = 0;
    QString title;
    QString key;
    std::shared_ptr<std::atomic_bool> cancelled = std::make_shared<std::atomic_bool>(false);
    std::function<void()> deliver;
    std::function<void(const QString&)> onError;
    std::function<void()> deliverPartials;
    std::shared_ptr<PartialSource> partials;
    std::vector<std::function<void()>> onStopped;
    // Progress throttling: posting every call would flood the GUI event queue.
    QMutex progressMutex;
    QElapsedTimer sinceLastProgress;
    QElapsedTimer sinceLastPartials;
};

namespace {
constexpr qint64 kProgressIntervalMs = 40;
constexpr qint64 kPartialIntervalMs = 40;
}

JobRunner::JobRunner(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<sonde::JobId>("sonde::JobId");
    qRegisterMetaType<sonde::JobOutcome>("sonde::JobOutcome");
    // Jobs are few and coarse; the heavy lifting inside one (LibTorch) has its own threads.
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

JobRunner::~JobRunner()
{
    for (const auto& job : std::as_const(m_jobs))
        job->cancelled->store(true);
    m_pool.waitForDone();
}

JobId JobRunner::startErased(const QString& title, const QString& key, std::function<void(JobContext&)> work,
                             std::function<void()> deliver, std::function<void(const QString&)> onError,
                             std::function<void()> deliverPartials, std::shared_ptr<PartialSource> partials)
{
    if (!key.isEmpty())
        for (const auto& job : std::as_const(m_jobs))
            if (job->key == key)
                cancel(job->id);

    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->title = title;
    job->key = key;
    job->deliver = std::move(deliver);
    job->onError = std::move(onError);
    job->deliverPartials = std::move(deliverPartials);
    job->partials = std::move(partials);
    job->sinceLastProgress.start();
    job->sinceLastPartials.start();
    m_jobs.insert(job->id, job);
    Q_EMIT jobStarted(job->id, title);

    QPointer<JobRunner> self(this);
    const JobId id = job->id;
    if (job->partials)
        job->partials->notify = [self, id] {
            QMetaObject::invokeMethod(
                self, [self, id] {
                    if (self)
                        self->schedulePartials(id);
                },
                Qt::QueuedConnection);
        };
    auto sink = [self, job](double fraction, const QString& message) {
        {
            QMutexLocker lock(&job->progressMutex);
            if (fraction < 1.0 && job->sinceLastProgress.elapsed() < kProgressIntervalMs)
                return;
            job->sinceLastProgress.restart();
        }
        QMetaObject::invokeMethod(
            self, [self, id = job->id, fraction, message] {
                if (self && self->m_jobs.contains(id))
                    Q_EMIT self->jobProgress(id, fraction, message);
            },
            Qt::QueuedConnection);
    };

    m_pool.start([self, job, id, work = std::move(work), sink = std::move(sink)]() mutable {
        JobContext context(job->cancelled, sink);
        JobOutcome outcome = JobOutcome::Succeeded;
        QString message;
        try {
            context.checkCancelled();
            work(context);
        } catch (const JobCancelled&) {
            outcome = JobOutcome::Cancelled;
        } catch (const Error& e) {
            outcome = JobOutcome::Failed;
            message = e.message();
        } catch (const std::exception& e) {
            outcome = JobOutcome::Failed;
            message = QString::fromUtf8(e.what());
        } catch (...) {
            outcome = JobOutcome::Failed;
            message = QStringLiteral("unknown error");
        }
        // The runner may be gone (application shutting down): then nobody wants the result.
        QMetaObject::invokeMethod(
            self, [self, id, outcome, message] {
                if (self)
                    self->workerDone(id, outcome, message);
            },
            Qt::QueuedConnection);
    });
    return id;
}

// Delivers now if the last delivery was long enough ago, else once it is.
void JobRunner::schedulePartials(JobId id)
{
    const auto job = m_jobs.value(id);
    if (!job)
        return;
    const qint64 wait = kPartialIntervalMs - job->sinceLastPartials.elapsed();
    if (wait <= 0) {
        deliverPartials(id);
        return;
    }
    QPointer<JobRunner> self(this);
    QTimer::singleShot(int(wait), this, [self, id] {
        if (self)
            self->deliverPartials(id);
    });
}

void JobRunner::deliverPartials(JobId id)
{
    const auto job = m_jobs.value(id);
    if (!job || !job->deliverPartials)
        return;
    job->sinceLastPartials.restart();
    job->deliverPartials();
}

void JobRunner::workerDone(JobId id, JobOutcome outcome, const QString& message)
{
    if (const auto stopped = m_stopping.take(id)) { // cancelled earlier: its result was dropped then
        for (const auto& callback : stopped->onStopped)
            callback();
        return;
    }
    finish(id, outcome, message);
}

void JobRunner::finish(JobId id, JobOutcome outcome, const QString& message)
{
    const auto job = m_jobs.take(id);
    if (!job)
        return;
    if (job->cancelled->load())
        outcome = JobOutcome::Cancelled;
    if (outcome == JobOutcome::Succeeded && job->deliverPartials)
        job->deliverPartials(); // the last partials come before the result
    if (outcome == JobOutcome::Succeeded && job->deliver)
        job->deliver();
    else if (outcome == JobOutcome::Failed && job->onError)
        job->onError(message);
    Q_EMIT jobFinished(id, outcome, message);
}

void JobRunner::cancel(JobId id, std::function<void()> onStopped)
{
    const auto job = m_jobs.take(id);
    if (!job) {
        if (const auto stopping = m_stopping.value(id)) {
            if (onStopped)
                stopping->onStopped.push_back(std::move(onStopped));
        } else if (onStopped) {
            onStopped(); // finished (or never known): nothing runs
        }
        return;
    }
    // The worker notices at its next poll; whatever it returns is dropped
    // because the job is no longer in m_jobs.
    job->cancelled->store(true);
    if (onStopped)
        job->onStopped.push_back(std::move(onStopped));
    m_stopping.insert(id, job);
    Q_EMIT jobFinished(id, JobOutcome::Cancelled, QString());
}

void JobRunner::cancelAll()
{
    const auto ids = m_jobs.keys();
    for (JobId id : ids)
        cancel(id);
}

QString JobRunner::title(JobId id) const
{
    const auto job = m_jobs.value(id);
    return job ? job->title : QString();
}

} // namespace sonde
