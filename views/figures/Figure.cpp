#include "figures/Figure.h"

#include "Error.h"
#include "util/JsonFile.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace sonde {

QStringList figureFormats()
{
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
}

QPalette exportPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Mid, QColor(160, 160, 160));
    return p;
}

// Drawn into memory first and written atomically, so a failed export never
// leaves half a file where an older figure was.
void writeFigure(const Figure& figure, const QString& path, QSize size)
{
    if (!size.isValid())
        size = figure.preferredSize();
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QRect area(QPoint(0, 0), size);
    const QPalette palette = exportPalette();
    const QFont font = QGuiApplication::font();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPainter painter;
    if (suffix == QLatin1String("png")) {
        QImage image(size * 2, QImage::Format_ARGB32_Premultiplied); // twice the pixels: sharp in documents
        image.setDevicePixelRatio(2.0);
        image.fill(Qt::white);
        if (!painter.begin(&image))
            throw Error(QStringLiteral("%1: cannot draw the figure").arg(path));
        figure.paint(painter, area, palette, font);
        painter.end();
        if (!image.save(&buffer, "PNG"))
            throw Error(QStringLiteral("%1: cannot encode PNG").arg(path));
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(area);
        if (!painter.begin(&svg))
            throw Error(QStringLiteral("%1: cannot write SVG").arg(path));
        figure.paint(painter, area, palette, font);
        painter.end();
    } else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(72); // one point per pixel of the figure
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        if (!painter.begin(&pdf))
            throw Error(QStringLiteral("%1: cannot write PDF").arg(path));
        figure.paint(painter, area, palette, font);
        painter.end();
    } else {
        throw Error(QStringLiteral("%1: unknown figure format \"%2\" (png, svg or pdf)").arg(path, suffix));
    }
    buffer.close();
    if (bytes.isEmpty())
        throw Error(QStringLiteral("%1: the export drew nothing").arg(path));
    writeFileAtomically(path, bytes);
}

void writeFigureFormats(const Figure& figure, const QString& stem, QSize size)
{
    for (const QString& format : figureFormats())
        writeFigure(figure, stem + QLatin1Char('.') + format, size);
}

} // namespace sonde
