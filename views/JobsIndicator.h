#pragma once
#include "jobs/JobRunner.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace sonde {

// Status-bar widget: the newest running job's title, progress and a cancel
// button; a count when several run. Hidden when nothing runs.
class JobsIndicator : public QWidget {
    Q_OBJECT
public:
    explicit JobsIndicator(JobRunner* runner, QWidget* parent = nullptr);

private:
    void refresh();

    JobRunner* m_runner;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
    JobId m_shown = 0;
};

} // namespace sonde
