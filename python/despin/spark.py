"""despin on Spark: score a DataFrame's texts, one Detector per Python worker process.

>>> from pyspark.sql import SparkSession                                  # doctest: +SKIP
>>> import despin.spark
>>> spark = SparkSession.builder.master("local[2]").getOrCreate()        # doctest: +SKIP
>>> df = spark.read.json("corpus.jsonl")                                  # doctest: +SKIP
>>> scored = despin.spark.score(df, text_col="text", id_col="id")         # doctest: +SKIP
>>> scored.where("despin_spun").count()                                   # doctest: +SKIP

:func:`score` adds three columns, ``despin_score`` (double), ``despin_spun`` (boolean) and
``despin_hits`` (an array of structs with the keys of a hit in ``despin scan --format jsonl``),
through ``mapInPandas``: the rows travel to Python in Arrow batches, and each batch is scored with
:meth:`despin.Detector.score_batch`, the GIL released. The detector is built once per Python
worker process (:func:`despin.shared_detector`) and reused by every batch and task that process
runs (Spark reuses its Python workers by default, ``spark.python.worker.reuse``).

:func:`sources` sums a scored DataFrame up by source, as ``despin sources`` does.
"""

from __future__ import annotations

from typing import Iterator, Optional, Sequence

__all__ = ["HIT_FIELDS", "score", "sources", "host_column"]

#: The fields of a hit in the hits column, with their Spark SQL types: the keys of the JSON
#: report (``array<struct<start:bigint, ..., weight:double>>``).
HIT_FIELDS = (
    ("start", "bigint"),
    ("end", "bigint"),
    ("line", "bigint"),
    ("col", "bigint"),
    ("text", "string"),
    ("original", "string"),
    ("list", "string"),
    ("weight", "double"),
)

#: The source of a record without one, as ``despin sources`` names it.
NO_SOURCE = "(no source)"


def score(
    df,
    text_col: str = "text",
    id_col: Optional[str] = "id",
    *,
    wordlists: Optional[Sequence[str]] = None,
    lists_only: bool = False,
    threshold: float = 0.5,
    threads: int = 1,
    prefix: str = "despin_",
):
    """``df`` with the columns ``{prefix}score``, ``{prefix}spun`` and ``{prefix}hits`` added.

    Args:
        df: a DataFrame with a string (or binary) column of texts.
        text_col: the column of texts. A null text gets null in the three columns.
        id_col: the column that names each document in its report (None, or a column that is
            not there: each text's position in its batch).
        wordlists, lists_only, threshold: as for :class:`despin.Detector`. Wordlist files must
            be readable at the same path on every executor.
        threads: threads each task scores its batches with. Spark already runs a task on each
            core, so one is right unless tasks have cores of their own
            (``spark.task.cpus``).
        prefix: of the new columns' names.

    The scores are those of ``despin scan --format jsonl`` with the same options (``--lists-only``,
    ``--threshold``), record for record.
    """
    from pyspark.sql.types import ArrayType, BooleanType, DoubleType, LongType, StringType, StructField, StructType

    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(df.columns)})")
    names = [prefix + "score", prefix + "spun", prefix + "hits"]
    clash = [n for n in names if n in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has {', '.join(clash)}: choose another prefix")
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be an int of at least 1, not {threads!r}")
    types = {"bigint": LongType(), "string": StringType(), "double": DoubleType()}
    hit = StructType([StructField(name, types[kind]) for name, kind in HIT_FIELDS])
    schema = StructType(
        df.schema.fields
        + [
            StructField(names[0], DoubleType()),
            StructField(names[1], BooleanType()),
            StructField(names[2], ArrayType(hit)),
        ]
    )
    options = (tuple(str(w) for w in wordlists or ()), bool(lists_only), float(threshold))
    ids = id_col if id_col is not None and id_col in df.columns else None
    # Build one detector here, on the driver, so that a bad wordlist fails now with its message
    # rather than in every task.
    _detector(options)

    def run(batches):
        return _score_batches(batches, text_col, ids, options, threads, names)

    return df.mapInPandas(run, schema)


def _detector(options):
    import despin

    wordlists, lists_only, threshold = options
    return despin.shared_detector(list(wordlists), lists_only, threshold)


def _score_batches(batches: Iterator, text_col: str, id_col: Optional[str], options, threads: int, names) -> Iterator:
    """Runs in the Python worker: scores each pandas batch with the worker's one detector."""
    detector = _detector(options)
    for pdf in batches:
        texts = pdf[text_col]
        present = texts.notna().to_numpy()
        valid = texts[present].tolist()
        ids = None
        if id_col is not None:
            ids = ["" if i is None else str(i) for i in pdf[id_col][present].tolist()]
        reports = iter(detector.score_batch(valid, threads, ids=ids))
        scores, spun, hits = [], [], []
        for ok in present:
            if ok:
                r = next(reports)
                scores.append(r["score"])
                spun.append(r["spun"])
                hits.append(r["hits"])
            else:
                scores.append(None)
                spun.append(None)
                hits.append(None)
        pdf = pdf.copy()
        pdf[names[0]] = scores
        pdf[names[1]] = spun
        pdf[names[2]] = hits
        yield pdf


def host_column(col):
    """The host of a URL column, as ``despin sources`` reduces one: lower case, without user,
    port, trailing dots or a leading ``www.``; the value itself when it is not a URL with a host.
    """
    from pyspark.sql import functions as F

    trimmed = F.trim(col)
    host = F.regexp_extract(trimmed, r"^[A-Za-z0-9+.-]+://(?:[^/?#]*@)?(\[[^\]]*\]|[^:/?#]*)", 1)
    host = F.regexp_replace(F.lower(F.regexp_replace(host, r"\.+$", "")), r"^www\.", "")
    return F.when(host != "", host).otherwise(col)


def sources(scored, by: str = "url", prefix: str = "despin_"):
    """A scored DataFrame summed up by source, worst first, as ``despin sources`` does:
    ``source``, ``documents``, ``flagged``, ``share_flagged``, ``mean_score``.

    ``by`` names the column (a dotted path reaches into structs, ``metadata.url``); a URL counts
    as its host. Rows whose text was null are left out.
    """
    from pyspark.sql import functions as F

    spun, score_col = F.col(prefix + "spun"), F.col(prefix + "score")
    source = F.coalesce(host_column(F.col(by)), F.lit(NO_SOURCE))
    return (
        scored.where(score_col.isNotNull())
        .groupBy(source.alias("source"))
        .agg(
            F.count(F.lit(1)).alias("documents"),
            F.sum(spun.cast("long")).alias("flagged"),
            F.avg(score_col).alias("mean_score"),
        )
        .withColumn("share_flagged", F.col("flagged") / F.col("documents"))
        .select("source", "documents", "flagged", "share_flagged", "mean_score")
        .orderBy(F.desc("share_flagged"), F.desc("mean_score"), F.desc("documents"), "source")
    )
