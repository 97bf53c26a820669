"""Template values made when a template first reads them, once per process.

A rebuild takes most pages from the published site (plugins/site/pagecache.py)
and renders none of the templates that would read these; with output
processes, each makes only what its own pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any


class LazyMapping(Mapping):
    """A mapping made by ``make()`` on the first lookup, then kept."""

    def __init__(self, make: Callable[[], Mapping]):
        self._make = make
        self._made: Mapping | None = None

    def _mapping(self) -> Mapping:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, key: Any) -> Any:
        return self._mapping()[key]

    def __iter__(self) -> Iterator:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


class LazyMarkup:
    """Markup made when a template shows it (``{{ value }}``), then kept."""

    def __init__(self, make: Callable[[], str]):
        self._make = make
        self._made: str | None = None

    def __html__(self) -> str:
        if self._made is None:
            self._made = self._make()
        return self._made

    __str__ = __html__
