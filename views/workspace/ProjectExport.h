#pragma once
// The batch export of a project, one path for File ▸ Batch Export,
// `sonde --export` and `sonde-cli export`: the project file, and for each
// workspace a folder with its data (core) and figures (views). Headless: it
// draws figures, never grabs widgets, so it needs a QGuiApplication but no window.
#include <QString>
#include <QStringList>

namespace sonde {

class FingerprintCache;
class Project;
class ViewRegistry;

// Throws sonde::Error naming what could not be written. Returns the files
// written, relative to `dir`.
QStringList exportProject(const Project& project, const QString& dir, const ViewRegistry& views);
// A line for each model the project refers to that is missing or has changed
// (a headless export has no models dock to show it).
QStringList modelProblems(const Project& project, FingerprintCache* fingerprints);

} // namespace sonde
