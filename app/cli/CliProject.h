#pragma once
// A project changed from the command line as the window changes it: under
// the project's lock (refused while a window has unsaved changes to it), read
// afresh, changed only through the undo commands, saved atomically.
#include "project/Project.h"

#include <QUndoStack>
#include <memory>

namespace sonde {
class ProjectLock;
}

namespace sonde::cli {

class ProjectEdit {
public:
    // Fails early (before long work) when the project is damaged or busy.
    static void check(const QString& path);

    // Takes the lock, waiting a little for another sonde-cli, and reads the
    // project (or starts one named after the file). Throws sonde::Error.
    explicit ProjectEdit(const QString& path);
    ~ProjectEdit();

    Project& project() { return m_project; }
    void push(QUndoCommand* command) { m_commands.push(command); }
    // The project's reference to the model in `folder`: added if new; when
    // its weights changed since the project recorded them, the change is said
    // on stderr and the new fingerprint recorded.
    const ModelRef& model(const QString& folder);
    void save();

private:
    QString m_path;
    std::unique_ptr<ProjectLock> m_lock;
    Project m_project;
    QUndoStack m_commands;
};

} // namespace sonde::cli
