#pragma once
// What the inference runtime is: LibTorch version, the BLAS library actually
// loaded, devices and threads. Torch-free header so views and the CLI can use it.
#include <QString>

namespace sonde {

enum class DevicePreference { Auto, Cpu, Cuda };
QString devicePreferenceName(DevicePreference p);

struct RuntimeInfo {
    QString torchVersion;
    QString blasLibrary;     // resolved path of the loaded BLAS
    QString blasDescription; // e.g. "OpenBLAS (pthread)"
    bool blasIsReference = false;
    bool cudaAvailable = false;
    int cudaDeviceCount = 0;
    int threads = 0;
};

RuntimeInfo runtimeInfo();
// "cpu" or "cuda:0". Throws sonde::Error when CUDA is asked for but absent.
QString resolveDevice(DevicePreference preference);
// Threads for LibTorch and the BLAS it calls; 0 = one per core.
void setComputeThreads(int threads);
int computeThreads();

// Single-precision matrix-product throughput (GFLOP/s) of LibTorch's BLAS with
// the current threads, best of a few runs of [rows x inner] x [inner x cols]:
// the machine's compute limit, for benchmarks to report against.
double measureSgemmGflops(int rows = 256, int inner = 768, int cols = 3072);

// Keeps memory the process frees for its own reuse instead of returning it to
// the system. Training frees and allocates the same large activations every
// step; with glibc's defaults each comes back as fresh zeroed pages, and the
// page faults took a third of a step (bench_train: ~1.7 s → ~1.2 s per step).
// Process-wide and lasting: the footprint stays at its peak. Called by the
// trainer, not by inference, where memory should go back between jobs.
void retainFreedMemory();

// Resident memory of this process in bytes (from /proc/self/statm).
quint64 residentMemoryBytes();

} // namespace sonde
