"""The filter many corpus pipelines would write: json + re over the same phrases.

Usage: python3 filter.py PATTERNS CORPUS.jsonl [MAX_BYTES]
Counts the documents whose text holds a phrase (case-insensitive, whole words), as
`grep -c -i -w -F -f PATTERNS` counts matching lines. Reads at most MAX_BYTES when given.
"""
import json
import re
import sys


def main():
    patterns_path, corpus_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with open(patterns_path, encoding="utf-8") as f:
        phrases = [p.strip() for p in f if p.strip()]
    # Longest first, so that the alternation prefers the longest phrase at a position.
    phrases.sort(key=len, reverse=True)
    regex = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)
    docs = flagged = read = 0
    with open(corpus_path, "rb") as f:
        for line in f:
            read += len(line)
            doc = json.loads(line)
            docs += 1
            if regex.search(doc.get("text", "")):
                flagged += 1
            if limit is not None and read >= limit:
                break
    print(f"{flagged} {docs} {read}")


if __name__ == "__main__":
    main()
