#!/usr/bin/env bash
# Builds the libFuzzer target with clang (ASan + UBSan) and fuzzes the
# safetensors parser for SECONDS (default 60) from the seed corpus.
# Not part of CI; run by hand after changing core/io/Safetensors.cpp.
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="$ROOT/build-fuzz"
command -v clang++ >/dev/null || { echo "needs clang (apt-get install clang)"; exit 1; }
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSONDE_FUZZ=ON -DSONDE_BUILD_TESTS=ON -DSONDE_BUILD_BENCH=OFF >/dev/null
ninja -C "$BUILD" fuzz_safetensors
WORK="$BUILD/fuzz-corpus"
mkdir -p "$WORK"
# Seeds stay read-only in the repo; new inputs go to the work corpus.
"$BUILD/bin/fuzz_safetensors" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=5 -dict="$HERE/safetensors.dict" \
  "$WORK" "$HERE/corpus"
