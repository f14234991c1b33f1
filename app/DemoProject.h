#pragma once
// Sonde's built-in demo project (resources/demo/demo.sonde), with its model
// found wherever Sonde is installed.
#include <QString>

namespace sonde {

class Project;

// Loads the demo into `project`. Returns the demo model's folder, empty when
// it is not installed (the stored analysis still shows; head and sentence
// views then need the model). Throws sonde::Error on a damaged resource.
QString loadDemoProject(Project& project);

} // namespace sonde
