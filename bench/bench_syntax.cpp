// Benchmark: scoring every attention head against a treebank.
//   1. stories260k over the whole UD EWT dev set (needs ../shared): sentences/s.
//   2. A random BERT-base-shaped encoder (12 layers x 12 heads, hidden 768,
//      intermediate 3072, vocab 30522) over 200 EWT sentences: sentences/s.
// Two references, measured in the same run:
//   - a straightforward Python + PyTorch implementation (tools/reference/
//     syntax_reference.py, Debian's python3-torch) computing the same accuracy
//     table from the same token ids: its time against Sonde's (which also
//     builds trees and bootstrap intervals), and the largest difference
//     between the two tables, as an independent check of the numbers;
//   - the machine's limit: the forward passes' achieved GFLOP/s against the
//     sgemm peak, and the share of time spent outside forward passes.
// Usage: bench_syntax [path/to/shared]
#include "RandomModel.h"
#include "SyntaxReference.h"
#include "model/HostTensor.h"
#include "model/LanguageModel.h"
#include "runtime/Runtime.h"
#include "syntax/ModelAttention.h"
#include "tokenizer/TokenizerLoader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>

#include <cstdio>
#include <map>

using namespace sonde;

namespace {

// Times the forward passes of the wrapped source, so the rest of the scoring can be told apart.
class TimedSource : public AttentionSource {
public:
    explicit TimedSource(const AttentionSource& inner) : m_inner(inner) {}
    QString name() const override { return m_inner.name(); }
    int layers() const override { return m_inner.layers(); }
    int heads() const override { return m_inner.heads(); }
    int contextLength() const override { return m_inner.contextLength(); }
    WordTokens tokenize(const QStringList& words) const override { return m_inner.tokenize(words); }
    std::vector<HostTensor> attentions(const std::vector<int>& ids, const WordTokens& t) const override
    {
        QElapsedTimer clock;
        clock.start();
        auto a = m_inner.attentions(ids, t);
        forwardSeconds += double(clock.nsecsElapsed()) * 1e-9;
        tokens += double(ids.size());
        tokensSquared += double(ids.size()) * double(ids.size());
        return a;
    }
    mutable double forwardSeconds = 0, tokens = 0, tokensSquared = 0;

private:
    const AttentionSource& m_inner;
};

QString writeBertBase(const QTemporaryDir& dir, const QStringList& words)
{
    const QString folder = QDir(dir.path()).filePath(QStringLiteral("bert-base-shape"));
    QDir().mkpath(folder);
    const int V = 30522, D = 768, I = 3072, L = 12;
    const QJsonObject config{{QStringLiteral("model_type"), QStringLiteral("bert")}, {QStringLiteral("vocab_size"), V},
                             {QStringLiteral("hidden_size"), D}, {QStringLiteral("num_hidden_layers"), L},
                             {QStringLiteral("num_attention_heads"), 12}, {QStringLiteral("intermediate_size"), I},
                             {QStringLiteral("max_position_embeddings"), 512}};
    // A WordPiece vocabulary of the treebank's own lower-cased words, padded to 30522.
    QStringList vocab = {QStringLiteral("[PAD]"), QStringLiteral("[UNK]"), QStringLiteral("[CLS]"), QStringLiteral("[SEP]"), QStringLiteral("[MASK]")};
    QSet<QString> seen(vocab.begin(), vocab.end());
    for (const QString& w : words)
        if (vocab.size() < V && !seen.contains(w.toLower())) {
            seen.insert(w.toLower());
            vocab << w.toLower();
        }
    for (int i = int(vocab.size()); i < V; ++i)
        vocab << QStringLiteral("[unused%1]").arg(i);
    QFile v(QDir(folder).filePath(QStringLiteral("vocab.txt")));
    v.open(QIODevice::WriteOnly);
    v.write(vocab.join(QLatin1Char('\n')).toUtf8() + '\n');

    bench::Shapes shapes;
    shapes[QStringLiteral("embeddings.word_embeddings.weight")] = {V, D};
    shapes[QStringLiteral("embeddings.position_embeddings.weight")] = {512, D};
    shapes[QStringLiteral("embeddings.token_type_embeddings.weight")] = {2, D};
    shapes[QStringLiteral("embeddings.LayerNorm.weight")] = {D};
    shapes[QStringLiteral("embeddings.LayerNorm.bias")] = {D};
    for (int l = 0; l < L; ++l) {
        const QString b = QStringLiteral("encoder.layer.%1.").arg(l);
        for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
            shapes[b + QLatin1String(n) + QStringLiteral(".weight")] = {D, D};
            shapes[b + QLatin1String(n) + QStringLiteral(".bias")] = {D};
        }
        for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
            shapes[b + QLatin1String(n) + QStringLiteral(".weight")] = {D};
            shapes[b + QLatin1String(n) + QStringLiteral(".bias")] = {D};
        }
        shapes[b + QStringLiteral("intermediate.dense.weight")] = {I, D};
        shapes[b + QStringLiteral("intermediate.dense.bias")] = {I};
        shapes[b + QStringLiteral("output.dense.weight")] = {D, I};
        shapes[b + QStringLiteral("output.dense.bias")] = {D};
    }
    bench::writeRandomModel(folder, config, shapes, 7, 0.08f, {QStringLiteral("LayerNorm.weight")});
    return folder;
}

