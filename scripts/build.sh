#!/usr/bin/env bash
# Installs the Debian packages Sonde needs (skipping those present), then
# configures and builds into build/ (or $SONDE_BUILD_DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${SONDE_BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Torch translation units need ~1.5 GiB each: parallelism = cores, which is 2 here.
cmake --build "$BUILD" --parallel "$(nproc)"
