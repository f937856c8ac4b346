"""The datatrove filter in a pipeline on a local executor: it drops exactly the records the
command line flags, and hands them to its exclusion writer."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from despin.datatrove import DespinFilter  # noqa: E402


def read_out(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            rows += [json.loads(line) for line in f]
    return rows


@pytest.fixture(scope="module")
def split_corpus(corpus, tmp_path_factory) -> Path:
    """The corpus as two files, so that two tasks share it."""
    folder = tmp_path_factory.mktemp("datatrove-in")
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    half = len(lines) // 2
    (folder / "part-0.jsonl").write_text("".join(lines[:half]), encoding="utf-8")
    (folder / "part-1.jsonl").write_text("".join(lines[half:]), encoding="utf-8")
    return folder


def test_the_filter_drops_exactly_what_the_command_line_flags(split_corpus, corpus_cli, tmp_path):
    pipeline = [
        JsonlReader(str(split_corpus)),
        DespinFilter(exclusion_writer=JsonlWriter(str(tmp_path / "spun"))),
        JsonlWriter(str(tmp_path / "kept")),
    ]
    LocalPipelineExecutor(pipeline, tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()
    kept, dropped = read_out(tmp_path / "kept"), read_out(tmp_path / "spun")
    flagged = {i for i, r in corpus_cli.items() if r["spun"]}
    # datatrove's reader skips a record with an empty text (the corpus has 12): the rest all
    # come out, either kept or dropped.
    read = {i for i, r in corpus_cli.items() if r["words"] > 0}
    assert len(corpus_cli) == 12_000 and len(read) == 12_000 - 12
    assert len(kept) + len(dropped) == len(read)
    assert {d["id"] for d in dropped} == flagged
    assert {d["id"] for d in kept} == read - flagged
    assert 1000 < len(flagged) < 6000
    for d in dropped + kept:
        expected = corpus_cli[d["id"]]
        meta = d["metadata"]
        assert (meta["despin_score"], meta["despin_spun"], meta["despin_hits"]) == (
            expected["score"],
            expected["spun"],
            expected["hits"],
        )
    assert all(d["metadata"]["filter_reason"] == "despin_spun" for d in dropped)
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    counts = next(s for s in stats if "despin" in s["name"])["stats"]
    assert counts["dropped"] == len(flagged) and counts["forwarded"] == len(kept)


def test_tagging_keeps_every_document_with_its_score(corpus, corpus_cli, tmp_path):
    pipeline = [
        JsonlReader(str(corpus.parent), glob_pattern="corpus.jsonl", limit=2000),
        DespinFilter("tag", hits=False, batch_size=64, threads=2),
        JsonlWriter(str(tmp_path / "tagged")),
    ]
    LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    tagged = read_out(tmp_path / "tagged")
    assert len(tagged) == 2000
    for d in tagged:
        expected = corpus_cli[d["id"]]
        assert (d["metadata"]["despin_score"], d["metadata"]["despin_spun"]) == (expected["score"], expected["spun"])
        assert "despin_hits" not in d["metadata"]


def test_bad_options_fail_when_the_pipeline_is_built(tmp_path):
    with pytest.raises(ValueError, match=r'action must be "drop" or "tag"'):
        DespinFilter("delete")
    with pytest.raises(FileNotFoundError):
        DespinFilter(wordlists=[str(tmp_path / "missing.tsv")])
