#pragma once
#include <QStringList>
#include <QTextStream>

namespace sonde::cli {

QTextStream& out();
QTextStream& err();

// Each returns the process exit code; usage errors throw UsageError, failures sonde::Error.
int commandGenerate(const QStringList& args);
int commandDump(const QStringList& args);
int commandSyntax(const QStringList& args);

} // namespace sonde::cli
