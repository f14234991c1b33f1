// `sonde-cli`: the same core functions as the GUI, headless. Results go to
// stdout, errors to stderr with a non-zero exit code.
#include "CliArgs.h"
#include "CliCommands.h"
#include "Error.h"
#include "Version.h"
#include "io/ModelFolder.h"
#include "runtime/Runtime.h"
#include "tokenizer/Tokenizer.h"
#include "tokenizer/TokenizerLoader.h"
#include "util/Format.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

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

const char* kUsage =
    "Usage: sonde-cli [--help] [--version] <command> [options]\n"
    "\n"
    "Commands:\n"
    "  info <model-folder> [--json]   Architecture, sizes, parameters and tokenizer of a\n"
    "                                 Hugging Face model folder (weights are not loaded).\n"
    "  (--no-bos: do not add the model's special tokens: BOS, [CLS] … [SEP], <s> … </s>)\n"
    "  generate --model DIR --prompt TEXT [--max-new-tokens N (256)] [--temperature T (0.8; 0 = greedy)]\n"
    "           [--top-k K (40)] [--top-p P (0.95)] [--min-p M (0.05)] [--repeat-penalty R (1.0)]\n"
    "           [--seed S] [--stop TEXT] [--no-bos] [--device auto|cpu|cuda] [--threads N] [--dtype f32|bf16|f16]\n"
    "                                 Prints only the generated text on stdout; statistics on stderr.\n"
    "  dump --model DIR --text TEXT --out FILE.safetensors [--no-bos] [--device ...] [--threads N] [--dtype ...]\n"
    "                                 Writes input_ids, logits, attentions [L,H,T,T] and\n"
    "                                 hidden_states [L+1,T,D] (the last after the final norm).\n"
    "  syntax --model DIR --treebank FILE.conllu --out DIR [--max-sentences N] [--keep-subtypes] [--seed S]\n"
    "         [--project FILE.sonde]\n"
    "                                 Scores every attention head against the treebank's gold trees;\n"
    "                                 writes scores.json, scores.csv and scores.tex into DIR, and with\n"
    "                                 --project stores the run in that project (created if missing).\n"
    "  corpus --out DIR [--held-out-fraction F (0.05)] FILE...\n"
    "                                 Splits plain text into documents (blank-line separated) and writes\n"
    "                                 DIR/train.txt and DIR/heldout.txt (the last F of every file).\n"
    "  train --tokenizer DIR|FILE.model --train FILE --held-out FILE --out DIR\n"
    "        [--layers N (6)] [--hidden N (192)] [--heads N (6)] [--kv-heads N] [--intermediate N (512)]\n"
    "        [--context N (256)] [--batch N (16)] [--steps N (1000)] [--lr X (3e-3)] [--min-lr X] [--warmup N]\n"
    "        [--weight-decay X (0.1)] [--clip X (1.0)] [--seed S] [--eval-every N] [--eval-windows N]\n"
    "        [--save-dtype f32|f16|bf16] [--log-every N] [--device ...] [--threads N]\n"
    "                                 Trains a Llama-style model from scratch; writes a Hugging Face folder\n"
    "                                 (config.json, model.safetensors, tokenizer, training.json).\n"
    "  perplexity --model DIR --text FILE [--context N] [--max-windows N] [--device ...] [--threads N] [--dtype ...]\n"
    "                                 Held-out perplexity over consecutive windows of N tokens.\n"
    "\n"
    "Options:\n"
    "  -h, --help      Show this help.\n"
    "  -v, --version   Show versions of Sonde, Qt, LibTorch and the BLAS in use.\n";

QString versionText()
{
    const sonde::RuntimeInfo rt = sonde::runtimeInfo();
    return QStringLiteral("sonde-cli %1\nQt %2, LibTorch %3, BLAS: %4, CUDA devices: %5\n")
        .arg(QStringLiteral(SONDE_VERSION), QString::fromLatin1(qVersion()), rt.torchVersion, rt.blasDescription)
        .arg(rt.cudaDeviceCount);
}

// Loads the tokenizer to report its size and special ids (and to prove it
// loads); one Sonde cannot read yet is a note, not a failure of `info`.
QString tokenizerDetails(const sonde::ModelInfo& info)
{
    if (info.tokenizer == sonde::TokenizerKind::None)
        return QString();
    try {
        const auto tok = sonde::loadTokenizer(info.path);
        QString text = QStringLiteral("%1 pieces").arg(tok->vocabSize());
        if (tok->bosId())
            text += QStringLiteral(", BOS %1").arg(*tok->bosId());
        if (tok->eosId())
            text += QStringLiteral(", EOS %1").arg(*tok->eosId());
        const auto& t = tok->specialTemplate();
        auto pieces = [&](const std::vector<int>& ids) {
            QStringList names;
            for (int id : ids)
                names << QString::fromStdString(tok->idToPiece(id));
            return names.join(QLatin1Char(' '));
        };
        if (!t.prefix.empty() && !t.suffix.empty())
            text += QStringLiteral(", wraps text in %1 … %2").arg(pieces(t.prefix), pieces(t.suffix));
        else if (!t.prefix.empty())
            text += QStringLiteral(", starts text with %1").arg(pieces(t.prefix));
        else if (!t.suffix.empty())
            text += QStringLiteral(", ends text with %1").arg(pieces(t.suffix));
        return text;
    } catch (const sonde::Error& e) {
        return QStringLiteral("not readable by Sonde yet (%1)").arg(e.message());
    }
}

