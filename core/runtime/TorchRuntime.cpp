#include "runtime/Runtime.h"

#include "Error.h"

#include <QFileInfo>
#include <torch/torch.h>
#include <torch/version.h>

#include <QThread>
#include <chrono>
#include <dlfcn.h>
#include <link.h>

namespace sonde {

namespace {

int g_computeThreads = 0; // as last set by setComputeThreads

// Debian's LibTorch calls whatever libblas.so.3 the alternatives system points
// at; only the loaded objects tell which one that really is.
int collectBlas(dl_phdr_info* info, size_t, void* data)
{
    const QString name = QString::fromLocal8Bit(info->dlpi_name);
    const QString base = QFileInfo(name).fileName();
    if (base.contains(QLatin1String("blas")) || base.startsWith(QLatin1String("libmkl")))
        *static_cast<QStringList*>(data) << QFileInfo(name).canonicalFilePath();
    return 0;
}

void describeBlas(RuntimeInfo& info)
{
    QStringList loaded;
    dl_iterate_phdr(collectBlas, &loaded);
    loaded.removeDuplicates();
    info.blasLibrary = loaded.join(QStringLiteral(", "));
    const QString all = loaded.join(QLatin1Char(' ')).toLower();
    if (all.contains(QLatin1String("openblas")))
        info.blasDescription = all.contains(QLatin1String("pthread")) ? QStringLiteral("OpenBLAS (pthread)")
                                                                       : QStringLiteral("OpenBLAS");
    else if (all.contains(QLatin1String("mkl")))
        info.blasDescription = QStringLiteral("Intel MKL");
    else if (all.contains(QLatin1String("blis")))
        info.blasDescription = QStringLiteral("BLIS");
    else if (all.contains(QLatin1String("atlas")))
        info.blasDescription = QStringLiteral("ATLAS");
    else if (!loaded.isEmpty()) {
        info.blasDescription = QStringLiteral("reference BLAS (slow: install libopenblas0-pthread)");
        info.blasIsReference = true;
    } else {
        // Official LibTorch builds link MKL statically: no separate BLAS object.
        info.blasDescription = QStringLiteral("built into LibTorch");
    }
}

} // namespace

RuntimeInfo runtimeInfo()
{
    RuntimeInfo info;
    info.torchVersion = QStringLiteral(TORCH_VERSION);
    describeBlas(info);
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? int(torch::cuda::device_count()) : 0;
    info.threads = computeThreads();
    return info;
}

QString resolveDevice(DevicePreference preference)
{
    const bool cuda = torch::cuda::is_available();
    switch (preference) {
    case DevicePreference::Cpu: return QStringLiteral("cpu");
    case DevicePreference::Cuda:
        if (!cuda)
            throw Error(QStringLiteral("CUDA was requested but no CUDA device is available "
                                       "(this LibTorch build or machine has none); choose Auto or CPU"));
        return QStringLiteral("cuda:0");
    case DevicePreference::Auto: return cuda ? QStringLiteral("cuda:0") : QStringLiteral("cpu");
    }
    return QStringLiteral("cpu");
}

void setComputeThreads(int threads)
{
    if (threads < 0)
        throw Error(QStringLiteral("thread count must be at least 1, or 0 for one per core (got %1)").arg(threads));
    if (threads == 0)
        threads = std::max(1, QThread::idealThreadCount());
    g_computeThreads = threads;
    // LibTorch's setting does not reach an OpenBLAS loaded through libblas.so.3,
    // which keeps a thread pool of its own. Both pools spin while idle, so with
    // both sized to the cores they fight over them (measured here: decoding
    // slower on 2 threads than on 1). The matrix products are where the time
    // goes, so OpenBLAS gets the threads and LibTorch's pool, which then runs
    // only small element-wise work, stays at one.
    using SetThreads = void (*)(int);
    if (auto openblas = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
        openblas(threads);
        at::set_num_threads(1);
    } else {
        at::set_num_threads(threads); // MKL and the rest share LibTorch's pool
    }
}

double measureSgemmGflops(int rows, int inner, int cols)
{
    c10::InferenceMode guard;
    const auto a = torch::randn({rows, inner});
    const auto b = torch::randn({inner, cols});
    auto c = torch::matmul(a, b); // warm-up
    double best = 0;
    for (int rep = 0; rep < 5; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 10; ++i)
            c = torch::matmul(a, b);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, 10.0 * 2.0 * rows * inner * cols / seconds / 1e9);
    }
    return best;
}

int computeThreads()
{
    return g_computeThreads > 0 ? g_computeThreads : at::get_num_threads();
}

} // namespace sonde
