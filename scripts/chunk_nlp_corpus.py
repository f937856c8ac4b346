#!/usr/bin/env python3
"""Cut the sentences of the npm package nlp-corpus into plain-text chunks of about 300 words.

usage: chunk_nlp_corpus.py PACKAGE_DIR OUT_DIR [--words 300]

nlp-corpus (Spencer Kelly, MIT) ships builds/doc-0.json ... doc-99.json, each a JSON array of
1,000 sentences: 100,000 unique sentences, 1.55 million words, of many sources (SMS messages,
TV transcripts, song lyrics, speeches, Wikipedia, UN and legal text, reviews, Reddit, WikiHow,
Jeopardy, e-mail, fiction) shuffled together, with no label of the source. So no grouping by
source is possible; the only grouping the package has is its build file, and a chunk never
spans two of them.

Chunks are cut at sentence ends, deterministically, keeping the package's order (files by
number, sentences as listed): sentences are added to a chunk until it holds at least WORDS
words, except that the sentence that crosses WORDS is left for the next chunk when stopping
before it is closer to WORDS. The last chunk of a file, when under half of WORDS, joins the one
before it. Each chunk is OUT_DIR/nlp-00001.txt etc., one sentence a line (the sentences are
unrelated, and many lack a final full stop, so they are not run together into paragraphs);
white space inside a sentence is made single spaces. Words are counted as white-space tokens.

Prints on stdout: "<chunks> <words> <sentences>".
"""
import argparse
import json
import os
import re
import sys

FILES = 100


def sentences(pkg):
    """(file number, sentence) in the package's order."""
    builds = os.path.join(pkg, "builds")
    names = [n for n in os.listdir(builds) if re.fullmatch(r"doc-\d+\.json", n)]
    if len(names) != FILES:
        sys.exit(f"chunk_nlp_corpus: expected {FILES} files doc-N.json in {builds}, found {len(names)}")
    for i in range(FILES):
        with open(os.path.join(builds, f"doc-{i}.json"), encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, list):
            sys.exit(f"chunk_nlp_corpus: doc-{i}.json is not a JSON array")
        for s in data:
            if isinstance(s, str):
                s = " ".join(s.split())
                if s:
                    yield i, s


def chunks(items, target):
    """Chunks (lists of sentences) of one file's sentences."""
    out, cur, n = [], [], 0
    for s in items:
        w = len(s.split())
        if cur and n + w >= target and abs(target - n) < abs(n + w - target):
            out.append(cur)
            cur, n = [], 0
        cur.append(s)
        n += w
        if n >= target:
            out.append(cur)
            cur, n = [], 0
    if cur:
        if out and n < target / 2:
            out[-1].extend(cur)
        else:
            out.append(cur)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pkg")
    ap.add_argument("out")
    ap.add_argument("--words", type=int, default=300)
    args = ap.parse_args()

    by_file = {}
    for i, s in sentences(args.pkg):
        by_file.setdefault(i, []).append(s)
    os.makedirs(args.out, exist_ok=True)
    k = words = sents = 0
    for i in sorted(by_file):
        for c in chunks(by_file[i], args.words):
            k += 1
            with open(os.path.join(args.out, f"nlp-{k:05d}.txt"), "w", encoding="utf-8", newline="\n") as f:
                f.write("\n".join(c) + "\n")
            words += sum(len(s.split()) for s in c)
            sents += len(c)
    print(k, words, sents)


if __name__ == "__main__":
    main()
