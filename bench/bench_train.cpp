// Benchmark: training steps of `sonde-cli train` on the demo model's shape
// (vocab 4096, hidden 192, 6 layers × 6 heads, intermediate 512, context 256,
// batch 16), on a random token stream. Two references measured in the same run:
//   - a straightforward PyTorch loop of the same model and optimiser
//     (tools/reference/train_reference.py, Debian's python3-torch): step times;
//   - the machine's limit: achieved GFLOP/s of the step (forward + backward
//     matrix products, counted) against the sgemm peak.
// Usage: bench_train [steps (12)]
#include "SyntaxReference.h"
#include "jobs/JobContext.h"
#include "runtime/Runtime.h"
#include "train/LmTrainer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace sonde;

namespace {

constexpr int kWarmup = 2; // steps left out of the timing (allocations, first-touch)

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int steps = std::max(kWarmup + 3, argc > 1 ? std::atoi(argv[1]) : 12);
    setComputeThreads(0);
    LmShape shape;
    shape.vocab = 4096;
    TrainOptions options;
    options.steps = steps;
    options.evalEvery = steps; // one small evaluation at the end
    options.evalWindows = 1;
    const double peak = measureSgemmGflops();
    std::printf("LibTorch %s, %s, %d threads; sgemm peak %.1f GFLOP/s\n", qPrintable(runtimeInfo().torchVersion),
                qPrintable(runtimeInfo().blasDescription), computeThreads(), peak);

    std::mt19937 rng(1);
    std::vector<int> stream(200000), heldOut(shape.context);
    for (int& t : stream)
        t = int(rng() % std::uint32_t(shape.vocab));
    for (int& t : heldOut)
        t = int(rng() % std::uint32_t(shape.vocab));
    LmTrainer trainer(shape, options);
    std::vector<double> stepSeconds;
    double previous = 0;
    trainer.train(stream, heldOut, JobContext::detached(), [&](const TrainPoint& p) {
        if (p.step > kWarmup && p.heldOutLoss < 0)
            stepSeconds.push_back(p.seconds - previous);
        previous = p.seconds;
    });
    const double sonde = median(stepSeconds);

    // Matrix products of one step: forward 2·tokens·(weights + tied head) plus
    // attention's QK and PV (2·B·T²·D each per layer); backward twice the forward.
    const double tokens = double(options.batch) * shape.context;
    const double D = shape.hidden, I = shape.intermediate;
    const double weights = shape.layers * (4 * D * D + 3 * D * I) + double(shape.vocab) * D;
    const double forward = 2 * tokens * weights + shape.layers * 2 * 2 * options.batch * double(shape.context) * shape.context * D;
    const double gflops = 3 * forward / sonde / 1e9;
    std::printf("Sonde trainer (%.2fM parameters, %d × %d tokens per step): %.3f s per step (median of %zu), %.0f tokens/s, "
                "%.1f GFLOP/s = %.2f of sgemm peak\n",
                trainer.parameterCount() / 1e6, options.batch, shape.context, sonde, stepSeconds.size(), tokens / sonde, gflops, gflops / peak);

    QProcess reference;
    reference.start(reference::pythonInterpreter(), {QStringLiteral(SONDE_SOURCE_DIR "/tools/reference/train_reference.py"), QString::number(shape.vocab),
                             QString::number(shape.hidden), QString::number(shape.layers), QString::number(shape.heads),
                             QString::number(shape.intermediate), QString::number(shape.context), QString::number(options.batch),
                             QString::number(steps), QString::number(computeThreads())});
    if (!reference.waitForFinished(-1) || reference.exitCode() != 0) {
        std::printf("reference not run (needs python3 with Debian's python3-torch): %s\n",
                    qPrintable(QString::fromUtf8(reference.readAllStandardError()).trimmed().section(QLatin1Char('\n'), -1)));
        return 0;
    }
    const QJsonArray times = QJsonDocument::fromJson(reference.readAllStandardOutput()).object().value(QStringLiteral("step_seconds")).toArray();
    std::vector<double> refSeconds;
    for (int i = kWarmup; i < times.size(); ++i)
        refSeconds.push_back(times[i].toDouble());
    const double ref = median(refSeconds);
    std::printf("PyTorch reference (%d threads): %.3f s per step, %.0f tokens/s; Sonde is %.2fx as fast\n", computeThreads(), ref,
                tokens / ref, ref / sonde);
    return 0;
}
