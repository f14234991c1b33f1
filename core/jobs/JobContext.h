#pragma once
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace sonde {

// Thrown by JobContext::checkCancelled() to unwind a job that was cancelled.
struct JobCancelled {};

// What a running job sees of its runner: a cancellation flag to poll and a
// progress sink. Work that can take more than a few milliseconds between polls
// should poll more often: cancel promises to end a job within a fraction of a second.
class JobContext {
public:
    using ProgressSink = std::function<void(double fraction, const QString& message)>;

    JobContext(std::shared_ptr<std::atomic_bool> cancelled, ProgressSink sink)
        : m_cancelled(std::move(cancelled)), m_sink(std::move(sink)) {}

    // A context for running job code synchronously (CLI, tests): never cancelled.
    static JobContext detached(ProgressSink sink = {})
    {
        return JobContext(std::make_shared<std::atomic_bool>(false), std::move(sink));
    }

    bool isCancelled() const { return m_cancelled->load(std::memory_order_relaxed); }
    void checkCancelled() const
    {
        if (isCancelled())
            throw JobCancelled{};
    }
    void setProgress(double fraction, const QString& message = QString()) const
    {
        if (m_sink)
            m_sink(fraction, message);
    }

private:
    std::shared_ptr<std::atomic_bool> m_cancelled;
    ProgressSink m_sink;
};

} // namespace sonde
