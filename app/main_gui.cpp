// `sonde`: the desktop application, and its headless batch export.
#include "DemoProject.h"
#include "Error.h"
#include "MainWindow.h"
#include "Version.h"
#include "io/FingerprintCache.h"
#include "project/Project.h"
#include "workspace/ProjectExport.h"
#include "workspace/ViewRegistry.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <cstring>

namespace {

// --export renders views without a display: the platform must be chosen
// before QApplication exists, so argv is looked at first.
bool wantsExport(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--export") == 0 || std::strncmp(argv[i], "--export=", 9) == 0)
            return true;
    return false;
}

// `sonde --export DIR (--demo | project.sonde)`: the batch export by the same
// path as File ▸ Batch Export and `sonde-cli export`, without a window.
int exportHeadless(const QStringList& files, bool demo, const QString& dir)
{
    if (files.isEmpty() && !demo) {
        std::fprintf(stderr, "sonde: --export needs a project file or --demo\n");
        return 2;
    }
    try {
        sonde::Project project;
        if (files.isEmpty())
            sonde::loadDemoProject(project);
        else
            sonde::loadProjectFile(project, files.front());
        for (const QString& problem : sonde::modelProblems(project, &sonde::FingerprintCache::shared()))
            std::fprintf(stderr, "sonde: warning: %s\n", qPrintable(problem));
        const QStringList written = sonde::exportProject(project, dir, sonde::ViewRegistry::builtin());
        std::printf("exported %d files to %s\n", int(written.size()), qPrintable(dir));
        return 0;
    } catch (const sonde::Error& e) {
        std::fprintf(stderr, "sonde: %s\n", qPrintable(e.message()));
        return 1;
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (wantsExport(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Sonde"));
    QApplication::setApplicationName(QStringLiteral("Sonde"));
    QApplication::setApplicationVersion(QStringLiteral(SONDE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.sonde.Sonde"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sonde: look inside neural models and change them."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the built-in demo project."));
    parser.addOption(demo);
    QCommandLineOption exportTo(QStringLiteral("export"),
                                QStringLiteral("Without a window: write the project, each workspace's data and its figures "
                                               "(PNG, SVG, PDF) into <dir>, as File > Batch Export does, then exit."),
                                QStringLiteral("dir"));
    parser.addOption(exportTo);
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A .sonde project to open."), QStringLiteral("[project]"));
    parser.process(app);
    const QStringList files = parser.positionalArguments();

    if (parser.isSet(exportTo))
        return exportHeadless(files, parser.isSet(demo), parser.value(exportTo));
    sonde::MainWindow window;
    window.show();
    // After the event loop starts, so dialogs (recovery, errors) have a visible parent.
    QTimer::singleShot(0, &window, [&] {
        window.offerRecovery();
        QString error;
        if (!files.isEmpty()) {
            if (!window.openProject(files.front(), &error))
                qWarning("%s", qPrintable(error));
        } else if (parser.isSet(demo)) {
            window.openDemoProject();
        }
    });
    return app.exec();
}
