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
int commandCorpus(const QStringList& args);
int commandTrain(const QStringList& args);
int commandPerplexity(const QStringList& args);

class Args;
// --device auto|cpu|cuda and --threads N, shared by the model commands: sets
// the threads and returns the device ("cpu", "cuda:0").
QString applyComputeOptions(const Args& args);

} // namespace sonde::cli
