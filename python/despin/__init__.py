"""despin: find text mangled by synonym spinners and restore the originals.

>>> from despin import Detector
>>> detector = Detector()
>>> text = "The 3rd spherical of talks began in Would possibly, after our bodies of squaddies were found."
>>> detector.score(text)["spun"]
True
>>> detector.restore(text)
'The third round of talks began in May, after bodies of soldiers were found.'

:class:`Detector` is the whole API: ``score`` gives the dict that ``despin scan --format jsonl``
prints for a document, ``score_batch`` scores many in parallel with the GIL released, and
``restore`` puts the originals back. :mod:`despin.spark` scores a Spark DataFrame, and
:mod:`despin.datatrove` is a datatrove filter.
"""

from __future__ import annotations

from ._despin import Detector, WordlistError, __version__
from .types import Hit, Report

__all__ = ["Detector", "Hit", "Report", "WordlistError", "__version__", "shared_detector"]

_SHARED: dict = {}
_BUILT: dict = {}


def _key(wordlists, lists_only, threshold, default_wordlists) -> tuple:
    return (tuple(str(p) for p in wordlists or ()), bool(lists_only), float(threshold), bool(default_wordlists))


def shared_detector(
    wordlists=None, lists_only: bool = False, threshold: float = 0.5, default_wordlists: bool = True
) -> Detector:
    """The one :class:`Detector` of this process for these arguments, built on first use.

    Workers of Spark and datatrove call this, so that a process builds one detector (under a
    second and about 110 MB, 15 MB with ``lists_only``) however many batches or tasks it runs.

    >>> shared_detector(lists_only=True) is shared_detector(lists_only=True)
    True
    """
    key = _key(wordlists, lists_only, threshold, default_wordlists)
    detector = _SHARED.get(key)
    if detector is None:
        detector = Detector(list(key[0]), key[1], key[2], key[3])
        _SHARED[key] = detector
        _BUILT[key] = _BUILT.get(key, 0) + 1
    return detector


def detectors_built(
    wordlists=None, lists_only: bool = False, threshold: float = 0.5, default_wordlists: bool = True
) -> int:
    """How many detectors :func:`shared_detector` has built in this process for these
    arguments: 0 or 1 (the tests check it in Spark's workers).

    >>> detectors_built(threshold=0.25)
    0
    """
    return _BUILT.get(_key(wordlists, lists_only, threshold, default_wordlists), 0)
