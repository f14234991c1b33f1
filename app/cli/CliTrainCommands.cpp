// `corpus`, `train` and `perplexity`: building small language models from
// plain text with Sonde's own trainer, and measuring them through the
// inference core.
#include "cli/CliArgs.h"
#include "cli/CliCommands.h"
#include "Error.h"
#include "Version.h"
#include "model/LanguageModel.h"
#include "model/Perplexity.h"
#include "runtime/Runtime.h"
#include "tokenizer/TokenizerLoader.h"
#include "train/LmTrainer.h"
#include "train/TextCorpus.h"
#include "util/JsonFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <cmath>

namespace sonde::cli {

namespace {

// The tokenizer files a model folder may carry, copied next to the weights.
const QStringList kTokenizerFiles{QStringLiteral("tokenizer.model"),  QStringLiteral("tokenizer.json"),
                                  QStringLiteral("tokenizer_config.json"), QStringLiteral("special_tokens_map.json"),
                                  QStringLiteral("vocab.json"),       QStringLiteral("merges.txt"),
                                  QStringLiteral("vocab.txt")};

void copyReplacing(const QString& from, const QString& to)
{
    if (QFileInfo(from).canonicalFilePath() == QFileInfo(to).canonicalFilePath())
        return;
    QFile::remove(to);
    if (!QFile::copy(from, to))
        throw Error(QStringLiteral("cannot copy %1 to %2").arg(from, to));
}

// Puts the tokenizer into the output folder, so the folder is a complete
// model and the tokenizer is loaded exactly as every later user will load it.
// `source` is a folder with tokenizer files or a SentencePiece .model file.
void installTokenizer(const QString& source, const QString& outDir, int context)
{
    const QFileInfo info(source);
    if (!info.exists())
        throw Error(QStringLiteral("%1: no such tokenizer file or folder").arg(source));
    if (info.isDir()) {
        int copied = 0;
        for (const QString& name : kTokenizerFiles)
            if (QFileInfo::exists(QDir(source).filePath(name))) {
                copyReplacing(QDir(source).filePath(name), QDir(outDir).filePath(name));
                ++copied;
            }
        if (copied == 0)
            throw Error(QStringLiteral("%1: no tokenizer files in this folder").arg(source));
        return;
    }
    copyReplacing(source, QDir(outDir).filePath(QStringLiteral("tokenizer.model")));
    // What HF's LlamaTokenizer needs to add BOS as Sonde does.
    writeJsonObjectFile(QDir(outDir).filePath(QStringLiteral("tokenizer_config.json")),
              {{QStringLiteral("tokenizer_class"), QStringLiteral("LlamaTokenizer")},
               {QStringLiteral("add_bos_token"), true},
               {QStringLiteral("add_eos_token"), false},
               {QStringLiteral("bos_token"), QStringLiteral("<s>")},
               {QStringLiteral("eos_token"), QStringLiteral("</s>")},
               {QStringLiteral("unk_token"), QStringLiteral("<unk>")},
               {QStringLiteral("model_max_length"), context}});
}

DType parseSaveDType(const QString& name)
{
    if (name == QLatin1String("f32"))
        return DType::F32;
    if (name == QLatin1String("f16"))
        return DType::F16;
    if (name == QLatin1String("bf16"))
        return DType::BF16;
    throw UsageError{QStringLiteral("train: --save-dtype must be f32, f16 or bf16")};
}

QJsonArray curveJson(const std::vector<TrainPoint>& curve, int every)
{
    QJsonArray rows;
    for (const TrainPoint& p : curve) {
        if (p.step % every != 0 && p.heldOutLoss < 0 && p.step != curve.back().step)
            continue;
        QJsonObject row{{QStringLiteral("step"), p.step},
                        {QStringLiteral("lr"), p.lr},
                        {QStringLiteral("train_loss"), p.trainLoss},
                        {QStringLiteral("seconds"), p.seconds}};
        if (p.heldOutLoss >= 0)
            row.insert(QStringLiteral("held_out_loss"), p.heldOutLoss);
        rows.append(row);
    }
    return rows;
}

} // namespace

int commandCorpus(const QStringList& argList)
{
    const Args args(QStringLiteral("corpus"), argList, {QStringLiteral("--out"), QStringLiteral("--held-out-fraction")}, {});
    const QString outDir = args.required(QStringLiteral("--out"));
    if (args.positional().isEmpty())
        throw UsageError{QStringLiteral("corpus: give one or more text files")};
    const CorpusSplit split = splitCorpus(args.positional(), args.number(QStringLiteral("--held-out-fraction"), 0.05));
    if (!QDir().mkpath(outDir))
        throw Error(QStringLiteral("%1: cannot create the folder").arg(outDir));
    writeDocuments(QDir(outDir).filePath(QStringLiteral("train.txt")), split.train);
    writeDocuments(QDir(outDir).filePath(QStringLiteral("heldout.txt")), split.heldOut);
    out() << QStringLiteral("%1 training and %2 held-out documents written to %3\n").arg(split.train.size()).arg(split.heldOut.size()).arg(outDir);
    return 0;
}

int commandTrain(const QStringList& argList)
{
    const Args args(QStringLiteral("train"), argList,
                    {QStringLiteral("--tokenizer"), QStringLiteral("--train"), QStringLiteral("--held-out"), QStringLiteral("--out"),
                     QStringLiteral("--layers"), QStringLiteral("--hidden"), QStringLiteral("--heads"), QStringLiteral("--kv-heads"),
                     QStringLiteral("--intermediate"), QStringLiteral("--context"), QStringLiteral("--batch"), QStringLiteral("--steps"),
                     QStringLiteral("--lr"), QStringLiteral("--min-lr"), QStringLiteral("--warmup"), QStringLiteral("--weight-decay"),
                     QStringLiteral("--clip"), QStringLiteral("--seed"), QStringLiteral("--eval-every"), QStringLiteral("--eval-windows"),
                     QStringLiteral("--save-dtype"), QStringLiteral("--device"), QStringLiteral("--threads"), QStringLiteral("--log-every")},
                    {});
    const QString outDir = args.required(QStringLiteral("--out"));
    LmShape shape;
    shape.layers = args.integer(QStringLiteral("--layers"), shape.layers, 1);
    shape.hidden = args.integer(QStringLiteral("--hidden"), shape.hidden, 2);
    shape.heads = args.integer(QStringLiteral("--heads"), shape.heads, 1);
    shape.kvHeads = args.integer(QStringLiteral("--kv-heads"), shape.heads, 1);
    shape.intermediate = args.integer(QStringLiteral("--intermediate"), shape.intermediate, 1);
    shape.context = args.integer(QStringLiteral("--context"), shape.context, 2);
    TrainOptions options;
    options.batch = args.integer(QStringLiteral("--batch"), options.batch, 1);
    options.steps = args.integer(QStringLiteral("--steps"), options.steps, 1);
    options.lr = args.number(QStringLiteral("--lr"), options.lr);
    options.minLr = args.number(QStringLiteral("--min-lr"), options.lr / 10);
    options.warmup = args.integer(QStringLiteral("--warmup"), std::min(options.warmup, options.steps / 10), 0);
    options.weightDecay = args.number(QStringLiteral("--weight-decay"), options.weightDecay);
    options.clip = args.number(QStringLiteral("--clip"), options.clip);
    options.seed = std::uint64_t(args.integer(QStringLiteral("--seed"), int(options.seed), 0));
    options.evalEvery = args.integer(QStringLiteral("--eval-every"), std::min(options.evalEvery, options.steps), 1);
    options.evalWindows = args.integer(QStringLiteral("--eval-windows"), options.evalWindows, 0);
    const DType saveDType = parseSaveDType(args.text(QStringLiteral("--save-dtype"), QStringLiteral("f32")));
    const int logEvery = args.integer(QStringLiteral("--log-every"), 10, 1);
    const QString device = applyComputeOptions(args);

    if (!QDir().mkpath(outDir))
        throw Error(QStringLiteral("%1: cannot create the folder").arg(outDir));
    installTokenizer(args.required(QStringLiteral("--tokenizer")), outDir, shape.context);
    const auto tokenizer = loadTokenizer(outDir);
    shape.vocab = tokenizer->vocabSize();

    const JobContext ctx = JobContext::detached();
    const QString trainPath = args.required(QStringLiteral("--train")), heldOutPath = args.required(QStringLiteral("--held-out"));
    const std::vector<int> trainIds = tokenStream(readDocuments(trainPath), *tokenizer, ctx);
    const std::vector<int> heldOutIds = tokenStream(readDocuments(heldOutPath), *tokenizer, ctx);

    LmTrainer trainer(shape, options, device);
    err() << QStringLiteral("training %1 parameters on %2 (%3 threads): %4 training tokens, %5 held-out tokens, %6 tokens per step\n")
                 .arg(trainer.parameterCount())
                 .arg(device)
                 .arg(computeThreads())
                 .arg(trainIds.size())
                 .arg(heldOutIds.size())
                 .arg(options.batch * shape.context);
    err().flush();
    const auto curve = trainer.train(trainIds, heldOutIds, ctx, [&](const TrainPoint& p) {
        if (p.step % logEvery != 0 && p.heldOutLoss < 0)
            return;
        err() << QStringLiteral("step %1/%2  lr %3  loss %4").arg(p.step).arg(options.steps).arg(p.lr, 0, 'e', 2).arg(p.trainLoss, 0, 'f', 4);
        if (p.heldOutLoss >= 0)
            err() << QStringLiteral("  held-out %1 (ppl %2)").arg(p.heldOutLoss, 0, 'f', 4).arg(std::exp(p.heldOutLoss), 0, 'f', 2);
        err() << QStringLiteral("  %1 s\n").arg(p.seconds, 0, 'f', 1);
        err().flush();
    });
    trainer.save(outDir, saveDType, tokenizer->bosId().value_or(-1), tokenizer->eosId().value_or(-1));

    // The figure to report: the saved weights, loaded and run by the inference core.
    const auto model = LanguageModel::load(outDir, device);
    const PerplexityResult ppl = perplexity(*model, heldOutIds, shape.context, 0, ctx);
    const double seconds = curve.back().seconds;
    writeJsonObjectFile(QDir(outDir).filePath(QStringLiteral("training.json")),
              {{QStringLiteral("tool"), QStringLiteral("sonde-cli train (Sonde %1)").arg(QStringLiteral(SONDE_VERSION))},
               {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
               {QStringLiteral("shape"), shape.toJson()},
               {QStringLiteral("options"), options.toJson()},
               {QStringLiteral("parameters"), double(trainer.parameterCount())},
               {QStringLiteral("saved_dtype"), dtypeName(saveDType)},
               {QStringLiteral("device"), device},
               {QStringLiteral("threads"), computeThreads()},
               {QStringLiteral("train_text"), QFileInfo(trainPath).fileName()},
               {QStringLiteral("held_out_text"), QFileInfo(heldOutPath).fileName()},
               {QStringLiteral("train_tokens"), double(trainIds.size())},
               {QStringLiteral("held_out_tokens"), double(heldOutIds.size())},
               {QStringLiteral("seconds"), seconds},
               {QStringLiteral("curve"), curveJson(curve, logEvery)},
               {QStringLiteral("held_out"), QJsonObject{{QStringLiteral("windows"), double(ppl.windows)},
                                                        {QStringLiteral("predicted_tokens"), double(ppl.predictedTokens)},
                                                        {QStringLiteral("mean_nll"), ppl.meanNll},
                                                        {QStringLiteral("perplexity"), ppl.perplexity},
                                                        {QStringLiteral("measured_by"), QStringLiteral("the saved weights through the inference core")}}}});
    out() << QStringLiteral("%1 steps in %2 s; held-out perplexity %3 (%4 tokens, saved %5 weights); model in %6\n")
                 .arg(options.steps)
                 .arg(seconds, 0, 'f', 1)
                 .arg(ppl.perplexity, 0, 'f', 3)
                 .arg(ppl.predictedTokens)
                 .arg(dtypeName(saveDType), outDir);
    return 0;
}

int commandPerplexity(const QStringList& argList)
{
    const Args args(QStringLiteral("perplexity"), argList,
                    {QStringLiteral("--model"), QStringLiteral("--text"), QStringLiteral("--context"), QStringLiteral("--max-windows"),
                     QStringLiteral("--device"), QStringLiteral("--threads"), QStringLiteral("--dtype")},
                    {});
    const QString folder = args.required(QStringLiteral("--model"));
    const QString device = applyComputeOptions(args);
    const auto model = LanguageModel::load(folder, device, parseComputeDType(args.text(QStringLiteral("--dtype"), QStringLiteral("f32"))));
    const auto tokenizer = loadTokenizer(folder);
    const JobContext ctx = JobContext::detached();
    const std::vector<int> ids = tokenStream(readDocuments(args.required(QStringLiteral("--text"))), *tokenizer, ctx);
    const PerplexityResult r = perplexity(*model, ids, args.integer(QStringLiteral("--context"), 0, 2),
                                          args.integer(QStringLiteral("--max-windows"), 0, 0), ctx);
    out() << QStringLiteral("perplexity %1 (mean NLL %2 nats over %3 tokens in %4 windows)\n")
                 .arg(r.perplexity, 0, 'f', 3)
                 .arg(r.meanNll, 0, 'f', 5)
                 .arg(r.predictedTokens)
                 .arg(r.windows);
    return 0;
}

void registerTrainCommands(Registry& registry)
{
    registry.add({QStringLiteral("corpus"),
                  QStringLiteral("  corpus --out DIR [--held-out-fraction F (0.05)] FILE...\n"
                                 "                                 Splits plain text into documents (blank-line separated) and writes\n"
                                 "                                 DIR/train.txt and DIR/heldout.txt (the last F of every file).\n"),
                  false, commandCorpus});
    registry.add({QStringLiteral("train"),
                  QStringLiteral("  train --tokenizer DIR|FILE.model --train FILE --held-out FILE --out DIR\n"
                                 "        [--layers N (6)] [--hidden N (192)] [--heads N (6)] [--kv-heads N] [--intermediate N (512)]\n"
                                 "        [--context N (256)] [--batch N (16)] [--steps N (1000)] [--lr X (3e-3)] [--min-lr X] [--warmup N]\n"
                                 "        [--weight-decay X (0.1)] [--clip X (1.0)] [--seed S] [--eval-every N] [--eval-windows N]\n"
                                 "        [--save-dtype f32|f16|bf16] [--log-every N] [--device ...] [--threads N]\n"
                                 "                                 Trains a Llama-style model from scratch; writes a Hugging Face folder\n"
                                 "                                 (config.json, model.safetensors, tokenizer, training.json).\n"),
                  false, commandTrain});
    registry.add({QStringLiteral("perplexity"),
                  QStringLiteral("  perplexity --model DIR --text FILE [--context N] [--max-windows N] [--device ...] [--threads N] [--dtype ...]\n"
                                 "                                 Held-out perplexity over consecutive windows of N tokens.\n"),
                  false, commandPerplexity});
}

} // namespace sonde::cli
