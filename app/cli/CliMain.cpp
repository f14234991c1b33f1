// `sonde-cli`: the same core functions as the GUI, headless. Results go to
// stdout, errors to stderr with a non-zero exit code.
#include "cli/CliArgs.h"
#include "cli/CliCommands.h"
#include "Error.h"
#include "Version.h"
#include "runtime/Runtime.h"

#include <QGuiApplication>
#include <QTextStream>

#include <memory>

namespace sonde::cli {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

} // namespace sonde::cli

using sonde::cli::err;
using sonde::cli::out;

namespace {

enum Exit { Ok = 0, Failed = 1, Usage = 2 };

QString usageText(const sonde::cli::Registry& commands)
{
    QString text = QStringLiteral("Usage: sonde-cli [--help] [--version] <command> [options]\n\nCommands:\n");
    for (const sonde::cli::Command& c : commands.all())
        text += c.usage;
    text += QStringLiteral("\nOptions:\n"
                           "  -h, --help      Show this help.\n"
                           "  -v, --version   Show versions of Sonde, Qt, LibTorch and the BLAS in use.\n");
    return text;
}

QString versionText()
{
    const sonde::RuntimeInfo rt = sonde::runtimeInfo();
    return QStringLiteral("sonde-cli %1\nQt %2, LibTorch %3, BLAS: %4, CUDA devices: %5\n")
        .arg(QStringLiteral(SONDE_VERSION), QString::fromLatin1(qVersion()), rt.torchVersion, rt.blasDescription)
        .arg(rt.cudaDeviceCount);
}

// Commands that draw figures need a QGuiApplication; without a display it
// runs offscreen. The others keep to QCoreApplication.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv, bool gui)
{
    if (!gui)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace

int main(int argc, char** argv)
{
    sonde::cli::Registry commands;
    sonde::cli::registerBuiltinCommands(commands);
    const sonde::cli::Command* command = argc > 1 ? commands.find(QString::fromLocal8Bit(argv[1])) : nullptr;
    const auto app = makeApplication(argc, argv, command && command->needsGui);
    QCoreApplication::setApplicationName(QStringLiteral("sonde-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SONDE_VERSION));
    QStringList args = app->arguments().mid(1);
    if (args.isEmpty()) {
        err() << usageText(commands);
        return Usage;
    }
    const QString name = args.takeFirst();
    try {
        if (name == QLatin1String("-h") || name == QLatin1String("--help") || name == QLatin1String("help")) {
            out() << usageText(commands);
            return Ok;
        }
        if (name == QLatin1String("-v") || name == QLatin1String("--version")) {
            out() << versionText();
            return Ok;
        }
        if (!command) {
            err() << "sonde-cli: unknown command \"" << name << "\"\n\n" << usageText(commands);
            return Usage;
        }
        if (args.contains(QLatin1String("-h")) || args.contains(QLatin1String("--help"))) {
            out() << "Usage:\n" << command->usage;
            return Ok;
        }
        return command->run(args);
    } catch (const sonde::cli::UsageError& e) {
        err() << "sonde-cli " << e.message << "\n";
        if (command)
            err() << "\nUsage:\n" << command->usage;
        return Usage;
    } catch (const sonde::Error& e) {
        err() << "sonde-cli: " << e.message() << "\n";
        return Failed;
    } catch (const std::exception& e) {
        err() << "sonde-cli: " << e.what() << "\n";
        return Failed;
    }
}
