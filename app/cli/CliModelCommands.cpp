// `info`, `generate` and `dump`: model folders and the inference core, headless.
#include "cli/CliArgs.h"
#include "cli/CliCommands.h"
#include "Error.h"
#include "io/ModelFolder.h"
#include "io/SafetensorsWriter.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "runtime/Runtime.h"
#include "tokenizer/Tokenizer.h"
#include "tokenizer/TokenizerLoader.h"
#include "util/Format.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <random>
#include <unistd.h>

namespace sonde::cli {

QString applyComputeOptions(const Args& args)
{
    setComputeThreads(args.integer(QStringLiteral("--threads"), 0, 1)); // default: one per core
    const QString device = args.text(QStringLiteral("--device"), QStringLiteral("auto"));
    if (device == QLatin1String("auto"))
        return resolveDevice(DevicePreference::Auto);
    if (device == QLatin1String("cpu"))
        return resolveDevice(DevicePreference::Cpu);
    if (device == QLatin1String("cuda"))
        return resolveDevice(DevicePreference::Cuda);
    throw UsageError{QStringLiteral("--device must be auto, cpu or cuda")};
}

namespace {

// A model, its tokenizer and the encoded text, as both commands need them.
struct Loaded {
    QString device;
    std::unique_ptr<LanguageModel> model;
    std::unique_ptr<Tokenizer> tokenizer;
    bool bos = true;
    std::vector<int> ids;
};

Loaded loadModelAndEncode(const Args& args, const QString& folder, const QString& text)
{
    Loaded l;
    l.device = applyComputeOptions(args);
    l.model = LanguageModel::load(folder, l.device, parseComputeDType(args.text(QStringLiteral("--dtype"), QStringLiteral("f32"))));
    for (const QString& w : l.model->warnings())
        err() << "warning: " << w << "\n";
    l.tokenizer = loadTokenizer(folder);
    l.bos = !args.has(QStringLiteral("--no-bos"));
    l.ids = encodePrompt(*l.tokenizer, text.toStdString(), l.bos);
    return l;
}

} // namespace

namespace {

// Loads the tokenizer to report its size and special ids (and to prove it
// loads); one Sonde cannot read yet is a note, not a failure of `info`.
QString tokenizerDetails(const ModelInfo& info)
{
    if (info.tokenizer == TokenizerKind::None)
        return QString();
    try {
        const auto tok = loadTokenizer(info.path);
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
    } catch (const Error& e) {
        return QStringLiteral("not readable by Sonde yet (%1)").arg(e.message());
    }
}

int commandInfo(const QStringList& argList)
{
    const Args args(QStringLiteral("info"), argList, {}, {QStringLiteral("--json")});
    if (args.positional().size() != 1)
        throw UsageError{args.positional().isEmpty() ? QStringLiteral("info: missing <model-folder>")
                                                                 : QStringLiteral("info: one model folder expected")};
    const QString folder = args.positional().front();
    const bool json = args.has(QStringLiteral("--json"));

    const ModelInfo info = inspectModelFolder(folder);
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
            {QStringLiteral("tokenizer"), tokenizerKindName(info.tokenizer)},
            {QStringLiteral("tokenizer_detail"), tokDetail},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(info.warnings)},
        };
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return 0;
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
    row("Parameters", QStringLiteral("%1 (%2)").arg(QLocale(QLocale::English).toString(info.parameters), formatCount(info.parameters)));
    QStringList dtypes;
    for (auto it = info.parametersByDType.begin(); it != info.parametersByDType.end(); ++it)
        dtypes << QStringLiteral("%1 %2").arg(it.key(), formatCount(it.value()));
    row("Weights", QStringLiteral("%1 in %2 file(s): %3 [%4]")
                       .arg(formatBytes(info.weightBytes))
                       .arg(info.weightFiles.size())
                       .arg(info.weightFiles.join(QStringLiteral(", ")), dtypes.join(QStringLiteral(", "))));
    row("Tokenizer", tokDetail.isEmpty() ? tokenizerKindName(info.tokenizer)
                                         : QStringLiteral("%1: %2").arg(tokenizerKindName(info.tokenizer), tokDetail));
    for (const QString& w : info.warnings)
        err() << "warning: " << w << "\n";
    return 0;
}


