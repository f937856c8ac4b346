"""despin as a datatrove filter: drop (or tag) spun documents.

>>> from datatrove.executor import LocalPipelineExecutor
>>> from datatrove.pipeline.readers import JsonlReader
>>> from datatrove.pipeline.writers import JsonlWriter
>>> from despin.datatrove import DespinFilter
>>> pipeline = [
...     JsonlReader("crawl/"),
...     DespinFilter(exclusion_writer=JsonlWriter("spun/")),
...     JsonlWriter("clean/"),
... ]
>>> LocalPipelineExecutor(pipeline, tasks=4, workers=2, logging_dir="logs/").run()  # doctest: +SKIP

Every document gets ``despin_score`` and ``despin_spun`` in its metadata (and ``despin_hits``,
the hits of ``despin scan --format jsonl``, unless ``hits=False``). With ``action="drop"`` (the
default) a spun document is dropped with the reason ``despin_spun`` and goes to the
``exclusion_writer``, if there is one; with ``action="tag"`` every document goes on, tagged. The
same block runs under ``SlurmPipelineExecutor``: it holds only its options, and each task builds
the one detector of its process on first use (:func:`despin.shared_detector`).
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple, Union

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

import despin

__all__ = ["DespinFilter"]

#: Why a document was dropped, in the stats and in ``metadata["filter_reason"]`` of the excluded.
REASON = "despin_spun"


class DespinFilter(BaseFilter):
    """Drops the documents despin scores as spun (or tags every document with its score).

    Args:
        action: ``"drop"`` the spun documents (to the ``exclusion_writer``), or ``"tag"`` every
            document and drop none.
        wordlists, lists_only, threshold: as for :class:`despin.Detector`; the scores are those
            of ``despin scan --format jsonl`` with the same options.
        exclusion_writer: a datatrove writer for the dropped documents.
        batch_size: documents scored together (in parallel on ``threads`` threads).
        threads: threads a task scores with; datatrove runs tasks side by side already, so one
            is right unless a task has a node to itself.
        hits: whether to add the hits to the metadata.

    >>> f = DespinFilter(lists_only=True)
    >>> doc = Document(text="The 3rd spherical of talks began in Would possibly, after our bodies of squaddies were found.", id="1")
    >>> f.filter(doc), round(doc.metadata["despin_score"], 2)
    ((False, 'despin_spun'), 0.96)
    >>> f.filter(Document(text="A quiet day at the port.", id="2"))
    True
    """

    name = "🌀 despin"

    def __init__(
        self,
        action: str = "drop",
        *,
        wordlists: Optional[Sequence[str]] = None,
        lists_only: bool = False,
        threshold: float = 0.5,
        exclusion_writer: Optional[DiskWriter] = None,
        batch_size: int = 256,
        threads: int = 1,
        hits: bool = True,
    ):
        if action not in ("drop", "tag"):
            raise ValueError(f'action must be "drop" or "tag", not {action!r}')
        if not isinstance(threads, int) or threads < 1:
            raise ValueError(f"threads must be an int of at least 1, not {threads!r}")
        super().__init__(exclusion_writer, batch_size)
        self.action = action
        self.wordlists = [str(w) for w in wordlists or ()]
        self.lists_only = bool(lists_only)
        self.threshold = float(threshold)
        self.threads = threads
        self.hits = hits
        # Fail now, in the process that builds the pipeline, on a bad wordlist or threshold.
        self.detector

    @property
    def detector(self) -> despin.Detector:
        """This process's detector for these options."""
        return despin.shared_detector(self.wordlists, self.lists_only, self.threshold)

    def filter(self, doc: Document) -> Union[bool, Tuple[bool, str]]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: List[Document]) -> List[Union[bool, Tuple[bool, str]]]:
        texts = [doc.text for doc in batch]
        ids = [str(doc.id) for doc in batch]
        reports = self.detector.score_batch(texts, self.threads, ids=ids)
        results: List[Union[bool, Tuple[bool, str]]] = []
        for doc, report in zip(batch, reports):
            doc.metadata["despin_score"] = report["score"]
            doc.metadata["despin_spun"] = report["spun"]
            if self.hits:
                doc.metadata["despin_hits"] = report["hits"]
            if report["spun"]:
                self.stat_update(REASON)
            results.append((False, REASON) if report["spun"] and self.action == "drop" else True)
        return results
