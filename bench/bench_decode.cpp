// Benchmark: Llama decoding and prefill speed against the machine's limit.
// Random-weight models shaped like stories15M (dim 288, 6 layers, 6 heads,
// hidden 768) and stories110M (dim 768, 12 layers, 12 heads, hidden 2048),
// vocab 32000. Decoding one token reads every weight once, so
//   weight bytes × tokens/s ÷ memory read bandwidth
// is the fraction of the physical limit reached. Bandwidth is measured in the
// same run. Usage: bench_decode [tokens=256]
#include "RandomModel.h"
#include "model/LanguageModel.h"
#include "runtime/Runtime.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>
#include <map>
#include <thread>
#include <vector>

using namespace sonde;

namespace {

struct Shape {
    const char* name;
    int dim, layers, heads, hidden;
};

// Best-of-5 read bandwidth over a buffer far larger than the caches, with `threads` readers.
double readBandwidthGBs(int threads)
{
    const size_t words = (size_t(1) << 30) / 8; // 1 GiB
    std::vector<std::uint64_t> buffer(words, 1);
    double best = 0;
    for (int rep = 0; rep < 5; ++rep) {
        std::vector<std::uint64_t> sums(size_t(threads), 0);
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> pool;
        for (int k = 0; k < threads; ++k)
            pool.emplace_back([&, k] {
                const size_t begin = words / size_t(threads) * size_t(k), end = words / size_t(threads) * size_t(k + 1);
                std::uint64_t s = 0;
                for (size_t i = begin; i < end; ++i)
                    s += buffer[i];
                sums[size_t(k)] = s;
            });
        for (auto& th : pool)
            th.join();
        const double s = double(t.nsecsElapsed()) * 1e-9;
        if (sums[0] == 0)
            std::printf("(impossible)\n");
        best = std::max(best, double(words * 8) / s / 1e9);
    }
    return best;
}

QString writeModel(const QTemporaryDir& dir, const Shape& s)
{
    const QString folder = QDir(dir.path()).filePath(QString::fromLatin1(s.name));
    const QJsonObject config{{QStringLiteral("model_type"), QStringLiteral("llama")},
                             {QStringLiteral("vocab_size"), 32000},
                             {QStringLiteral("hidden_size"), s.dim},
                             {QStringLiteral("intermediate_size"), s.hidden},
                             {QStringLiteral("num_hidden_layers"), s.layers},
                             {QStringLiteral("num_attention_heads"), s.heads},
                             {QStringLiteral("max_position_embeddings"), 1024},
                             {QStringLiteral("tie_word_embeddings"), true}};
    bench::Shapes shapes;
    shapes[QStringLiteral("model.embed_tokens.weight")] = {32000, s.dim};
    shapes[QStringLiteral("model.norm.weight")] = {s.dim};
    for (int l = 0; l < s.layers; ++l) {
        const QString p = QStringLiteral("model.layers.%1.").arg(l);
        for (const char* n : {"self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight"})
            shapes[p + QLatin1String(n)] = {s.dim, s.dim};
        shapes[p + QStringLiteral("mlp.gate_proj.weight")] = {s.hidden, s.dim};
        shapes[p + QStringLiteral("mlp.up_proj.weight")] = {s.hidden, s.dim};
        shapes[p + QStringLiteral("mlp.down_proj.weight")] = {s.dim, s.hidden};
        shapes[p + QStringLiteral("input_layernorm.weight")] = {s.dim};
        shapes[p + QStringLiteral("post_attention_layernorm.weight")] = {s.dim};
    }
    bench::writeRandomModel(folder, config, shapes, 12345, 0.1f);
    return folder;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int tokens = argc > 1 ? std::atoi(argv[1]) : 256;
    const RuntimeInfo rt = runtimeInfo();
    std::printf("LibTorch %s, BLAS %s\n", qPrintable(rt.torchVersion), qPrintable(rt.blasDescription));
    const double bw1 = readBandwidthGBs(1), bw2 = readBandwidthGBs(2);
    std::printf("memory read bandwidth: %.1f GB/s (1 thread), %.1f GB/s (2 threads)\n", bw1, bw2);

    QTemporaryDir dir;
    const Shape shapes[] = {{"stories15M-shape", 288, 6, 6, 768}, {"stories110M-shape", 768, 12, 12, 2048}};
    std::printf("%-18s %7s %10s %10s %12s %10s\n", "model", "threads", "decode/s", "prefill/s", "weights MB", "of limit");
    for (const Shape& s : shapes) {
        const auto model = LanguageModel::load(writeModel(dir, s));
        const double weightBytes = double(model->parameterCount()) * 4.0;
        for (int threads : {1, 2}) {
            setComputeThreads(threads);
            std::vector<int> prompt(32);
            for (int i = 0; i < 32; ++i)
                prompt[size_t(i)] = (i * 7919) % 32000;
            auto session = model->startSession(32 + tokens);
            session->feed(prompt);
            QElapsedTimer t;
            t.start();
            int next = 1;
            for (int i = 0; i < tokens; ++i) {
                const std::vector<float> logits = session->feed({next});
                next = int(std::max_element(logits.begin(), logits.end()) - logits.begin());
            }
            const double decode = tokens / (double(t.nsecsElapsed()) * 1e-9);

            std::vector<int> longPrompt(512);
            for (int i = 0; i < 512; ++i)
                longPrompt[size_t(i)] = (i * 104729) % 32000;
            auto prefillSession = model->startSession(512);
            t.restart();
            prefillSession->feed(longPrompt);
            const double prefill = 512 / (double(t.nsecsElapsed()) * 1e-9);

            const double limit = threads == 1 ? bw1 : bw2;
            std::printf("%-18s %7d %10.1f %10.1f %12.1f %10.2f\n", s.name, threads, decode, prefill, weightBytes / 1e6,
                        weightBytes * decode / (limit * 1e9));
        }
    }
    return 0;
}
