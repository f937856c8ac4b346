"""Filter a JSONL corpus with despin on Spark: kept and flagged records, and a summary by source.

    spark-submit examples/spark_filter.py 'crawl/*.jsonl' out/
    python examples/spark_filter.py --master 'local[2]' fixtures/corpus.jsonl /tmp/despin-out --format jsonl

Reads JSONL (any path or glob Spark reads; .gz and .zst too), scores every record's text with
despin (one Detector per Python worker, see despin.spark), and writes under OUT:

- kept/     the records scored below the threshold, with despin_score, despin_spun and
            despin_hits added (Parquet, or JSONL with --format jsonl);
- flagged/  the records at or above it, the same way;
- rejected/ records without a text (null or missing), as read;
- sources/  one JSON line a source (the host of --by, default metadata.url): documents,
            flagged, share_flagged, mean_score, worst first, as `despin sources` prints them.

It prints the counts, read = kept + flagged + rejected, as `despin filter` does. The scores are
those of `despin scan --format jsonl` with the same options, record for record.
"""

from __future__ import annotations

import argparse
import json
import sys


def run(
    spark,
    inputs,
    out: str,
    *,
    fmt: str = "parquet",
    text_col: str = "text",
    id_col: str = "id",
    by: str = "metadata.url",
    lists_only: bool = False,
    threshold: float = 0.5,
    wordlists=None,
) -> dict:
    """Runs the job in `spark` and returns the counts: read, kept, flagged, rejected."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    import despin.spark

    if fmt not in ("parquet", "jsonl"):
        raise ValueError(f"format must be parquet or jsonl, not {fmt!r}")
    df = spark.read.json(inputs)
    if text_col not in df.columns:
        df = df.withColumn(text_col, F.lit(None).cast("string"))
    scored = despin.spark.score(
        df, text_col, id_col, wordlists=wordlists, lists_only=lists_only, threshold=threshold
    )
    # Scored once, then split three ways and summed up.
    scored = scored.persist(StorageLevel.MEMORY_AND_DISK)
    spun = F.col("despin_spun")
    counts = scored.agg(
        F.count(F.lit(1)).alias("read"),
        F.sum(F.when(~spun, 1).otherwise(0)).alias("kept"),
        F.sum(F.when(spun, 1).otherwise(0)).alias("flagged"),
        F.sum(F.when(spun.isNull(), 1).otherwise(0)).alias("rejected"),
    ).first()
    parts = {
        "kept": scored.where(~spun),
        "flagged": scored.where(spun),
        "rejected": scored.where(spun.isNull()).drop("despin_score", "despin_spun", "despin_hits"),
    }
    for name, part in parts.items():
        writer = part.write.mode("overwrite")
        if fmt == "parquet":
            writer.parquet(f"{out}/{name}")
        else:
            writer.json(f"{out}/{name}")
    summary = despin.spark.sources(scored, by=by) if _has(df, by) else None
    if summary is not None:
        summary.coalesce(1).write.mode("overwrite").json(f"{out}/sources")
    scored.unpersist()
    return {k: int(counts[k] or 0) for k in ("read", "kept", "flagged", "rejected")}


def _has(df, path: str) -> bool:
    """Whether the DataFrame has the (dotted) column."""
    from pyspark.sql.utils import AnalysisException

    try:
        df.select(path).schema
        return True
    except AnalysisException:
        return False


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", nargs="+", help="JSONL files, folders or globs")
    p.add_argument("out", help="output folder")
    p.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    p.add_argument("--text-key", default="text")
    p.add_argument("--id-key", default="id")
    p.add_argument("--by", default="metadata.url", help="the source of a record (default metadata.url)")
    p.add_argument("--lists-only", action="store_true", help="match the lists alone, as despin --lists-only")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--wordlist", action="append", default=[], help="another wordlist (on every node)")
    p.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    args = p.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("despin-filter")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = run(
            spark,
            args.input,
            args.out,
            fmt=args.format,
            text_col=args.text_key,
            id_col=args.id_key,
            by=args.by,
            lists_only=args.lists_only,
            threshold=args.threshold,
            wordlists=args.wordlist,
        )
    finally:
        spark.stop()
    print(
        f"read {counts['read']} records = kept {counts['kept']} + flagged {counts['flagged']}"
        f" + rejected {counts['rejected']}",
        file=sys.stderr,
    )
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
