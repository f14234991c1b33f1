#!/usr/bin/env bash
# Builds Sonde with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DSONDE_SANITIZE=ON) into build-asan/ and runs the unit, shared and GUI tests
# under them: any out-of-bounds access, use after free or undefined
# behaviour in Sonde's code fails the run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${SONDE_ASAN_BUILD_DIR:-$ROOT/build-asan}"
bash "$ROOT/scripts/setup-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSONDE_SANITIZE=ON -DSONDE_BUILD_BENCH=OFF
cmake --build "$BUILD" --parallel "$(nproc)"
cd "$BUILD"
# LibTorch and Qt are not built with the sanitizers: leaks inside them are not
# Sonde's to fix, and their allocators confuse the leak checker.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
ctest --output-on-failure --timeout 900 -L "unit|shared|gui" "$@"
