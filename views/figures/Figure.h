#pragma once
// A figure drawn with QPainter into any rectangle. Widgets paint one (the
// heatmap, the chart), and exports write the same one as PNG, SVG or PDF,
// headless, at its own size and titled with what it shows, rather than grab
// the widget with its controls around it.
#include <QFont>
#include <QPalette>
#include <QSize>
#include <QString>
#include <QStringList>

class QPainter;
class QRect;

namespace sonde {

class Figure {
public:
    virtual ~Figure() = default;
    virtual QSize preferredSize() const = 0;
    // Draws into `area` with `palette` (window, window text) and `font`.
    virtual void paint(QPainter& p, const QRect& area, const QPalette& palette, const QFont& font) const = 0;
};

QStringList figureFormats(); // "png", "svg", "pdf"
// Black on white whatever the desktop theme, so exported figures print.
QPalette exportPalette();
// Writes `figure` to `path` (its suffix picks PNG, SVG or PDF) at `size`, or
// its preferred size. Throws sonde::Error naming the file.
void writeFigure(const Figure& figure, const QString& path, QSize size = QSize());
// The figure in every format: `stem` + ".png", ".svg", ".pdf".
void writeFigureFormats(const Figure& figure, const QString& stem, QSize size = QSize());

} // namespace sonde
