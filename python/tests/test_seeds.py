"""The seed articles beside the repository (../shared/seeds, or $DESPIN_SEEDS): Python's reports
equal the command line's, with the default options and with --lists-only. Skipped where the
seeds are missing; in CI (CI=true) that fails."""

from __future__ import annotations

import pytest

import despin
from conftest import seed_files, skip_or_fail


@pytest.fixture(scope="module")
def seeds():
    files = seed_files()
    if len(files) != 5:
        skip_or_fail("needs the five seed articles at ../shared/seeds (or $DESPIN_SEEDS)")
    return files


@pytest.mark.parametrize("flags", [[], ["--lists-only"]], ids=["default", "lists-only"])
def test_the_seeds_score_as_on_the_command_line(seeds, scan, flags):
    detector = despin.Detector(lists_only=bool(flags))
    expected = scan(*flags, *seeds)
    ids = [str(p) for p in seeds]
    assert [r["id"] for r in expected] == ids
    assert [detector.score(p.read_bytes(), id=str(p)) for p in seeds] == expected
    assert detector.score_batch([p.read_bytes().decode("utf-8") for p in seeds], ids=ids) == expected
    spun = [r["spun"] for r in expected]
    assert spun.count(True) == 1 and "002_" in ids[spun.index(True)]


def test_the_spun_seed_is_restored_as_on_the_command_line(seeds, cli):
    detector = despin.Detector()
    for p in seeds:
        assert detector.restore(p.read_bytes()) == cli("restore", p).decode("utf-8"), p
