// `sonde`: the desktop application.
#include "MainWindow.h"
#include "Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char** argv)
{
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
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A .sonde project to open."), QStringLiteral("[project]"));
    parser.process(app);

    sonde::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
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
