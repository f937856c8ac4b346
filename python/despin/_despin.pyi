"""Type stubs of the native module; import everything from ``despin``."""

from os import PathLike
from typing import Iterable, Optional, Sequence, Union

from .types import Report

__version__: str

Text = Union[str, bytes, bytearray, memoryview]
Id = Union[str, int]

class WordlistError(ValueError):
    """A wordlist that cannot be used: the message names its file, the line and what is wrong."""

class Detector:
    """Finds text mangled by synonym spinners and suggests what it said before.

    Build it once (about a second) and reuse it, from any number of threads.
    """

    def __init__(
        self,
        wordlists: Optional[Sequence[Union[str, PathLike[str]]]] = None,
        lists_only: bool = False,
        threshold: float = 0.5,
        default_wordlists: bool = True,
    ) -> None: ...
    def score(self, text: Text, id: Optional[Id] = None) -> Report:
        """Scores one document: the dict ``despin scan --format jsonl`` prints for it."""
    def score_batch(
        self, texts: Iterable[Text], threads: Optional[int] = None, *, ids: Optional[Iterable[Id]] = None
    ) -> list[Report]:
        """Scores many documents in parallel, the GIL released; reports in order."""
    def restore(self, text: Text, *, all: bool = False) -> str:
        """The text with each spun phrase put back, when it scores as spun (or ``all``)."""
    @property
    def wordlists(self) -> list[str]: ...
    @property
    def lists_only(self) -> bool: ...
    @property
    def threshold(self) -> float: ...
    @property
    def default_wordlists(self) -> bool: ...
