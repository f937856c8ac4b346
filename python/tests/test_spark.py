"""Spark on local[2]: the helper and the example job give the command line's scores for every
record of a 12,000-record corpus, the kept and flagged counts add up to the input, the summary by
source matches `despin sources`, and each Python worker builds one detector."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pyspark")

import despin  # noqa: E402
import despin.spark  # noqa: E402


def load_example():
    spec = importlib.util.spec_from_file_location("spark_filter", ROOT / "examples" / "spark_filter.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hits_of(row) -> list[dict]:
    return [h.asDict() for h in row["despin_hits"]]


def test_the_example_job_scores_every_record_as_the_command_line(spark, corpus, corpus_cli, cli, tmp_path):
    out = tmp_path / "out"
    counts = load_example().run(spark, str(corpus), str(out))
    flagged = sum(r["spun"] for r in corpus_cli.values())
    assert counts == {"read": 12_000, "kept": 12_000 - flagged, "flagged": flagged, "rejected": 0}

    seen = {}
    for part in ("kept", "flagged"):
        rows = spark.read.parquet(str(out / part)).select("id", "despin_score", "despin_spun", "despin_hits")
        for row in rows.collect():
            assert row["id"] not in seen
            seen[row["id"]] = (part, row)
    assert set(seen) == set(corpus_cli)
    for id_, (part, row) in seen.items():
        expected = corpus_cli[id_]
        assert part == ("flagged" if expected["spun"] else "kept")
        assert (row["despin_score"], row["despin_spun"], hits_of(row)) == (
            expected["score"],
            expected["spun"],
            expected["hits"],
        ), id_

    # The summary by source: what `despin sources` says of the same corpus.
    summary = [json.loads(line) for p in sorted((out / "sources").glob("part-*.json")) for line in p.open()]
    by_cli = json.loads(cli("sources", "-q", "--by", "metadata.url", "--format", "json", corpus))
    assert [s["source"] for s in summary] == [s["source"] for s in by_cli]
    for mine, theirs in zip(summary, by_cli):
        assert (mine["documents"], mine["flagged"]) == (theirs["documents"], theirs["flagged"])
        assert mine["share_flagged"] == pytest.approx(theirs["share_flagged"], abs=1e-12)
        assert mine["mean_score"] == pytest.approx(theirs["mean_score"], abs=1e-12)
    assert len(summary) == 16 and summary[0]["source"].startswith("content-farm-")


def test_the_helper_with_lists_only_and_null_texts(spark, tmp_path, scan):
    from pyspark.sql import functions as F

    path = ROOT / "fixtures" / "corpus.jsonl"
    expected = {r["id"]: r for r in scan("--lists-only", "--threshold", "0.3", path)}
    df = spark.read.json(str(path))
    df = df.union(df.limit(1).withColumn("id", F.lit("null-text")).withColumn("text", F.lit(None).cast("string")))
    rows = despin.spark.score(df, lists_only=True, threshold=0.3, prefix="d_").collect()
    assert len(rows) == len(expected) + 1
    for row in rows:
        if row["id"] == "null-text":
            assert (row["d_score"], row["d_spun"], row["d_hits"]) == (None, None, None)
            continue
        e = expected[row["id"]]
        assert (row["d_score"], row["d_spun"], [h.asDict() for h in row["d_hits"]]) == (
            e["score"],
            e["spun"],
            e["hits"],
        )


def test_each_python_worker_builds_one_detector(spark, corpus):
    import pandas as pd

    options = ((), False, 0.5)
    names = ["despin_score", "despin_spun", "despin_hits"]

    def probe(batches):
        import os

        import pandas as pd

        import despin
        import despin.spark

        for pdf in despin.spark._score_batches(batches, "text", "id", options, 1, names):
            yield pd.DataFrame({"pid": [os.getpid()], "built": [despin.detectors_built()], "rows": [len(pdf)]})

    df = spark.read.json(str(corpus)).repartition(8)
    rows = df.mapInPandas(probe, "pid long, built long, rows long").collect()
    assert sum(r["rows"] for r in rows) == 12_000
    pids = {r["pid"] for r in rows}
    # Many batches, few processes, and one detector in each, built by its first batch.
    assert len(rows) >= 12 and len(pids) <= 4 and len(pids) < len(rows), [tuple(r) for r in rows]
    assert all(r["built"] == 1 for r in rows), [tuple(r) for r in rows]
    assert os.getpid() not in pids
    del pd


def test_the_helper_refuses_what_it_cannot_do(spark):
    df = spark.createDataFrame([("1", "text")], "id string, text string")
    with pytest.raises(ValueError, match=r"no column 'body'"):
        despin.spark.score(df, text_col="body")
    with pytest.raises(ValueError, match=r"already has despin_score"):
        despin.spark.score(despin.spark.score(df))
    with pytest.raises(FileNotFoundError):
        despin.spark.score(df, wordlists=["/nonexistent/list.tsv"])


def test_the_example_runs_as_written(tmp_path):
    # As README shows it: its own Spark session, JSONL out.
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "examples" / "spark_filter.py"), "--master", "local[2]"]
    cmd += [str(ROOT / "fixtures" / "corpus.jsonl"), str(out), "--format", "jsonl"]
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    records = len((ROOT / "fixtures" / "corpus.jsonl").read_text(encoding="utf-8").splitlines())
    assert counts["read"] == records == counts["kept"] + counts["flagged"] + counts["rejected"]
    assert f"read {records} records = kept" in done.stderr
    written = [line for p in (out / "kept").glob("part-*.json") for line in p.open()]
    written += [line for p in (out / "flagged").glob("part-*.json") for line in p.open()]
    assert len(written) == counts["kept"] + counts["flagged"]
