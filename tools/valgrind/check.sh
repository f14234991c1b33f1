#!/usr/bin/env bash
# Runs `sonde-cli info` and a short `syntax` run (the shipped mini treebank on
# stories260k) under valgrind's memcheck and fails on any error not listed in
# sonde.supp (those are outside Sonde's code). Needs ../shared and a build.
# Usage: tools/valgrind/check.sh [BUILD_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
MODEL="$ROOT/../shared/models/stories260k-hf"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
VG=(valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite --num-callers=30
    --suppressions="$ROOT/tools/valgrind/sonde.supp")
"${VG[@]}" --log-file="$OUT/info.log" "$BUILD/bin/sonde-cli" info "$MODEL" >/dev/null \
  || { cat "$OUT/info.log"; exit 1; }
grep "ERROR SUMMARY" "$OUT/info.log"
"${VG[@]}" --log-file="$OUT/syntax.log" "$BUILD/bin/sonde-cli" syntax --model "$MODEL" \
  --treebank "$ROOT/resources/treebanks/sonde-mini.conllu" --out "$OUT/scores" --threads 1 >/dev/null 2>&1 \
  || { cat "$OUT/syntax.log"; exit 1; }
grep "ERROR SUMMARY" "$OUT/syntax.log"