int commandInfo(const QStringList& argList)
{
    const sonde::cli::Args args(QStringLiteral("info"), argList, {}, {QStringLiteral("--json")});
    if (args.positional().size() != 1)
        throw sonde::cli::UsageError{args.positional().isEmpty() ? QStringLiteral("info: missing <model-folder>")
                                                                 : QStringLiteral("info: one model folder expected")};
    const QString folder = args.positional().front();
    const bool json = args.has(QStringLiteral("--json"));

    const sonde::ModelInfo info = sonde::inspectModelFolder(folder);
    const QString tokDetail = tokenizerDetails(info);
    if (json) {
        QJsonObject byDType;
        for (auto it = info.parametersByDType.begin(); it != info.parametersByDType.end(); ++it)
            byDType.insert(it.key(), double(it.value()));
        const QJsonObject o{
            {QStringLiteral("name"), info.name},
            {QStringLiteral("path"), info.path},
            {QStringLiteral("model_type"), info.modelType},
            {QStringLiteral("architectures"), QJsonArray::fromStringList(info.architectures)},
            {QStringLiteral("layers"), info.layers},
            {QStringLiteral("heads"), info.heads},
            {QStringLiteral("kv_heads"), info.kvHeads},
            {QStringLiteral("hidden_size"), info.hiddenSize},
            {QStringLiteral("intermediate_size"), info.intermediateSize},
            {QStringLiteral("vocab_size"), info.vocabSize},
            {QStringLiteral("max_positions"), info.maxPositions},
            {QStringLiteral("parameters"), double(info.parameters)},
            {QStringLiteral("weight_bytes"), double(info.weightBytes)},
            {QStringLiteral("parameters_by_dtype"), byDType},
            {QStringLiteral("weight_files"), QJsonArray::fromStringList(info.weightFiles)},
            {QStringLiteral("tokenizer"), sonde::tokenizerKindName(info.tokenizer)},
            {QStringLiteral("tokenizer_detail"), tokDetail},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(info.warnings)},
        };
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return Ok;
    }

    auto row = [](const char* key, const QString& value) { out() << QString::fromLatin1(key).leftJustified(16) << value << "\n"; };
    row("Model", info.name);
    row("Path", info.path);
    row("Architecture", info.architectures.isEmpty() ? info.modelType
                                                      : QStringLiteral("%1 (%2)").arg(info.modelType, info.architectures.join(QStringLiteral(", "))));
    row("Layers", QString::number(info.layers));
    row("Heads", info.kvHeads != info.heads
                     ? QStringLiteral("%1 query, %2 key/value (grouped-query attention)").arg(info.heads).arg(info.kvHeads)
                     : QString::number(info.heads));
    row("Hidden size", QString::number(info.hiddenSize));
    row("MLP size", QString::number(info.intermediateSize));
    row("Vocabulary", QString::number(info.vocabSize));
    row("Context", QString::number(info.maxPositions));
    row("Parameters", QStringLiteral("%1 (%2)").arg(QLocale(QLocale::English).toString(info.parameters), sonde::formatCount(info.parameters)));
    QStringList dtypes;
    for (auto it = info.parametersByDType.begin(); it != info.parametersByDType.end(); ++it)
        dtypes << QStringLiteral("%1 %2").arg(it.key(), sonde::formatCount(it.value()));
    row("Weights", QStringLiteral("%1 in %2 file(s): %3 [%4]")
                       .arg(sonde::formatBytes(info.weightBytes))
                       .arg(info.weightFiles.size())
                       .arg(info.weightFiles.join(QStringLiteral(", ")), dtypes.join(QStringLiteral(", "))));
    row("Tokenizer", tokDetail.isEmpty() ? sonde::tokenizerKindName(info.tokenizer)
                                         : QStringLiteral("%1: %2").arg(sonde::tokenizerKindName(info.tokenizer), tokDetail));
    for (const QString& w : info.warnings)
        err() << "warning: " << w << "\n";
    return Ok;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sonde-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SONDE_VERSION));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        err() << kUsage;
        return Usage;
    }
    const QString command = args.takeFirst();
    try {
        if (command == QLatin1String("-h") || command == QLatin1String("--help") || command == QLatin1String("help")) {
            out() << kUsage;
            return Ok;
        }
        if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
            out() << versionText();
            return Ok;
        }
        if (command == QLatin1String("info"))
            return commandInfo(args);
        if (command == QLatin1String("generate"))
            return sonde::cli::commandGenerate(args);
        if (command == QLatin1String("dump"))
            return sonde::cli::commandDump(args);
        if (command == QLatin1String("syntax"))
            return sonde::cli::commandSyntax(args);
        if (command == QLatin1String("corpus"))
            return sonde::cli::commandCorpus(args);
        if (command == QLatin1String("train"))
            return sonde::cli::commandTrain(args);
        if (command == QLatin1String("perplexity"))
            return sonde::cli::commandPerplexity(args);
        err() << "sonde-cli: unknown command \"" << command << "\"\n\n" << kUsage;
        return Usage;
    } catch (const sonde::cli::UsageError& e) {
        err() << "sonde-cli " << e.message << "\n";
        return Usage;
    } catch (const sonde::Error& e) {
        err() << "sonde-cli: " << e.message() << "\n";
        return Failed;
    } catch (const std::exception& e) {
        err() << "sonde-cli: " << e.what() << "\n";
        return Failed;
    }
}
