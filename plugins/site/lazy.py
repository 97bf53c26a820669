"""Template values made when a template first reads them, once per process.

A rebuild takes most pages from the published site (plugins/site/pagecache.py)
and renders none of the templates that would read these; with output
processes, each makes only what its own pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any


class _Later:
    """``make()`` called on first use of ``made``, then kept."""

    def __init__(self, make: Callable[[], Any]):
        self._make = make

    @cached_property
    def made(self) -> Any:
        return self._make()


class LazyMapping(_Later, Mapping):
    """A mapping made by ``make()`` on the first lookup."""

    def __getitem__(self, key: Any) -> Any:
        return self.made[key]

    def __iter__(self) -> Iterator:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)


class LazyValues(_Later, Mapping):
    """A mapping whose values are each made on their own first lookup, then kept.

    ``make()`` (called on first use) gives, by key, how to make each value:
    a page that reads its own entry makes only that one.
    """

    def __init__(self, make: Callable[[], Mapping[Any, Callable[[], Any]]]):
        super().__init__(make)
        self._values: dict[Any, Any] = {}

    def __getitem__(self, key: Any) -> Any:
        if key not in self._values:
            self._values[key] = self.made[key]()  # KeyError: no such entry
        return self._values[key]

    def __iter__(self) -> Iterator:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)


class LazyMarkup(_Later):
    """Markup made when a template shows it (``{{ value }}``)."""

    def __html__(self) -> str:
        return self.made

    __str__ = __html__
