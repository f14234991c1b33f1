#!/usr/bin/env bash
# One command: install dependencies, build, and open Sonde on its built-in demo project.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
bash "$ROOT/scripts/build.sh"
exec "${SONDE_BUILD_DIR:-$ROOT/build}/bin/sonde" --demo "$@"
