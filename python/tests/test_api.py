"""The Python API gives what the command line gives: the same report, record for record, on
every fixture, with the default options and with --lists-only."""

from __future__ import annotations

import doctest
import pickle
import threading

import pytest

import despin
from conftest import ROOT, fixture_files

FIXTURES = [str(p.relative_to(ROOT)) for p in fixture_files()]

CONFIGS = {"default": ({}, []), "lists-only": ({"lists_only": True}, ["--lists-only"])}


@pytest.fixture(scope="module", params=list(CONFIGS))
def config(request):
    kwargs, flags = CONFIGS[request.param]
    return despin.Detector(**kwargs), flags


def test_there_are_fixtures_to_compare():
    assert len(FIXTURES) >= 30
    assert any("/spun/" in f for f in FIXTURES)


def test_score_equals_the_command_line_on_every_fixture(config, scan):
    detector, flags = config
    expected = scan(*flags, *FIXTURES)
    assert [r["id"] for r in expected] == FIXTURES
    got = [detector.score((ROOT / f).read_bytes(), id=f) for f in FIXTURES]
    for g, e in zip(got, expected):
        assert g == e, f"{e['id']}: Python and the CLI differ"
    assert any(r["spun"] for r in expected) and any(r["hits"] for r in expected)
    # A str scores as its UTF-8 bytes do.
    for f, e in zip(FIXTURES, expected):
        assert detector.score((ROOT / f).read_bytes().decode("utf-8"), id=f) == e


def test_score_batch_equals_the_command_line_on_every_fixture(config, scan):
    detector, flags = config
    expected = scan(*flags, *FIXTURES)
    texts = [(ROOT / f).read_bytes() for f in FIXTURES]
    for threads in (None, 1, 2, 3):
        assert detector.score_batch(texts, threads, ids=FIXTURES) == expected


def test_score_equals_the_command_line_on_the_corpus_of_the_fixtures(config, scan):
    import json

    detector, flags = config
    path = ROOT / "fixtures" / "corpus.jsonl"
    expected = scan(*flags, path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    got = detector.score_batch([r["text"] for r in records], ids=[r["id"] for r in records])
    assert got == expected


def test_restore_equals_the_command_line(cli):
    detector = despin.Detector()
    changed = 0
    for f in FIXTURES:
        text = (ROOT / f).read_bytes().decode("utf-8")
        expected = cli("restore", f).decode("utf-8")
        assert detector.restore(text) == expected, f
        assert detector.restore(text, all=True) == cli("restore", "--all", f).decode("utf-8"), f
        changed += expected != text
    assert changed >= 2


def test_a_threshold_moves_spun_and_not_the_score(scan):
    low = despin.Detector(lists_only=True, threshold=0.01)
    expected = scan("--lists-only", "--threshold", "0.01", *FIXTURES)
    assert low.score_batch([(ROOT / f).read_bytes() for f in FIXTURES], ids=FIXTURES) == expected


def test_more_wordlists_as_on_the_command_line(tmp_path, scan):
    mine = tmp_path / "mine.tsv"
    mine.write_text("quiet day\tcalm day\t3\n", encoding="utf-8")
    text = tmp_path / "doc.txt"
    text.write_text("A quiet day at the port.\n", encoding="utf-8")
    detector = despin.Detector([mine], lists_only=True)
    assert detector.wordlists == [str(mine)]
    expected = scan("--lists-only", "--wordlist", mine, text)
    assert [detector.score(text.read_bytes(), id=str(text))] == expected
    assert expected[0]["hits"][0]["original"] == "calm day"
    only = despin.Detector([str(mine)], lists_only=True, default_wordlists=False)
    assert [only.score(text.read_bytes(), id=str(text))] == scan(
        "--lists-only", "--no-default-wordlists", "--wordlist", mine, text
    )


def test_the_docstring_examples_run():
    import despin.datatrove
    import despin.spark

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    attempted = 0
    for module in (despin, despin.spark, despin.datatrove):
        result = doctest.testmod(module, optionflags=flags)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    # The class, its three methods, the module, shared_detector, the datatrove filter.
    assert attempted >= 25


def test_the_stubs_name_what_the_module_has():
    import ast
    from pathlib import Path

    stub = ast.parse(Path(despin._despin.__file__).with_name("_despin.pyi").read_text())
    classes = {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}
    assert set(classes) == {"Detector", "WordlistError"}
    methods = {n.name for n in classes["Detector"].body if isinstance(n, ast.FunctionDef)}
    public = {m for m in dir(despin.Detector) if not m.startswith("_")}
    assert public <= methods, public - methods
    assert (Path(despin.__file__).parent / "py.typed").exists()


def test_the_stubs_give_the_signatures_the_module_has():
    # Parameter names, kinds and defaults of each stubbed method against the native one's
    # text signature (what keyword calls and type checkers rely on).
    import ast
    import inspect
    from pathlib import Path

    stub = ast.parse(Path(despin._despin.__file__).with_name("_despin.pyi").read_text())
    detector = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Detector")

    def stubbed(fn: ast.FunctionDef) -> list[tuple[str, str, object]]:
        a = fn.args
        positional = a.posonlyargs + a.args
        defaults = [inspect.Parameter.empty] * (len(positional) - len(a.defaults))
        defaults += [ast.literal_eval(d) for d in a.defaults]
        out = [(p.arg, "positional", d) for p, d in zip(positional, defaults)]
        kw = [inspect.Parameter.empty if d is None else ast.literal_eval(d) for d in a.kw_defaults]
        return out + [(p.arg, "keyword", d) for p, d in zip(a.kwonlyargs, kw)]

    def native(sig: inspect.Signature) -> list[tuple[str, str, object]]:
        kinds = {inspect.Parameter.KEYWORD_ONLY: "keyword"}
        return [(p.name, kinds.get(p.kind, "positional"), p.default) for p in sig.parameters.values()]

    checked = 0
    for fn in detector.body:
        if not isinstance(fn, ast.FunctionDef) or any(isinstance(d, ast.Name) for d in fn.decorator_list):
            continue
        want = stubbed(fn)[1:]  # without self
        if fn.name == "__init__":
            got = native(inspect.signature(despin.Detector))
        else:
            got = native(inspect.signature(getattr(despin.Detector, fn.name)))[1:]
        assert got == want, fn.name
        checked += 1
    assert checked == 4


def test_a_detector_pickles_as_its_options():
    detector = despin.Detector(lists_only=True, threshold=0.7)
    again = pickle.loads(pickle.dumps(detector))
    assert (again.lists_only, again.threshold, again.wordlists) == (True, 0.7, [])
    assert repr(again) == "Detector(wordlists=[], lists_only=True, threshold=0.7)"
    text = "The 3rd spherical of talks began in Would possibly."
    assert again.score(text) == detector.score(text)


def test_one_detector_serves_many_python_threads():
    detector = despin.Detector(lists_only=True)
    texts = [(ROOT / f).read_bytes() for f in FIXTURES]
    expected = detector.score_batch(texts, 1)
    results, errors = {}, []

    def work(i):
        try:
            results[i] = [detector.score(t, id=str(j)) for j, t in enumerate(texts)]
            results[i + 100] = detector.score_batch(texts, 2, ids=[str(j) for j in range(len(texts))])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 8 and all(r == expected for r in results.values())


def test_shared_detector_is_one_a_process_for_the_same_options():
    a = despin.shared_detector(lists_only=True)
    assert despin.shared_detector([], True, 0.5) is a
    assert despin.shared_detector(lists_only=True, threshold=0.6) is not a
