#!/usr/bin/env bash
# Builds the .deb from BUILD_DIR (default: build), lists its contents, checks
# that the expected files are in it, then unpacks it into a scratch root and
# runs the packaged sonde-cli --version from there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
cd "$BUILD"
cpack -G DEB >/dev/null
DEB="$(ls -t sonde_*.deb | head -1)"
echo "package: $DEB"
LISTING="$(dpkg-deb -c "$DEB")"
echo "$LISTING"
for f in ./usr/bin/sonde ./usr/bin/sonde-cli ./usr/lib/sonde/libsonde_spm.so \
         ./usr/share/applications/org.sonde.Sonde.desktop ./usr/share/metainfo/org.sonde.Sonde.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/org.sonde.Sonde.svg \
         ./usr/share/sonde/models/sonde-demo-lm/model.safetensors ./usr/share/sonde/models/sonde-demo-lm/tokenizer.model; do
  grep -q " $f\$" <<<"$LISTING" || { echo "missing from package: $f"; exit 1; }
done
dpkg-deb -f "$DEB" Depends | grep -q libopenblas0-pthread || { echo "Depends lacks libopenblas0-pthread"; exit 1; }
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
dpkg-deb -x "$DEB" "$SCRATCH"
"$SCRATCH/usr/bin/sonde-cli" --version
# The packaged binary must find its SentencePiece plugin at ../lib/sonde.
MODEL="$ROOT/../shared/models/stories260k-hf"
if [ -d "$MODEL" ]; then
  "$SCRATCH/usr/bin/sonde-cli" info "$MODEL" | grep "Tokenizer.*512 pieces"
else
  echo "(../shared absent: skipping the packaged tokenizer check)"
fi
# The packaged demo model loads: found at ../share/sonde, weights and tokenizer read.
"$SCRATCH/usr/bin/sonde-cli" info "$SCRATCH/usr/share/sonde/models/sonde-demo-lm" | grep "Tokenizer.*4096 pieces"
echo "check-deb: OK"
