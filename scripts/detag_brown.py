#!/usr/bin/env python3
"""Turn the tagged Brown corpus (word/tag tokens) into plain running text.

usage: detag_brown.py SRC_DIR OUT_DIR

Each of the 500 documents becomes OUT_DIR/<name>.txt, one paragraph a line. Tags are
stripped ("jury/nn" -> "jury"), `` and '' become straight double quotes, and the spaces
that the tokenisation put before punctuation are taken out again, so that the text reads
like ordinary prose to a matcher with word boundaries.
"""
import os
import re
import sys

NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "'", "''", "n't", "'s", "'re", "'ll", "'d", "'ve", "'m"}


def detag(token):
    # The tag is after the last slash; words can contain slashes themselves ("1/2/cd").
    word, _, _tag = token.rpartition("/")
    return word or token


def paragraph(tokens):
    out = []
    glue = True  # no space before the next word (start of paragraph, after an opening quote)
    for tok in tokens:
        w = detag(tok)
        if w == "``":
            out.append(' "')
            glue = True
            continue
        if w == "''":
            out.append('"')
            continue
        if glue or w in NO_SPACE_BEFORE:
            out.append(w)
        else:
            out.append(" " + w)
        glue = w == "("
    return re.sub(r"\s+", " ", "".join(out).strip())


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    names = sorted(n for n in os.listdir(src) if re.fullmatch(r"c[a-r]\d\d", n))
    if len(names) != 500:
        sys.exit(f"detag_brown: expected 500 documents in {src}, found {len(names)}")
    for name in names:
        with open(os.path.join(src, name), encoding="utf-8", errors="replace") as f:
            paras = [paragraph(line.split()) for line in f if line.strip()]
        with open(os.path.join(dst, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(p for p in paras if p) + "\n")


if __name__ == "__main__":
    main()
