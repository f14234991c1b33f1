#pragma once
#include <QString>

class QWidget;

namespace sonde {

// Renders a widget to PNG (pixels), SVG or PDF (vector where the widget paints
// vectors). The format comes from the file suffix. Throws sonde::Error.
void exportWidget(QWidget* widget, const QString& path);
QStringList exportFormats(); // {"png", "svg", "pdf"}

} // namespace sonde
