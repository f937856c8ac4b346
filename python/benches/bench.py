"""Throughput of despin from Python against the command line, Spark and a pure-Python peer, on
one JSONL corpus (README, "From Python": the table there came from this script).

    cargo build --release -p despin-cli
    DESPIN_BENCH_MB=64 cargo bench --bench corpus -- --generate     # target/bench/corpus.jsonl
    pip install . pyahocorasick pyspark pandas pyarrow              # or target/python/venv
    python python/benches/bench.py target/bench/corpus.jsonl

Each tool reads the same file and does the same job, scoring every record (the peer only
matches the phrases), with both of despin's settings (the default, which infers, and
--lists-only):

- the CLI: `despin scan -q --format jsonl -j 2 FILE > /dev/null` (and -j 1, beside the peer);
- score_batch: json.loads of every line, then Detector.score_batch on 2 threads, a batch of
  about 4 MB of text at a time, making the reports (dicts); the same with the next batch read
  while one is scored (and with orjson.loads, if it is installed); and score_batch alone on the
  texts already read;
- Spark on local[2]: spark.read.json, despin.spark.score and a write to Spark's noop sink
  (the session's start is not counted; the workers' detectors are);
- pyahocorasick: json.loads, lower case, one automaton of the phrases of
  `despin wordlist export` with a whole-word check, counting the records with a match (one
  thread: Python's GIL).

Wall time and CPU time (of every thread, and of the CLI's process), each the least of --runs
runs (default 5), taken in turn so that each tool meets the same moments of a
shared machine (Spark: best of two, the first of which warms the JVM up and starts the workers;
the peer: one). Prints a Markdown table, with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def best(runs: int, fn) -> tuple[float, object, float]:
    """The best wall time of `runs` runs, the last result and the least CPU time of a run."""
    times, cpus, result = [], [], None
    for _ in range(runs):
        c, t = cpu_seconds(), time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        cpus.append(cpu_seconds() - c)
    return min(times), result, min(cpus)


def cli(despin: str, corpus: Path, flags: list[str], threads: int = 2) -> int:
    cmd = [despin, "scan", "-q", "--format", "jsonl", "-j", str(threads), *flags, str(corpus)]
    with open(os.devnull, "wb") as null:
        subprocess.run(cmd, stdout=null, check=True)
    return 0


def batches(corpus: Path, batch_bytes: int = 4 << 20, loads=json.loads):
    """The corpus's texts and ids, read with `loads`, about `batch_bytes` at a time."""
    texts, ids, size = [], [], 0
    with open(corpus, "rb") as f:
        for line in f:
            record = loads(line)
            texts.append(record["text"])
            ids.append(record["id"])
            size += len(line)
            if size >= batch_bytes:
                yield texts, ids
                texts, ids, size = [], [], 0
    if texts:
        yield texts, ids


def python_batches(detector, corpus: Path) -> int:
    """Read a batch, score it, read the next: the plain loop."""
    flagged = 0
    for texts, ids in batches(corpus):
        flagged += sum(r["spun"] for r in detector.score_batch(texts, 2, ids=ids))
    return flagged


