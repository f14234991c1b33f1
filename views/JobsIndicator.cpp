#include "JobsIndicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace sonde {

JobsIndicator::JobsIndicator(JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("jobsIndicator"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_label->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 0); // busy until the job reports a fraction
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelJob"));
    m_cancel->setText(QStringLiteral("Cancel"));
    m_cancel->setToolTip(QStringLiteral("Cancel this job"));
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_shown)
            m_runner->cancel(m_shown);
    });
    connect(runner, &JobRunner::jobStarted, this, [this](JobId id, const QString&) {
        m_shown = id;
        m_bar->setRange(0, 0);
        refresh();
    });
    connect(runner, &JobRunner::jobProgress, this, [this](JobId id, double fraction, const QString& message) {
        if (id != m_shown)
            return;
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qBound(0.0, fraction, 1.0) * 1000));
        if (!message.isEmpty())
            m_label->setToolTip(message);
    });
    connect(runner, &JobRunner::jobFinished, this, [this](JobId id, JobOutcome, const QString&) {
        if (id == m_shown) {
            const auto running = m_runner->runningJobs();
            m_shown = running.isEmpty() ? 0 : running.back();
            m_bar->setRange(0, 0);
        }
        refresh();
    });
    refresh();
}

void JobsIndicator::refresh()
{
    const int n = m_runner->runningCount();
    setVisible(n > 0);
    if (n == 0)
        return;
    const QString title = m_runner->title(m_shown);
    m_label->setText(n == 1 ? title : QStringLiteral("%1 (+%2 more)").arg(title).arg(n - 1));
}

} // namespace sonde
