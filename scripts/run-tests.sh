#!/usr/bin/env bash
# One command: install dependencies, build, and run the whole test suite.
# Tests labelled `shared` use ../shared beside the checkout and skip without it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${SONDE_BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/build.sh"
cd "$BUILD"
ctest --output-on-failure --timeout 600 "$@"
