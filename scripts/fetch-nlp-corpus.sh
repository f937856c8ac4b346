#!/usr/bin/env bash
# Fetch nlp-corpus (npm package nlp-corpus 4.4.0, Spencer Kelly, MIT: 100,000 shuffled English
# sentences of many sources, from SMS and song lyrics to UN resolutions) and write it as plain
# text in chunks of about 300 words, cut at sentence ends, one file per chunk (nlp-00001.txt ...),
# one sentence a line. See scripts/chunk_nlp_corpus.py for how the chunks are cut.
#
#   scripts/fetch-nlp-corpus.sh [DEST]        (default: target/corpora/nlp)
#
# Idempotent: does nothing when DEST holds the stamp .complete and as many chunks as it names.
# Writes to a temporary folder and renames it, so an interrupted run never leaves a half corpus
# under DEST. Used only by tests and evaluations; the text is not ours to redistribute (the
# package's README asks that it not be republished commercially), so it is fetched, not committed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$here/target/corpora/nlp}
version=4.4.0
if [ -f "$dest/.complete" ]; then
    read -r stamp_version stamp_chunks _ <"$dest/.complete" || true
    if [ "$stamp_version" = "nlp-corpus@$version" ] \
        && [ "$(find "$dest" -maxdepth 1 -name 'nlp-*.txt' | wc -l)" -eq "${stamp_chunks:-0}" ]; then
        exit 0
    fi
fi
command -v npm >/dev/null || { echo "fetch-nlp-corpus: npm is needed to fetch nlp-corpus" >&2; exit 1; }
command -v python3 >/dev/null || { echo "fetch-nlp-corpus: python3 is needed to chunk the corpus" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
work=$(mktemp -d "${TMPDIR:-/tmp}/despin-nlp.XXXXXX")
# The chunks are written beside DEST, so that the final rename stays on one file system.
out=$(mktemp -d "$dest.tmp.XXXXXX")
child=
# Steps run in the background and are waited for, so that on Ctrl-C or kill the step still
# running is stopped before the temporaries are removed (it would otherwise write on).
cleanup() {
    if [ -n "$child" ]; then
        kill "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    rm -rf "$work" "$out"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
npm install --prefix "$work/npm" --no-audit --no-fund --no-save "nlp-corpus@$version" >/dev/null 2>&1 &
child=$!
wait "$child" || { child=; echo "fetch-nlp-corpus: 'npm install nlp-corpus@$version' failed" >&2; exit 1; }
python3 "$here/scripts/chunk_nlp_corpus.py" "$work/npm/node_modules/nlp-corpus" "$out/nlp" >"$work/counts" &
child=$!
wait "$child" || { child=; echo "fetch-nlp-corpus: chunking failed" >&2; exit 1; }
child=
counts=$(cat "$work/counts")
read -r chunks words sentences <<<"$counts"
echo "nlp-corpus@$version $chunks chunks $words words $sentences sentences" >"$out/nlp/.complete"
rm -rf "$dest.old"
[ -d "$dest" ] && mv "$dest" "$dest.old"
mv "$out/nlp" "$dest"
rm -rf "$dest.old"
echo "fetch-nlp-corpus: $chunks chunks, $words words, $sentences sentences in $dest" >&2
