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


def _parse(
    text: str, source: Path, shown_as: str, chapter: str | None, kind: str
) -> ParsedItem:
    validator, renderer = _WORKER["validator"], _WORKER["renderer"]
    return parse_text(text, source, shown_as, chapter, kind, validator, renderer)


class ItemPool:
    """``parse_text`` of many files in ``jobs`` worker processes."""

    def __init__(self, settings: ChapterSettings, jobs: int):
        self._executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(settings,),
        )

    def submit(
        self, text: str, source: Path, shown_as: str, chapter: str | None, kind: str
    ) -> Future:
        return self._executor.submit(_parse, text, source, shown_as, chapter, kind)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
