#!/usr/bin/env python3
"""Write tables/real_spins.tsv: the substitutions of real news spinners, with a noise column.

usage: python3 scripts/build_real_spins.py [SRC_DIR] [--out tables]

SRC_DIR (default ../shared/data) holds real_spins.tsv (spun, original, count, articles, sites:
1,062 short phrase pairs aligned from 34 spun news pages and their originals) and
real_spins_sources.tsv (the pages' URLs and the spinner's dialect family). This script copies
the rows unchanged and in the same order, adds a sixth column `noise` (1 for a row judged to
be alignment noise, 0 otherwise; the judgement is the list NOISE below, made by reading every
row against the rule in HEADER), and copies real_spins_sources.tsv unchanged beside it.
Deterministic; standard library only.
"""
import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

HEADER = """\
# Substitutions of real synonym spinners, observed on the web: each row is a short stretch of a
# spun news page (spun) beside what the original article had there (original), found by aligning
# 34 spun pages word by word with their originals. The pages (spun URL, original URL, and the
# spinner's dialect family) are listed in real_spins_sources.tsv beside this file; 27 of the 34
# are of family A, the spinner of seed 002. Short phrase pairs, facts about those pages: no text
# of the pages is reproduced beyond them.
#
# Columns: spun, original; count: occurrences over all pages; articles, sites: in how many of
# them. Read from the counts (the lab's file does not say more): articles counts different
# original articles and sites different spun sites (host names), since sites exceeds articles
# where one original was spun on several sites (3 pages copy one original, 2 pages another)
# and falls short where one site spun two originals (2 sites have 2 pages each). These are
# totals: no row can be traced to its page or site from this file. noise: 1 when the row is
# judged to be alignment noise rather than a substitution a spinner made, 0 otherwise.
#
# Rule for noise = 1 (judged by reading each row; rows are never deleted):
#  (a) a side starts or ends with punctuation or a sentence break that the other lacks
#      (over / ", say"; in / "ago. Here's"; earlier { / previous);
#  (b) the pair is cut at a wrong phrase boundary: a side holds, at its edge, words whose
#      counterpart lies outside the other side, i.e. part of a neighbouring substitution
#      (the "gross" of "gross sales" for "sales" in "each gross / both"; "reward playing /
#      gift" from "playing cards" for "cards"; "or not shops / stores"; "nations / countries
#      around the"; "entering / going" from "going into");
#  (c) the two sides name different things, so no spinner made one from the other: the
#      aligner paired unrelated stretches (United / City; in 2014 / last year; bid / peace).
# Not noise: shared words trimmed from both edges by the aligner (in response / according, from
# "in response to" / "according to"); garbled words of the WordNet-sense replacer however
# strange (volition beryllium / will be; cognize / know; maine arsenic premier curate / me as
# prime minister); spacing or punctuation changed inside the pair (present £ 1,568 /
# current £1,568). 46 of the 1,062 rows (4.3%) are marked 1.
#
# Made by scripts/build_real_spins.py from the lab's real_spins.tsv; do not edit by hand."""

# (spun, original) of the rows judged to be noise, by the rule above.
NOISE = {
    # (a) punctuation or a sentence break at an edge
    ("over", ", say"),
    ("in", "ago. Here's"),
    ("have recognized", "block, according"),
    ("earlier {", "previous"),
    # (b) cut at a wrong phrase boundary: "gross" belongs to "gross sales" (for "sales")
    ("each gross", "both"),
    ("finish on-line gross", "end online"),
    ("noticed gross", "saw"),
    ("On-line gross", "Online"),
    ("stable gross", "solid"),
    ("Ceremony Support's gross", "Rite Aid's"),
    # (b) a dangling word on the spun side
    ("greater right", "higher"),
    ("increased right", "higher"),
    ("upper right", "higher"),
    ("corporate primarily", "company"),
    ("their gasoline", "gas"),
    ("or not shops", "stores"),
    ("or not you've got", "you have"),
    ("reason that center", "middle"),
    ("Metal's house", "Steel's"),
    ("million pertains", "relates"),
    ("of the wind-down shall", "will"),
    ("plan credit histories", "credits"),
    ("Partially considered", "In part"),
    ("management all through all", "control throughout"),
    ("vital nation's greatest", "country's largest"),
    ("know extra", "more"),
    ("would power all of", "could force"),
    ("reward playing", "gift"),
    ("ceremony presents", "gifts"),
    ("many nation's", "the country's"),
    # (b) a dangling word or words on the original side
    ("present stage of", "current"),
    ("nations", "countries around the"),
    ("these shops", "happen to those stores"),
    ("stick", "secure funds to stay"),
    ("constructing", "entire building"),
    ("what will occur", "what's going"),
    ("really quick", "very short period of"),
    ("entering", "going"),
    # (c) unrelated stretches paired
    ("Mattress Tub & Past", "the company"),
    ("in 2014", "last year"),
    ("United", "City"),
    ("Metropolis", "United"),
    ("Man", "Manchester"),
    ("information", "security"),
    ("bid", "peace"),
    ("highest", "end"),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", nargs="?", default=os.path.join(os.path.dirname(REPO), "shared", "data"))
    ap.add_argument("--out", default=os.path.join(REPO, "tables"))
    args = ap.parse_args()

    src = os.path.join(args.src, "real_spins.tsv")
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = [l for l in lines if not l.startswith("#")]
    if not body or body[0].split("\t") != ["spun", "original", "count", "articles", "sites"]:
        sys.exit(f"build_real_spins: {src}: expected the column names spun, original, count, articles, sites")
    rows = [l.split("\t") for l in body[1:]]
    seen = set()
    for i, r in enumerate(rows):
        if len(r) != 5:
            sys.exit(f"build_real_spins: {src}: row {i + 1} has {len(r)} columns, expected 5")
        seen.add((r[0], r[1]))
    missing = sorted(NOISE - seen)
    if missing:
        sys.exit(f"build_real_spins: noise pairs not in {src}: {missing}")

    os.makedirs(args.out, exist_ok=True)
    out = os.path.join(args.out, "real_spins.tsv")
    marked = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER + "\n")
        f.write("spun\toriginal\tcount\tarticles\tsites\tnoise\n")
        for r in rows:
            noise = int((r[0], r[1]) in NOISE)
            marked += noise
            f.write("\t".join(r + [str(noise)]) + "\n")
    shutil.copyfile(os.path.join(args.src, "real_spins_sources.tsv"), os.path.join(args.out, "real_spins_sources.tsv"))
    print(f"real_spins.tsv: {len(rows)} rows, {marked} marked noise ({marked / len(rows):.1%})", file=sys.stderr)


if __name__ == "__main__":
    main()
