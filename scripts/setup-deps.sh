#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running Sonde needs.
# Idempotent: packages already installed are skipped, so re-running is cheap.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # Qt 6: widgets, svg (icon + SVG export), tools (uic/moc), offscreen/xcb platform
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6svg6 qt6-qpa-plugins
  libqt6opengl6-dev libgl-dev libvulkan-dev
  # LibTorch (CPU) and the fast BLAS it must pick up (reference BLAS is ~12x slower)
  libtorch-dev libopenblas0-pthread
  # OpenSSL: SHA-256 with the CPU's SHA extensions for weight fingerprints (~10x Qt's own)
  libssl-dev
  # SentencePiece: library for the isolated plugin, CLI tools (spm_encode, spm_train) for
  # reference tests and the demo model's tokenizer
  libsentencepiece-dev sentencepiece
  # PyTorch for Python: the independent reference implementation that tests and benchmarks
  # compare Sonde's numbers with (tools/reference); it shares Debian's libtorch
  python3-torch
  # GUI tests under a real X server, packaging checks
  xvfb xauth dpkg-dev file
  # the fuzz targets (clang with libFuzzer, ASan and UBSan runtimes); CI runs them
  clang libclang-rt-14-dev
  # fonts so offscreen screenshots render text
  fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
