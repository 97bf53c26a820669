"""Parsing item files in worker processes (``--jobs N``), results in the walk's order.

Turning Markdown into checked, sanitised HTML is most of a cold build's work,
and each file's result depends only on its own text and the settings: the
work is split over processes, while the walk stays one walk in the main
process (it reads every file, once, and asks the cache first). Results are
taken back in the order the files were found, so the federation, the
diagnostics and the site are the same, byte for byte, whatever the number of
processes.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .items import ParsedItem, parse_text
from .render import MarkdownRenderer
from .schema import FRONT_MATTER_SCHEMA, make_validator

if TYPE_CHECKING:
    from .settings import ChapterSettings

# What a worker needs (the validator, the renderer), made once per worker process.
_WORKER: dict = {}


def usable_jobs(jobs: int) -> int:
    """``jobs`` where processes can be forked, else 1 (Windows, some macOS setups).

    Forking shares the parent's imported modules, so a worker starts in a few
    milliseconds; a spawned worker would import everything again.
    """
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return jobs


def _start(settings: ChapterSettings) -> None:
    _WORKER["validator"] = make_validator(FRONT_MATTER_SCHEMA, settings.area_keys)
    _WORKER["renderer"] = MarkdownRenderer(
        settings.markdown, settings.render_seconds, settings.iframe_hosts
    )


def _parse_batch(
    batch: list[tuple[str, Path, str, str | None, str]],
) -> list[ParsedItem | Exception]:
    """Each file's result, or what it raised: one file's crash is that file's alone."""
    validator, renderer = _WORKER["validator"], _WORKER["renderer"]
    results: list[ParsedItem | Exception] = []
    for text, source, shown_as, chapter, kind in batch:
        try:
            parsed = parse_text(
                text, source, shown_as, chapter, kind, validator, renderer
            )
        except Exception as error:  # raised where that file's result is asked for
            results.append(error)
        else:
            results.append(parsed)
    return results


class Parsing:
    """One file's parse, sent to a worker in a batch: ``result()`` waits for it."""

    __slots__ = ("_batch", "_index", "_pool")

    def __init__(self, pool: ItemPool, batch: int, index: int):
        self._pool, self._batch, self._index = pool, batch, index

    def result(self) -> ParsedItem:
        return self._pool._result(self._batch, self._index)


class ItemPool:
    """``parse_text`` of many files in ``jobs`` worker processes.

    Files go to the workers in batches of ``BATCH``: one task per file cost
    the main process and the workers a pickled call, a queue hand-over and a
    result each (1,428 files parsed in 2.19 s with two workers against 3.33 s
    in one process; in batches of 16, see docs/performance.md). A batch not
    yet full is sent when one of its results is asked for.
    """

    BATCH = 16

    def __init__(self, settings: ChapterSettings, jobs: int):
        self._executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(settings,),
        )
        self._queued: list[tuple[str, Path, str, str | None, str]] = []
        self._sent: list[Future] = []

    def submit(
        self, text: str, source: Path, shown_as: str, chapter: str | None, kind: str
    ) -> Parsing:
        self._queued.append((text, source, shown_as, chapter, kind))
        parsing = Parsing(self, len(self._sent), len(self._queued) - 1)
        if len(self._queued) >= self.BATCH:
            self.flush()
        return parsing

    @property
    def sent(self) -> bool:
        """Whether any file went to the workers."""
        return bool(self._sent)

    def flush(self) -> None:
        """Send the batch not yet full (the walk has found every file)."""
        if self._queued:
            self._sent.append(self._executor.submit(_parse_batch, self._queued))
            self._queued = []

    def _result(self, batch: int, index: int) -> ParsedItem:
        if batch == len(self._sent):
            self.flush()
        result = self._sent[batch].result()[index]
        if isinstance(result, Exception):
            raise result
        return result

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
