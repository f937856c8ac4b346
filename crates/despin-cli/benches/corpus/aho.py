"""The fast filter a corpus pipeline would write in Python: json + one Aho-Corasick automaton.

Usage: python3 aho.py PATTERNS CORPUS.jsonl [MAX_BYTES]

Needs `pip install pyahocorasick`. Counts the documents whose text holds a phrase of PATTERNS
(one a line, as `despin wordlist export` writes them) as a whole word: every record is read with
`json.loads`, its text lower-cased in ASCII only (as despin folds case; `str.lower` would also
fold other scripts, and change lengths), and scanned with one automaton of the lower-cased
phrases; a match counts when neither end of it lies between two word characters. Word
characters are despin's: letters and digits of any script, and `_` (`str.isalnum`); on ASCII
text these are ASCII letters, digits and `_`, as `rg --no-unicode -w` has them. One valid match
is enough: the scan of a document stops there, as `grep -c` stops at a line's first match.
Prints: documents with a match, documents, bytes read. Reads at most MAX_BYTES when given.

Unlike despin it does not normalise typography (curly quotes, runs of white space) and knows no
case-sensitive entries or context rules: it is a peer for speed, with the same phrases, bytes
and word boundaries, not a second implementation.
"""
import json
import sys

import ahocorasick

# ASCII upper -> lower, for str.translate on text that is not all ASCII.
ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(s):
    return s.lower() if s.isascii() else s.translate(ASCII_LOWER)


def is_word(c):
    return c.isalnum() or c == "_"


def main():
    patterns_path, corpus_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    automaton = ahocorasick.Automaton()
    with open(patterns_path, encoding="utf-8") as f:
        for line in f:
            phrase = ascii_lower(line.rstrip("\n"))
            if phrase.strip():
                automaton.add_word(phrase, len(phrase))
    automaton.make_automaton()
    docs = matched = read = 0
    with open(corpus_path, "rb") as f:
        for line in f:
            read += len(line)
            text = json.loads(line).get("text")
            docs += 1
            if isinstance(text, str):
                hay = ascii_lower(text)
                n = len(hay)
                for end, length in automaton.iter(hay):
                    start = end + 1 - length
                    if start > 0 and is_word(hay[start - 1]) and is_word(hay[start]):
                        continue
                    if end + 1 < n and is_word(hay[end]) and is_word(hay[end + 1]):
                        continue
                    matched += 1
                    break
            if limit is not None and read >= limit:
                break
    print(f"{matched} {docs} {read}")


if __name__ == "__main__":
    main()
