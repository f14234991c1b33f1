#pragma once
#include <QString>

namespace sonde {

// A file or folder of Sonde's read-only data (e.g. "models/sonde-demo-lm"):
// in <prefix>/share/sonde beside the installed binaries, mirrored in the
// build tree under build/share/sonde. Empty when it is not there.
QString dataPath(const QString& relative);

} // namespace sonde
