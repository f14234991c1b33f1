// Built with every object of sonde_core and sonde_views linked in (whole
// archive) and without LibTorch: if any of them called a function that only
// sonde_torch defines, this program would not link. Running it makes one
// figure headless, so the views really work without the inference core.
#include "figures/BarChartFigure.h"
#include "project/Project.h"
#include "workspace/ViewRegistry.h"
#include "workspace/WorkspaceRegistry.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <cstdio>

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    sonde::Project project;
    if (sonde::WorkspaceRegistry::builtin().all().size() != sonde::ViewRegistry::builtin().all().size())
        return 1;
    sonde::BarChartFigure chart;
    chart.setTitle(QStringLiteral("linked without LibTorch"));
    QImage image(200, 100, QImage::Format_ARGB32);
    QPainter p(&image);
    chart.paint(p, image.rect(), sonde::exportPalette(), QGuiApplication::font());
    std::printf("sonde_core and sonde_views link without LibTorch (%d workspaces)\n", int(sonde::WorkspaceRegistry::builtin().all().size()));
    return 0;
}
