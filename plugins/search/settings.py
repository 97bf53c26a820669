"""Defaults of the search settings and their parsing into one frozen object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    # False skips the Pagefind step: `invoke build --no-search-index` sets it
    # for one build; /search/ then finds nothing until the next full build.
    "SEARCH_INDEX": True,
}


@dataclass(frozen=True)
class SearchSettings:
    index: bool


def search_settings(settings: Mapping[str, Any]) -> SearchSettings:
    """Parse once; a bad value is a ValueError naming the setting."""
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    index = merged["SEARCH_INDEX"]
    if not isinstance(index, bool):
        raise ValueError(f"SEARCH_INDEX = {index!r} (True or False)")
    return SearchSettings(index=index)
