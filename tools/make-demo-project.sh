#!/usr/bin/env bash
# Rebuilds the built-in demo project (resources/demo/demo.sonde): the demo
# model in the Attention & Syntax workspace with a finished analysis of the
# shipped mini treebank, computed by `sonde-cli syntax --project` (the same
# core functions the GUI runs). The model's folder is stored as the
# placeholder $SONDE_DEMO_MODEL, which the app replaces with the installed
# share/sonde/models/sonde-demo-lm when it opens the demo.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${SONDE_CLI:-$ROOT/build/bin/sonde-cli}"
MODEL="$ROOT/resources/models/sonde-demo-lm"
TREEBANK="$ROOT/resources/treebanks/sonde-mini.conllu"
PROJECT="$ROOT/resources/demo/demo.sonde"
[ -x "$CLI" ] || { echo "build Sonde first (scripts/build.sh): $CLI is missing" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Start from the shipped project's notes, without its models or analyses.
cat >"$WORK/demo.sonde" <<JSON
{
  "format": "sonde-project",
  "formatVersion": 1,
  "name": "Sonde demo",
  "models": [],
  "workspaces": {
    "attention": {
      "notes": "The demo model (a 3.4M-parameter Llama trained by Sonde itself, see its README) scored against Sonde's mini treebank of 12 hand-annotated sentences.\n\nTry: pick a relation and a direction; click a head in the heatmap to list the sentences where it is right and wrong; double-click a sentence to see its arcs and attention, and step through the others. Score Heads again on another treebank (../shared/treebanks/en_ewt-ud-dev.conllu), or add another model (Model > Open Model Folder…), score it and compare the two; the Runs tab lists every run."
    },
    "latent": {},
    "chat": {},
    "editor": {}
  }
}
JSON
"$CLI" syntax --model "$MODEL" --treebank "$TREEBANK" --out "$WORK/scores" --project "$WORK/demo.sonde" --threads 1
# Paths of this checkout become the placeholder and the built-in treebank.
MODEL_REAL="$(cd "$MODEL" && pwd -P)"
sed -e "s|\"$MODEL_REAL\"|\"\$SONDE_DEMO_MODEL\"|g" -e "s|\"$TREEBANK\"|\":/treebanks/sonde-mini.conllu\"|g" \
  "$WORK/demo.sonde" >"$PROJECT"
if grep -q "$ROOT" "$PROJECT"; then
  echo "a path of this checkout is left in $PROJECT" >&2
  exit 1
fi
echo "demo project written: $PROJECT"