void report(const char* what, const SyntaxScores& s, double seconds, const TimedSource& timed, double forwardFlopsPerToken,
            double attentionFlopsPerTokenSquared, double peak)
{
    const double flops = forwardFlopsPerToken * timed.tokens + attentionFlopsPerTokenSquared * timed.tokensSquared;
    const double achieved = flops / timed.forwardSeconds / 1e9;
    std::printf("%-22s %6d sentences %7.2f s  %8.1f sentences/s  forward %5.1f%% of time, %6.1f GFLOP/s = %.2f of sgemm peak\n", what,
                s.sentencesUsed, seconds, s.sentencesUsed / seconds, 100.0 * timed.forwardSeconds / seconds, achieved, achieved / peak);
}

void compareWithReference(const QString& modelFolder, const AttentionSource& source, const Treebank& treebank, int maxSentences,
                          const SyntaxScores& sonde, double sondeSeconds)
{
    const reference::Comparison c = reference::compareWithPython(QStringLiteral(SONDE_SOURCE_DIR "/tools/reference/syntax_reference.py"),
                                                                 modelFolder, source, treebank, maxSentences, computeThreads(), sonde);
    if (!c.ran) {
        std::printf("  reference not run (needs python3 with Debian's python3-torch): %s\n", qPrintable(c.error));
        return;
    }
    std::printf("  Python reference: %d sentences in %.2f s = %.1f sentences/s; Sonde is %.2fx as fast (and also builds trees and "
                "bootstrap intervals)\n  tables: %d accuracies compared, %d differ (largest %.2g, at most %d word(s)), relation counts differing: %s\n",
                c.sentences, c.seconds, c.sentences / c.seconds, c.seconds / sondeSeconds, c.cells, c.differingCells, c.largestDifference,
                c.largestWordDifference,
                c.countMismatches.isEmpty() ? "none" : qPrintable(c.countMismatches.join(QStringLiteral(", "))));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString shared = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(SONDE_SOURCE_DIR "/../shared");
    const QString treebankPath = shared + QStringLiteral("/treebanks/en_ewt-ud-dev.conllu");
    if (!QFileInfo::exists(treebankPath)) {
        std::printf("needs %s (../shared)\n", qPrintable(treebankPath));
        return 1;
    }
    setComputeThreads(0);
    const Treebank treebank = readConllu(treebankPath);
    const double peak = measureSgemmGflops();
    std::printf("LibTorch %s, %s, %d threads; sgemm peak %.1f GFLOP/s\n", qPrintable(runtimeInfo().torchVersion),
                qPrintable(runtimeInfo().blasDescription), computeThreads(), peak);

    {
        const QString folder = shared + QStringLiteral("/models/stories260k-hf");
        const auto model = LanguageModel::load(folder);
        const auto tok = loadTokenizer(folder);
        const auto source = modelAttention(*model, *tok);
        TimedSource timed(*source);
        QElapsedTimer clock;
        clock.start();
        const SyntaxScores s = scoreTreebank(timed, treebank);
        const double seconds = double(clock.nsecsElapsed()) * 1e-9;
        const ModelConfig& c = model->config();
        // Per token: 2 x (attention and MLP weights); per token pair: QK and PV per layer.
        const double perToken = 2.0 * c.layers * (2.0 * c.hiddenSize * c.hiddenSize + 2.0 * c.hiddenSize * c.kvHeads * c.headDim
                                                  + 3.0 * c.hiddenSize * c.intermediateSize);
        report("stories260k, EWT dev", s, seconds, timed, perToken, 2.0 * 2.0 * c.layers * c.hiddenSize, peak);
        compareWithReference(folder, *source, treebank, 0, s, seconds);
    }
    {
        QTemporaryDir dir;
        QStringList words;
        for (const auto& sentence : treebank.sentences)
            for (const auto& w : sentence.words)
                words << w.form;
        const QString folder = writeBertBase(dir, words);
        const auto model = LanguageModel::load(folder);
        const auto tok = loadTokenizer(folder);
        const auto source = modelAttention(*model, *tok);
        TimedSource timed(*source);
        ScoringOptions options;
        options.maxSentences = 200;
        QElapsedTimer clock;
        clock.start();
        const SyntaxScores s = scoreTreebank(timed, treebank, options);
        const double seconds = double(clock.nsecsElapsed()) * 1e-9;
        const double D = 768, I = 3072;
        report("BERT-base shape, 200", s, seconds, timed, 2.0 * 12 * (4 * D * D + 2 * D * I), 2.0 * 2.0 * 12 * D, peak);
        compareWithReference(folder, *source, treebank, options.maxSentences, s, seconds);
    }
    return 0;
}
