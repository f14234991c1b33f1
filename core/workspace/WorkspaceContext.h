#pragma once
// What a workspace page is handed: the project and the undo stack its changes
// go through, the job runner for long work, the engines that reach the models,
// and the device chosen in Model ▸ Device. Nothing is reached as a global.
#include <QString>
#include <functional>

class QUndoStack;

namespace sonde {

class Engines;
class FingerprintCache;
class JobRunner;
class Project;

struct WorkspaceContext {
    Project* project = nullptr;
    QUndoStack* undo = nullptr;
    JobRunner* jobs = nullptr;
    const Engines* engines = nullptr;
    FingerprintCache* fingerprints = nullptr; // weight digests by file identity; may be null
    std::function<QString()> device = [] { return QStringLiteral("cpu"); };
    // A line for the window's status bar ("Removed … — Undo restores it").
    std::function<void(const QString&)> status = [](const QString&) {};
};

} // namespace sonde