int commandGenerate(const QStringList& argList)
{
    const Args args(QStringLiteral("generate"), argList,
                    {QStringLiteral("--model"), QStringLiteral("--prompt"), QStringLiteral("--max-new-tokens"),
                     QStringLiteral("--temperature"), QStringLiteral("--top-k"), QStringLiteral("--top-p"),
                     QStringLiteral("--min-p"), QStringLiteral("--repeat-penalty"), QStringLiteral("--seed"),
                     QStringLiteral("--stop"), QStringLiteral("--device"), QStringLiteral("--threads"), QStringLiteral("--dtype")},
                    {QStringLiteral("--no-bos")});
    const QString folder = args.required(QStringLiteral("--model"));
    const QString prompt = args.required(QStringLiteral("--prompt"));
    GenerationRequest request;
    request.maxNewTokens = args.integer(QStringLiteral("--max-new-tokens"), 256, 0);
    request.sampling.temperature = float(args.number(QStringLiteral("--temperature"), 0.8));
    request.sampling.topK = args.integer(QStringLiteral("--top-k"), 40, 0);
    request.sampling.topP = float(args.number(QStringLiteral("--top-p"), 0.95));
    request.sampling.minP = float(args.number(QStringLiteral("--min-p"), 0.05));
    request.sampling.repeatPenalty = float(args.number(QStringLiteral("--repeat-penalty"), 1.0));
    if (args.has(QStringLiteral("--seed"))) {
        bool ok = false;
        request.sampling.seed = args.text(QStringLiteral("--seed")).toULongLong(&ok);
        if (!ok)
            throw UsageError{QStringLiteral("generate: --seed must be a non-negative integer")};
    } else {
        request.sampling.seed = std::random_device{}(); // reported below so the sample can be repeated
    }
    if (args.has(QStringLiteral("--stop")))
        request.stopStrings.push_back(args.text(QStringLiteral("--stop")).toStdString());

    const Loaded loaded = loadModelAndEncode(args, folder, prompt);
    request.promptIds = loaded.ids;
    request.eosIds = loaded.model->config().eosTokenIds;

    const GenerationResult result = generate(*loaded.model, *loaded.tokenizer, request, [](const std::string& piece) {
        out() << QString::fromStdString(piece);
        out().flush();
    });
    // Stdout carries exactly the generated text (scripts compare it); a newline
    // only keeps an interactive terminal tidy.
    if (isatty(STDOUT_FILENO))
        out() << "\n";
    out().flush();
    const GenerationStats& s = result.stats;
    err() << QStringLiteral("prompt %1 tokens, generated %2 tokens (%3); first token after %4 ms; "
                            "prefill %5 tok/s, decode %6 tok/s; device %7, %8 threads; seed %9\n")
                 .arg(s.promptTokens)
                 .arg(s.generatedTokens)
                 .arg(s.stopReason)
                 .arg(s.timeToFirstTokenMs, 0, 'f', 1)
                 .arg(s.prefillTokensPerSecond, 0, 'f', 1)
                 .arg(s.tokensPerSecond, 0, 'f', 1)
                 .arg(loaded.device)
                 .arg(computeThreads())
                 .arg(s.seed);
    return 0;
}

int commandDump(const QStringList& argList)
{
    const Args args(QStringLiteral("dump"), argList,
                    {QStringLiteral("--model"), QStringLiteral("--text"), QStringLiteral("--out"), QStringLiteral("--device"),
                     QStringLiteral("--threads"), QStringLiteral("--dtype")},
                    {QStringLiteral("--no-bos")});
    const QString folder = args.required(QStringLiteral("--model"));
    const QString text = args.required(QStringLiteral("--text"));
    const QString outPath = args.required(QStringLiteral("--out"));
    const Loaded loaded = loadModelAndEncode(args, folder, text);
    const std::vector<int>& ids = loaded.ids;
    const bool bos = loaded.bos;

    CaptureOptions capture;
    capture.attentions = true;
    capture.hiddenStates = true;
    const ForwardResult r = loaded.model->forward(ids, capture);

    const std::int64_t T = std::int64_t(ids.size());
    const ModelConfig& c = loaded.model->config();
    std::vector<std::int64_t> inputIds(ids.begin(), ids.end());
    std::vector<float> attentions, hidden;
    for (const HostTensor& a : r.attentions)
        attentions.insert(attentions.end(), a.data.begin(), a.data.end());
    for (const HostTensor& h : r.hiddenStates)
        hidden.insert(hidden.end(), h.data.begin(), h.data.end());
    std::vector<TensorToWrite> tensors = {{QStringLiteral("input_ids"), DType::I64, {T}, inputIds.data()}};
    if (!r.logits.data.empty()) // an encoder without its masked-LM head has none
        tensors.push_back({QStringLiteral("logits"), DType::F32, {T, c.vocabSize}, r.logits.data.data()});
    else
        err() << "note: the model has no LM head; no logits written\n";
    tensors.push_back({QStringLiteral("attentions"), DType::F32, {c.layers, c.heads, T, T}, attentions.data()});
    tensors.push_back({QStringLiteral("hidden_states"), DType::F32, {c.layers + 1, T, c.hiddenSize}, hidden.data()});
    writeSafetensors(outPath, tensors,
                     {{QStringLiteral("model"), QFileInfo(folder).absoluteFilePath()},
                      {QStringLiteral("text"), text},
                      {QStringLiteral("special_tokens"), bos ? QStringLiteral("added") : QStringLiteral("none")}});
    err() << QStringLiteral("wrote %1: %2 tokens, %3 layers, %4 heads\n").arg(outPath).arg(T).arg(c.layers).arg(c.heads);
    return 0;
}

} // namespace

void registerModelCommands(Registry& registry)
{
    registry.add({QStringLiteral("info"),
                  QStringLiteral("  info <model-folder> [--json]   Architecture, sizes, parameters and tokenizer of a\n"
                                 "                                 Hugging Face model folder (weights are not loaded).\n"),
                  false, commandInfo});
    registry.add({QStringLiteral("generate"),
                  QStringLiteral("  generate --model DIR --prompt TEXT [--max-new-tokens N (256)] [--temperature T (0.8; 0 = greedy)]\n"
                                 "           [--top-k K (40)] [--top-p P (0.95)] [--min-p M (0.05)] [--repeat-penalty R (1.0)]\n"
                                 "           [--seed S] [--stop TEXT] [--no-bos] [--device auto|cpu|cuda] [--threads N] [--dtype f32|bf16|f16]\n"
                                 "                                 Prints only the generated text on stdout; statistics on stderr.\n"
                                 "                                 (--no-bos: do not add the model's special tokens: BOS, [CLS] … [SEP], <s> … </s>)\n"),
                  false, commandGenerate});
    registry.add({QStringLiteral("dump"),
                  QStringLiteral("  dump --model DIR --text TEXT --out FILE.safetensors [--no-bos] [--device ...] [--threads N] [--dtype ...]\n"
                                 "                                 Writes input_ids, logits, attentions [L,H,T,T] and\n"
                                 "                                 hidden_states [L+1,T,D] (the last after the final norm).\n"),
                  false, commandDump});
}

} // namespace sonde::cli
