#include "runtime/Runtime.h"

#include "Error.h"

#include <QFileInfo>
#include <torch/torch.h>
#include <torch/version.h>

#include <link.h>

namespace sonde {

namespace {

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
    info.threads = at::get_num_threads();
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
    if (threads < 1)
        throw Error(QStringLiteral("thread count must be at least 1 (got %1)").arg(threads));
    at::set_num_threads(threads);
}

int computeThreads()
{
    return at::get_num_threads();
}

} // namespace sonde
