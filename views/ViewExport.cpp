#include "ViewExport.h"

#include "Error.h"

#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>

namespace sonde {

QStringList exportFormats()
{
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
}

void exportWidget(QWidget* widget, const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize size = widget->size();
    if (suffix == QLatin1String("png")) {
        if (!widget->grab().save(path, "PNG"))
            throw Error(QStringLiteral("%1: cannot write PNG").arg(path));
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(widget->windowTitle());
        QPainter painter;
        if (!painter.begin(&svg))
            throw Error(QStringLiteral("%1: cannot write SVG").arg(path));
        widget->render(&painter);
        painter.end();
    } else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf))
            throw Error(QStringLiteral("%1: cannot write PDF").arg(path));
        // Points vs pixels at 96 dpi: scale so the widget fills the page.
        const double scale = pdf.width() / double(size.width());
        painter.scale(scale, scale);
        widget->render(&painter);
        painter.end();
    } else {
        throw Error(QStringLiteral("%1: unknown export format \"%2\" (use png, svg or pdf)").arg(path, suffix));
    }
    if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0)
        throw Error(QStringLiteral("%1: export wrote nothing").arg(path));
}

} // namespace sonde
