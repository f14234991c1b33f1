// `generate` and `dump`: the inference core, headless.
#include "CliArgs.h"
#include "CliCommands.h"
#include "Error.h"
#include "io/SafetensorsWriter.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "io/FingerprintCache.h"
#include "project/ModelCheck.h"
#include "project/Project.h"
#include "project/ProjectFile.h"
#include "syntax/SyntaxProject.h"
#include "syntax/SyntaxScorer.h"
#include "syntax/Treebank.h"
#include "runtime/Runtime.h"
#include "tokenizer/TokenizerLoader.h"

#include <QElapsedTimer>
#include <QFileInfo>
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

namespace {

// A window with unsaved changes to the project holds its lock: writing now
// would be overwritten by its next save (or overwrite its work), so refuse.
[[noreturn]] void refuseLockedProject(const ProjectLock& lock)
{
    throw Error(QStringLiteral("%1 is open with unsaved changes in %2; save or close it there, then run again")
                    .arg(lock.projectPath(), lock.holder().isEmpty() ? QStringLiteral("another Sonde") : lock.holder()));
}

// The project a run goes into, or a new one named after the file.
void readOrCreateProject(Project& project, const QString& projectPath)
{
    if (QFileInfo::exists(projectPath))
        loadProjectFile(project, projectPath);
    else
        project.setName(QFileInfo(projectPath).completeBaseName());
}

// The project's reference to `folder`, added if new. Weights that changed
// since the project recorded them are said so, and their new fingerprint
// recorded: the run being stored was computed from them.
const ModelRef& modelInProject(Project& project, const QString& folder)
{
    const QString absolute = QFileInfo(folder).absoluteFilePath();
    for (const ModelRef& m : project.models()) {
        if (QFileInfo(m.path).absoluteFilePath() != absolute)
            continue;
        const ModelCheck check = checkModel(m, nullptr, &FingerprintCache::shared());
        if (check.status == ModelCheck::Status::Ok)
            return m;
        err() << QStringLiteral("warning: %1: %2; the project now records the weights this run used\n").arg(m.name, check.detail);
        ModelRef updated = describeModel(absolute, nullptr, &FingerprintCache::shared());
        updated.id = m.id;
        project.replaceModel(updated);
        return *project.model(updated.id);
    }
    project.insertModel(int(project.models().size()), describeModel(absolute, nullptr, &FingerprintCache::shared()));
    return project.models().back();
}

// Stores the run in the project as the GUI would: the model added if new, the
// analysis in the Attention workspace. Under the project's lock, the file is
// read again (another Sonde may have saved it during the scoring) and saved
// atomically.
void storeInProject(const QString& projectPath, const QString& modelFolder, const QString& treebankPath, int maxSentences,
                    bool keepSubtypes, const SyntaxScores& scores)
{
    ProjectLock lock(projectPath);
    if (!lock.tryLock(5000)) // another sonde-cli writing it is done in well under that
        refuseLockedProject(lock);
    Project project;
    readOrCreateProject(project, projectPath);
    const ModelRef* ref = &modelInProject(project, modelFolder);
    AnalysisSettings settings;
    settings.modelPath = ref->path;
    settings.treebank = treebankPath.startsWith(QLatin1String(":/")) ? treebankPath : QFileInfo(treebankPath).absoluteFilePath();
    settings.maxSentences = maxSentences;
    settings.keepSubtypes = keepSubtypes;
    project.setWorkspace(Workspace::Attention, withAnalysis(project.workspace(Workspace::Attention), settings, scores));
    saveProjectFile(project, projectPath);
    err() << QStringLiteral("analysis stored in %1\n").arg(projectPath);
}

} // namespace

int commandSyntax(const QStringList& argList)
{
    const Args args(QStringLiteral("syntax"), argList,
                    {QStringLiteral("--model"), QStringLiteral("--treebank"), QStringLiteral("--out"), QStringLiteral("--max-sentences"),
                     QStringLiteral("--device"), QStringLiteral("--threads"), QStringLiteral("--dtype"), QStringLiteral("--seed"),
                     QStringLiteral("--project")},
                    {QStringLiteral("--keep-subtypes")});
    const QString folder = args.required(QStringLiteral("--model"));
    const QString treebankPath = args.required(QStringLiteral("--treebank"));
    const QString outDir = args.required(QStringLiteral("--out"));
    TreebankOptions tbOptions;
    tbOptions.keepSubtypes = args.has(QStringLiteral("--keep-subtypes"));
    if (args.has(QStringLiteral("--project"))) { // a damaged or busy project fails before the scoring, not after
        ProjectLock lock(args.text(QStringLiteral("--project")));
        if (!lock.tryLock())
            refuseLockedProject(lock);
        Project project;
        readOrCreateProject(project, args.text(QStringLiteral("--project")));
    }
    const Treebank treebank = readConllu(treebankPath, tbOptions);
    for (const TreebankIssue& issue : treebank.skipped)
        err() << QStringLiteral("%1:%2: sentence %3 skipped: %4\n")
                     .arg(treebankPath)
                     .arg(issue.line)
                     .arg(issue.sentId.isEmpty() ? QStringLiteral("(no id)") : issue.sentId, issue.reason);

    const QString device = applyComputeOptions(args);
    const auto model = LanguageModel::load(folder, device, parseComputeDType(args.text(QStringLiteral("--dtype"), QStringLiteral("f32"))));
    for (const QString& w : model->warnings())
        err() << "warning: " << w << "\n";
    const auto tokenizer = loadTokenizer(folder);
    ScoringOptions options;
    options.maxSentences = args.integer(QStringLiteral("--max-sentences"), 0, 0);
    options.seed = std::uint64_t(args.integer(QStringLiteral("--seed"), int(options.seed), 0));
    QElapsedTimer clock;
    clock.start();
    const SyntaxScores scores = scoreTreebank(*modelAttention(*model, *tokenizer), treebank, options);
    const double seconds = double(clock.nsecsElapsed()) / 1e9;

    scores.writeFiles(outDir);
    const RelationScores& all = scores.relations.value(QStringLiteral("all"));
    out() << QStringLiteral("%1 sentences (%2 words) in %3 s; best head overall: layer %4 head %5 %6, %7% "
                            "(baseline offset %8: %9%)\n")
                 .arg(scores.sentencesUsed)
                 .arg(scores.words)
                 .arg(seconds, 0, 'f', 2)
                 .arg(all.bestLayer)
                 .arg(all.bestHead)
                 .arg(all.bestDirection)
                 .arg(100.0 * all.bestAccuracy, 0, 'f', 1)
                 .arg(all.baselineOffset)
                 .arg(100.0 * all.baselineAccuracy, 0, 'f', 1);
    for (const TreebankIssue& issue : scores.unscored)
        err() << QStringLiteral("%1:%2: sentence %3 not scored: %4\n")
                     .arg(treebankPath)
                     .arg(issue.line)
                     .arg(issue.sentId.isEmpty() ? QStringLiteral("(no id)") : issue.sentId, issue.reason);
    for (auto it = scores.sentencesSkipped.begin(); it != scores.sentencesSkipped.end(); ++it)
        err() << QStringLiteral("skipped %1 sentence(s): %2\n").arg(it.value()).arg(it.key());
    if (args.has(QStringLiteral("--project")))
        storeInProject(args.text(QStringLiteral("--project")), folder, treebankPath, options.maxSentences, tbOptions.keepSubtypes, scores);
    return 0;
}

} // namespace sonde::cli
