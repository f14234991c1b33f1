// `sonde-cli syntax`: every attention head of a model scored against a
// treebank, written as scores.json/.csv/.tex and optionally stored as a run in
// a project, as the workspace's Score Heads stores it.
#include "syntax/SyntaxCommands.h"

#include "Error.h"
#include "cli/CliArgs.h"
#include "cli/CliCommands.h"
#include "cli/CliProject.h"
#include "model/LanguageModel.h"
#include "project/commands/SetSectionCommand.h"
#include "syntax/ModelAttention.h"
#include "syntax/SyntaxSection.h"
#include "syntax/SyntaxWorkspace.h"
#include "syntax/Treebank.h"
#include "tokenizer/TokenizerLoader.h"

#include <QElapsedTimer>
#include <QFileInfo>

namespace sonde::cli {

namespace {

// The run stored as the page stores one (SetSectionCommand), under the
// project's lock, read afresh: another Sonde may have saved it while scoring.
void storeInProject(const QString& projectPath, const QString& modelFolder, const SyntaxData& data, const SyntaxScores& scores)
{
    ProjectEdit edit(projectPath);
    const ModelRef& model = edit.model(modelFolder);
    SyntaxRun run;
    run.id = newRunId();
    run.modelId = model.id;
    run.modelName = model.name;
    run.weights = model.fileHashes;
    run.data = data;
    run.scoredAt = QDateTime::currentDateTimeUtc();
    run.scores = scores;
    const SyntaxSection section = syntaxSection(edit.project());
    edit.push(new SetSectionCommand(&edit.project(), kSyntaxKey, section.withRun(run, true).toJson(),
                                    QStringLiteral("Score Heads of %1").arg(model.name)));
    edit.save();
    err() << QStringLiteral("analysis stored in %1\n").arg(projectPath);
}

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
    if (args.has(QStringLiteral("--project"))) // a damaged or busy project fails before the scoring, not after
        ProjectEdit::check(args.text(QStringLiteral("--project")));
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
    if (args.has(QStringLiteral("--project"))) {
        SyntaxData data;
        data.treebank = treebankPath.startsWith(QLatin1String(":/")) ? treebankPath : QFileInfo(treebankPath).absoluteFilePath();
        data.maxSentences = options.maxSentences;
        data.keepSubtypes = tbOptions.keepSubtypes;
        storeInProject(args.text(QStringLiteral("--project")), folder, data, scores);
    }
    return 0;
}


} // namespace

void registerSyntaxCommands(Registry& registry)
{
    registry.add({QStringLiteral("syntax"),
                  QStringLiteral("  syntax --model DIR --treebank FILE.conllu --out DIR [--max-sentences N] [--keep-subtypes] [--seed S]\n"
                                 "         [--project FILE.sonde] [--device ...] [--threads N] [--dtype ...]\n"
                                 "                                 Scores every attention head against the treebank's gold trees;\n"
                                 "                                 writes scores.json, scores.csv and scores.tex into DIR, and with\n"
                                 "                                 --project stores the run in that project (created if missing).\n"),
                  false, commandSyntax});
}

} // namespace sonde::cli
