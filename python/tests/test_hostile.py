"""Hostile input through Python: every bad argument raises a Python exception with a clear
message, odd but valid input is handled as the command line handles it, and nothing crashes the
interpreter."""

from __future__ import annotations

import array
import subprocess
import sys

import pytest

import despin

SPUN = "The 3rd spherical of talks began in Would possibly, after our bodies of squaddies were found."


@pytest.fixture(scope="module")
def detector():
    return despin.Detector()


@pytest.fixture(scope="module")
def lists():
    return despin.Detector(lists_only=True)


@pytest.mark.parametrize("method", ["score", "restore"])
def test_none_is_a_type_error_that_says_so(detector, method):
    with pytest.raises(TypeError, match=r"text is None: expected a str or bytes"):
        getattr(detector, method)(None)


@pytest.mark.parametrize("bad", [3, 2.5, ["a"], {"text": "a"}, object()])
def test_a_text_of_another_type_is_a_type_error_naming_it(detector, bad):
    with pytest.raises(TypeError, match=rf"text must be a str or bytes, not {type(bad).__name__}"):
        detector.score(bad)


def test_a_bad_item_of_a_batch_is_named_by_its_position(detector):
    with pytest.raises(TypeError, match=r"texts\[2\] is None"):
        detector.score_batch(["a", b"b", None])
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str or bytes, not int"):
        detector.score_batch(["a", 7])


def test_a_lone_string_is_not_a_batch(detector):
    with pytest.raises(TypeError, match=r"not a single str; use score\(\) for one text"):
        detector.score_batch("one text")
    with pytest.raises(TypeError, match=r"not a single bytes"):
        detector.score_batch(b"one text")
    with pytest.raises(TypeError, match=r"texts is None"):
        detector.score_batch(None)
    with pytest.raises(TypeError, match=r"texts must be an iterable of texts, not int"):
        detector.score_batch(5)


def test_ids_must_fit_the_texts(detector):
    with pytest.raises(ValueError, match=r"ids has 1 items and texts 2"):
        detector.score_batch(["a", "b"], ids=["x"])
    with pytest.raises(TypeError, match=r"ids\[0\] must be a str or an int, not float"):
        detector.score_batch(["a"], ids=[1.5])
    with pytest.raises(TypeError, match=r"id must be a str or an int, not list"):
        detector.score("a", id=[1])
    assert detector.score("a", id=42)["id"] == "42"
    assert detector.score_batch(iter(["a", "b"]), ids=(i for i in (7, "x")))[1]["id"] == "x"


@pytest.mark.parametrize("threads", [0, -1, 1025, 10**9])
def test_threads_must_be_from_one_to_1024(detector, threads):
    with pytest.raises(ValueError, match=r"threads must be from 1 to 1024"):
        detector.score_batch(["a"], threads)


def test_threads_of_the_wrong_type(detector):
    with pytest.raises(TypeError):
        detector.score_batch(["a"], "two")
    with pytest.raises(OverflowError):
        detector.score_batch(["a"], 10**30)


@pytest.mark.parametrize("threshold", [-0.1, 1.5, float("nan")])
def test_a_threshold_outside_zero_to_one_is_a_value_error(threshold):
    with pytest.raises(ValueError, match=r"threshold must be a probability between 0 and 1"):
        despin.Detector(threshold=threshold)


def test_a_missing_wordlist_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no such wordlist file: .*nope\.tsv"):
        despin.Detector([tmp_path / "nope.tsv"])


def test_a_bad_wordlist_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("fine phrase\tgood phrase\n/unclosed (group/\tx\n", encoding="utf-8")
    with pytest.raises(despin.WordlistError, match=r"bad\.tsv:2: ") as e:
        despin.Detector([bad])
    assert isinstance(e.value, ValueError)
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes(b"caf\xe9 au lait\tcoffee\n")
    with pytest.raises(despin.WordlistError, match=r"latin1\.tsv:1: not valid UTF-8"):
        despin.Detector([latin1])


def test_no_list_at_all_is_a_value_error():
    with pytest.raises(ValueError, match=r"no wordlists"):
        despin.Detector(default_wordlists=False)


def test_bytes_that_are_not_utf8_are_handled_as_the_command_line_handles_them(detector, tmp_path, scan):
    raw = b"Caf\xe9 \xff\xfe news.\n" + SPUN.encode() + b" \xc3\x28 end\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(raw)
    expected = scan(path)
    assert [detector.score(raw, id=str(path))] == expected
    assert detector.score_batch([raw, bytearray(raw), memoryview(raw)], ids=[str(path)] * 3) == expected * 3
    assert expected[0]["spun"] and "\ufffd" not in "".join(h["text"] for h in expected[0]["hits"])
    restored = detector.restore(raw)
    assert "third round" in restored and "\ufffd" in restored


def test_a_str_with_lone_surrogates_is_scored_as_the_bytes_it_stands_for(detector):
    # As os.fsdecode or sys.stdin decode bytes that are not UTF-8: the bytes it came from.
    escaped = b"Caf\xe9 \xff ".decode("utf-8", "surrogateescape") + SPUN
    report = detector.score(escaped)
    assert report == detector.score(escaped.encode("utf-8", "surrogateescape"))
    assert report["spun"] and report["hits"][0]["start"] == len(b"Caf\xe9 \xff The ")
    # Any other lone surrogate, written out as it stands (and so not UTF-8 either).
    odd = "bad \ud800 surrogate, then " + SPUN
    assert detector.score(odd) == detector.score(odd.encode("utf-8", "surrogatepass"))
    assert "\ufffd" in detector.restore(odd) and "third round" in detector.restore(odd)


def test_other_bytes_like_objects_are_bytes(lists):
    assert lists.score(array.array("B", SPUN.encode()))["spun"]


def test_empty_nul_and_odd_texts_score(lists):
    for text in ["", b"", "\x00" * 1000, "\u2028\u2029\r\r\n", "🌀" * 10_000, " " * 100_000]:
        report = lists.score(text)
        assert report["spun"] is False and report["hits"] == []
    assert lists.score_batch([]) == []


def test_a_50_mb_string_is_scored(detector, lists):
    text = (SPUN + " A quiet day at the port, with nothing to report.\n") * 350_000
    assert len(text) > 50_000_000
    for d in (lists, detector):
        report = d.score(text)
        assert report["spun"] and len(report["hits"]) >= 3 * 350_000
        assert report["hits"][-1]["line"] == 350_000
    assert lists.restore(text).count("third round") == 350_000


def test_nothing_above_crashes_the_interpreter():
    # The same hostile calls in a fresh interpreter, which must end normally: a crash (abort,
    # segfault) would kill it with a signal instead of a Python exception.
    code = f"""
import despin
d = despin.Detector(lists_only=True)
bad = [None, 1, 2.5, [b"x"], object(), "\\udc80", b"\\xff" * 10, "x" * 10_000_000]
for x in bad:
    for call in (d.score, d.restore, lambda t: d.score_batch([t]), d.score_batch):
        try:
            call(x)
        except (TypeError, ValueError):
            pass
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