def python_overlapped(detector, corpus: Path, loads=json.loads) -> int:
    """The same, but the next batch is read while one is scored (score_batch releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    flagged, pending = 0, None
    with ThreadPoolExecutor(1) as pool:
        for texts, ids in batches(corpus, loads=loads):
            if pending is not None:
                flagged += sum(r["spun"] for r in pending.result())
            pending = pool.submit(detector.score_batch, texts, 2, ids=ids)
        if pending is not None:
            flagged += sum(r["spun"] for r in pending.result())
    return flagged


def python_in_memory(detector, docs) -> int:
    """score_batch alone, on texts already read."""
    return sum(sum(r["spun"] for r in detector.score_batch(texts, 2, ids=ids)) for texts, ids in docs)


def spark_run(spark, corpus: Path, lists_only: bool) -> None:
    import despin.spark

    df = spark.read.json(str(corpus))
    despin.spark.score(df, lists_only=lists_only).write.format("noop").mode("overwrite").save()


def peer(phrases: list[str], corpus: Path) -> int:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for p in phrases:
        automaton.add_word(p, len(p))
    automaton.make_automaton()
    matched = 0
    with open(corpus, "rb") as f:
        for line in f:
            text = json.loads(line)["text"].lower()
            for end, length in automaton.iter(text):
                start = end - length + 1
                before = text[start - 1] if start > 0 else " "
                after = text[end + 1] if end + 1 < len(text) else " "
                if not before.isalnum() and not after.isalnum():
                    matched += 1
                    break
    return matched


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--despin", default=str(ROOT / "target" / "release" / "despin"))
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-spark", action="store_true")
    args = p.parse_args()

    import despin

    mb = args.corpus.stat().st_size / 1e6
    load_before = os.getloadavg()[0]
    rows = []

    def row(tool, setting, seconds, cpu=None, note=""):
        rows.append((tool, setting, seconds, mb / seconds, cpu, note))
        print(f"{tool} ({setting}): {seconds:.2f} s, {mb / seconds:.1f} MB/s {note}", file=sys.stderr)

    for setting, flags in (("default", []), ("--lists-only", ["--lists-only"])):
        lists_only = bool(flags)
        detector = despin.Detector(lists_only=lists_only)
        docs = list(batches(args.corpus))
        tools = [
            ("despin scan -j 2", lambda: cli(args.despin, args.corpus, flags)),
            ("despin scan -j 1", lambda: cli(args.despin, args.corpus, flags, 1)),
            ("Python: json.loads, then score_batch, 2 threads", lambda: python_batches(detector, args.corpus)),
            (
                "Python: the same, next batch read while one is scored",
                lambda: python_overlapped(detector, args.corpus),
            ),
            ("Python: score_batch alone, texts in memory", lambda: python_in_memory(detector, docs)),
        ]
        try:
            import orjson

            tools.insert(4, ("Python: the same with orjson.loads", lambda: python_overlapped(detector, args.corpus, orjson.loads)))
        except ImportError:
            pass
        # Round robin, so that every tool meets the same moments of a shared machine.
        times = {name: [] for name, _ in tools}
        cpus = {name: [] for name, _ in tools}
        notes = {}
        for _ in range(args.runs):
            for name, fn in tools:
                t, result, c = best(1, fn)
                times[name].append(t)
                cpus[name].append(c)
                notes[name] = f"{result} flagged" if name.startswith("Python") else ""
        for name, _ in tools:
            row(name, setting, min(times[name]), min(cpus[name]), notes[name])
        del docs

    if not args.no_spark:
        from pyspark.sql import SparkSession

        os.environ["PYSPARK_PYTHON"] = sys.executable
        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        for setting, lists_only in (("default", False), ("--lists-only", True)):
            t, _, _ = best(2, lambda: spark_run(spark, args.corpus, lists_only))
            row("Spark local[2], despin.spark.score", setting, t)
        spark.stop()

    phrases = subprocess.run([args.despin, "wordlist", "export"], capture_output=True, text=True, check=True).stdout
    phrases = sorted({ph.strip().lower() for ph in phrases.splitlines() if ph.strip()})
    t, matched, c = best(1, lambda: peer(phrases, args.corpus))
    row("pyahocorasick, 1 thread", "phrases only", t, c, f"{len(phrases)} phrases, {matched} records matched")

    print(
        f"\nCorpus: {args.corpus} ({mb:.1f} MB); {os.cpu_count()} cores; load average"
        f" {load_before:.2f} before, {os.getloadavg()[0]:.2f} after.\n"
    )
    print("| tool | setting | time (s) | MB/s | CPU (s) | MB per CPU-second | note |")
    print("|---|---|---:|---:|---:|---:|---|")
    for tool, setting, seconds, rate, cpu, note in rows:
        c = f"{cpu:.2f} | {mb / cpu:.1f}" if cpu else "- | -"
        print(f"| {tool} | {setting} | {seconds:.2f} | {rate:.1f} | {c} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
