"""Shared fixtures of the Python tests: the despin command line they compare with, the
repository's fixtures and seeds, a generated corpus of 12,000 records, and a local Spark.

Run them with ``cargo test --test python`` (which builds and installs the package first, see
crates/despin-cli/tests/python.rs), or, with the package installed, ``python -m pytest`` from
the root of the repository (DESPIN_BIN names the despin binary; else target/debug/despin is
built).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CI = os.environ.get("CI") == "true"

sys.path.insert(0, str(Path(__file__).resolve().parent))


def skip_or_fail(reason: str):
    """Skips a test whose needs are missing, except in CI, where it fails."""
    if CI:
        pytest.fail(f"CI must have this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def despin_bin() -> str:
    path = os.environ.get("DESPIN_BIN")
    if path:
        return path
    subprocess.run(["cargo", "build", "-q", "-p", "despin-cli"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "despin")


@pytest.fixture(scope="session")
def cli(despin_bin):
    """Runs ``despin ARGS...`` and returns its standard output (bytes); fails on an error."""

    def run(*args, stdin: bytes | None = None) -> bytes:
        out = subprocess.run([despin_bin, *map(str, args)], input=stdin, capture_output=True, cwd=ROOT)
        assert out.returncode == 0, f"despin {' '.join(map(str, args))}: {out.stderr.decode(errors='replace')}"
        return out.stdout

    return run


@pytest.fixture(scope="session")
def scan(cli):
    """``despin scan -q --format jsonl [OPTIONS] PATHS``, as a list of dicts."""

    def run(*args) -> list[dict]:
        return [json.loads(line) for line in cli("scan", "-q", "--format", "jsonl", *args).splitlines()]

    return run


def fixture_files() -> list[Path]:
    """Every plain-text document under fixtures/."""
    return sorted(p for p in (ROOT / "fixtures").rglob("*.txt"))


def seed_files() -> list[Path]:
    seeds = Path(os.environ.get("DESPIN_SEEDS", ROOT.parent / "shared" / "seeds"))
    return sorted(seeds.glob("*.txt")) if seeds.is_dir() else []


# The generated corpus ------------------------------------------------------------------------

HOSTS_CLEAN = [f"news-{i:02}.example" for i in range(12)]
HOSTS_SPUN = [f"content-farm-{i}.example" for i in range(4)]


def _paragraphs() -> list[str]:
    paragraphs = []
    for path in fixture_files():
        if "/spun/" in str(path) or path.name.endswith("_spun.txt"):
            continue
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]
    return paragraphs


def _spin_map() -> dict[str, str]:
    """original (lower case) -> spun phrase, from the embedded wordlists' plain entries."""
    mapping = {}
    for name in ("news", "science"):
        for line in (ROOT / "wordlists" / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
            if not line or line[0] in "#@" or line.startswith("/"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or (len(cols) >= 5 and cols[4].strip()) or "$" in cols[1]:
                continue
            mapping.setdefault(cols[1].lower(), cols[0])
    return mapping


def _substitutions(paragraph: str, mapping: dict[str, str]) -> list[tuple[int, int, str]]:
    """Where a spinner could change the paragraph: (start, end, spun phrase), not overlapping."""
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z0-9'-]+", paragraph)]
    out, i = [], 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            start, end = words[i][0], words[i + n - 1][1]
            phrase = paragraph[start:end]
            if " ".join(phrase.split()) != phrase:
                continue
            spun = mapping.get(phrase.lower())
            if spun is not None:
                if phrase[0].isupper():
                    spun = spun[0].upper() + spun[1:]
                out.append((start, end, spun))
                i += n
                break
        else:
            i += 1
    return out


def write_corpus(path: Path, records: int = 12_000, seed: int = 14) -> list[dict]:
    """A deterministic JSONL corpus of `records` records made from the fixtures' clean
    paragraphs: a quarter of them spun by the wordlists' original -> spun map, most of those from
    four content farms. Each record has an id, a text and metadata.url; a few texts are empty."""
    rng = random.Random(seed)
    paragraphs = _paragraphs()
    mapping = _spin_map()
    subs = [_substitutions(p, mapping) for p in paragraphs]
    rows = []
    for k in range(records):
        spun = rng.random() < 0.25
        farm = spun and rng.random() < 0.8
        host = rng.choice(HOSTS_SPUN if farm else HOSTS_CLEAN)
        picked = rng.sample(range(len(paragraphs)), rng.randint(1, 4))
        parts = []
        for i in picked:
            p = paragraphs[i]
            if spun:
                chosen = [s for s in subs[i] if rng.random() < 0.7]
                for start, end, new in reversed(chosen):
                    p = p[:start] + new + p[end:]
            parts.append(p)
        text = "" if k % 1000 == 999 else "\n\n".join(parts)
        www = "www." if rng.random() < 0.3 else ""
        rows.append({"id": f"doc-{k:06}", "text": text, "metadata": {"url": f"https://{www}{host}/a/{k}"}})
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    write_corpus(path)
    return path


@pytest.fixture(scope="session")
def corpus_cli(corpus, scan) -> dict[str, dict]:
    """The command line's reports of the corpus, by id (default options)."""
    return {r["id"]: r for r in scan(corpus)}


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    if shutil.which("java") is None:
        skip_or_fail("Spark needs Java (apt-get install default-jre-headless)")
    pyspark = pytest.importorskip("pyspark") if not CI else __import__("pyspark")
    from pyspark.sql import SparkSession

    # The Python that Spark's workers run: this one, where despin is installed. (The driver reads
    # it from the environment; spark.pyspark.python is for spark-submit.)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    warehouse = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("despin-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.driver.memory", "2g")
        # Several batches and tasks in each Python worker, to show that they share its detector.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .config("spark.sql.files.maxPartitionBytes", str(2 << 20))
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    del pyspark
    yield session
    session.stop()
