#!/usr/bin/env bash
# Rebuilds Sonde's demo language model (resources/models/sonde-demo-lm) from
# the plain-text corpora in ../shared/corpora, with Sonde's own trainer
# (`sonde-cli train`) and a SentencePiece tokenizer from Debian's spm_train.
# About 30 minutes on a 2-core machine. Every step is printed; the figures of
# the run land in the model folder's training.json.
#
#   tools/train-demo-model.sh [OUT_DIR] [CORPUS...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${SONDE_CLI:-$ROOT/build/bin/sonde-cli}"
OUT="${1:-$ROOT/resources/models/sonde-demo-lm}"
shift || true
CORPORA=("$@")
if [ ${#CORPORA[@]} -eq 0 ]; then
  CORPORA=("$ROOT/../shared/corpora/tinyshakespeare.txt" "$ROOT/../shared/corpora/wikitext2-valid.txt")
fi
[ -x "$CLI" ] || { echo "build Sonde first (scripts/build.sh): $CLI is missing" >&2; exit 1; }
command -v spm_train >/dev/null || { echo "spm_train is missing: apt-get install sentencepiece" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Documents, with the last 5% of every corpus held out for perplexity.
"$CLI" corpus --out "$WORK" --held-out-fraction 0.05 "${CORPORA[@]}"

# 2. A 4,096-piece BPE tokenizer on the training part only. Byte fallback
#    makes every string encodable; digits are split so numbers do not eat the
#    vocabulary. Ids 0-2 are <unk>, <s>, </s> as in Llama.
spm_train --input="$WORK/train.txt" --model_prefix="$WORK/tokenizer" --model_type=bpe --vocab_size=4096 \
  --character_coverage=1.0 --byte_fallback=true --split_digits=true --max_sentence_length=20000 \
  --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=1 >"$WORK/spm_train.log" 2>&1 \
  || { cat "$WORK/spm_train.log" >&2; exit 1; }

# 3. A 3.4M-parameter Llama: 6 layers × 6 heads, hidden 192, context 256,
#    1,100 steps of 16 × 256 tokens (about 7 passes over the training text).
#    Saved in F16 (7 MB); the perplexity it reports is the saved model's.
"$CLI" train --tokenizer "$WORK/tokenizer.model" --train "$WORK/train.txt" --held-out "$WORK/heldout.txt" --out "$OUT" \
  --layers 6 --hidden 192 --heads 6 --intermediate 512 --context 256 \
  --batch 16 --steps 1100 --lr 2e-3 --min-lr 2e-4 --warmup 100 --weight-decay 0.1 --clip 1.0 --seed 1 \
  --eval-every 50 --eval-windows 32 --save-dtype f16 --log-every 10

# 4. The demo project's stored analysis is of this model: rebuild it too.
if [ "$OUT" = "$ROOT/resources/models/sonde-demo-lm" ]; then
  "$ROOT/tools/make-demo-project.sh"
fi
