#!/usr/bin/env bash
# Builds Sonde's libFuzzer targets with clang (ASan + UBSan) and fuzzes each
# for SECONDS (default 60) from its seed corpus in tests/fuzz/corpus-<target>,
# then prints one line per target: time, executions, coverage, crashes.
# TARGET: one of safetensors, conllu, tokenizer_json, vocab_files, config,
# project, or "all" (default). Exits non-zero when any target crashed; the
# input that did is kept as build-fuzz/crash-<target>-*.
# New inputs go to build-fuzz/fuzz-corpus-<target>; the seeds stay read-only.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET]
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
TARGET="${2:-all}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${SONDE_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
ALL=(safetensors conllu tokenizer_json vocab_files config project)
command -v clang++ >/dev/null || { echo "needs clang (scripts/setup-deps.sh installs it)"; exit 1; }
if [ "$TARGET" = all ]; then TARGETS=("${ALL[@]}"); else TARGETS=("$TARGET"); fi

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSONDE_FUZZ=ON -DSONDE_BUILD_TESTS=ON -DSONDE_BUILD_BENCH=OFF >/dev/null
ninja -C "$BUILD" $(printf 'fuzz_%s ' "${TARGETS[@]}")

failed=0
summary=()
for t in "${TARGETS[@]}"; do
  WORK="$BUILD/fuzz-corpus-$t"
  mkdir -p "$WORK"
  DICT=()
  [ -f "$HERE/$t.dict" ] && DICT=(-dict="$HERE/$t.dict")
  LOG="$BUILD/fuzz-$t.log"
  # -rss_limit_mb: a parser that allocates from a size in the input must say no first.
  set +e
  "$BUILD/bin/fuzz_$t" -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD/crash-$t-" "${DICT[@]}" "$WORK" "$HERE/corpus-$t" >"$LOG" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOG" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$LOG" | tail -1 | grep -o '[0-9]*' || echo "?")
  ft=$(grep -o 'ft: [0-9]*' "$LOG" | tail -1 | grep -o '[0-9]*' || echo "?")
  if [ "$rc" -ne 0 ]; then
    failed=1
    summary+=("$(printf '%-15s %5ss  %10s execs  cov %6s  ft %6s  CRASH (see %s)' "$t" "$SECONDS_TO_RUN" "$execs" "$cov" "$ft" "$LOG")")
    tail -40 "$LOG"
  else
    summary+=("$(printf '%-15s %5ss  %10s execs  cov %6s  ft %6s  no crash' "$t" "$SECONDS_TO_RUN" "$execs" "$cov" "$ft")")
  fi
done
printf '%s\n' "${summary[@]}"
exit "$failed"
