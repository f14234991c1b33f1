// `sonde`: the desktop application, and its headless batch export.
#include "MainWindow.h"
#include "Version.h"
#include "io/FingerprintCache.h"
#include "project/ModelCheck.h"

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

// A headless export has no models dock: what it would show goes to stderr,
// so an export drawn from missing or changed weights does not pass unnoticed.
void reportModelProblems(const sonde::Project& project)
{
    for (const sonde::ModelRef& m : project.models()) {
        const sonde::ModelCheck check = sonde::checkModel(m, nullptr, &sonde::FingerprintCache::shared());
        if (check.status != sonde::ModelCheck::Status::Ok)
            std::fprintf(stderr, "sonde: warning: model \"%s\" is %s: %s\n", qPrintable(m.name), qPrintable(check.statusName()),
                         qPrintable(check.detail));
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
                                QStringLiteral("Without a window: write every view (PNG, SVG, PDF), the project and its "
                                               "analyses into <dir>, as File > Export All does, then exit."),
                                QStringLiteral("dir"));
    parser.addOption(exportTo);
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A .sonde project to open."), QStringLiteral("[project]"));
    parser.process(app);
    const QStringList files = parser.positionalArguments();

    sonde::MainWindow window;
    if (parser.isSet(exportTo)) {
        QString error;
        window.setPrompter(std::make_unique<sonde::StderrPrompter>());
        window.resize(1400, 900);
        window.show();
        if (files.isEmpty() && !parser.isSet(demo)) {
            std::fprintf(stderr, "sonde: --export needs a project file or --demo\n");
            return 2;
        }
        if (files.isEmpty())
            window.openDemoProject();
        else if (!window.openProject(files.front(), &error)) {
            std::fprintf(stderr, "sonde: %s\n", qPrintable(error));
            return 1;
        }
        reportModelProblems(*window.project());
        if (!window.batchExport(parser.value(exportTo), &error)) {
            std::fprintf(stderr, "sonde: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("exported to %s\n", qPrintable(parser.value(exportTo)));
        return 0;
    }
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
