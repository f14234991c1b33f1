#!/usr/bin/env bash
# Builds a libFuzzer target with clang (ASan + UBSan) and fuzzes it for
# SECONDS (default 60) from its seed corpus. TARGET: safetensors (default) or
# conllu. Not part of CI; run by hand after changing the parser concerned.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET]
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
TARGET="${2:-safetensors}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="$ROOT/build-fuzz"
command -v clang++ >/dev/null || { echo "needs clang (apt-get install clang)"; exit 1; }
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSONDE_FUZZ=ON -DSONDE_BUILD_TESTS=ON -DSONDE_BUILD_BENCH=OFF >/dev/null
ninja -C "$BUILD" "fuzz_$TARGET"
WORK="$BUILD/fuzz-corpus-$TARGET"
mkdir -p "$WORK"
# Seeds stay read-only in the repo; new inputs go to the work corpus.
DICT=()
[ -f "$HERE/$TARGET.dict" ] && DICT=(-dict="$HERE/$TARGET.dict")
"$BUILD/bin/fuzz_$TARGET" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=5 "${DICT[@]}" \
  "$WORK" "$HERE/corpus-$TARGET"
