"""The shape of a report, for type checkers: what :meth:`despin.Detector.score` returns.

A report is a plain dict, one line of ``despin scan --format jsonl`` read with ``json.loads``;
these TypedDicts only describe it.
"""

from __future__ import annotations

from typing import List, TypedDict


class Hit(TypedDict):
    """One spun phrase: where it is, what it says and what it likely was."""

    start: int
    """Byte offset in the UTF-8 of the text."""
    end: int
    """Byte offset after the hit."""
    line: int
    """Line, from 1."""
    col: int
    """Column in characters, from 1."""
    text: str
    """The phrase as it stands in the text."""
    original: str
    """Its likely original, in the letter case of the text."""
    list: str
    """The wordlist of the entry, or ``"inferred"``."""
    weight: float
    """How much the hit counts."""


class Report(TypedDict):
    """One document's report: one line of ``despin scan --format jsonl``."""

    id: str
    score: float
    """Probability that the document was spun, 0 to 1."""
    spun: bool
    """Whether the score reaches the threshold."""
    words: int
    hits: List[Hit]
