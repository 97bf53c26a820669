"""Defaults of the feeds settings and their parsing into one frozen object."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    "FEEDS_MAX_ITEMS": 20,
    "FEEDS_TAG_YEAR": "2012",
}

# RFC 4151: the date of a tag URI is YYYY[-MM[-DD]].
_TAG_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?\Z")


@dataclass(frozen=True)
class FeedsSettings:
    max_items: int
    tag_year: str


def feeds_settings(settings: Mapping[str, Any]) -> FeedsSettings:
    """Parse once; every bad value is reported together in one ValueError.

    The base address and the authority of entry ids are the site's
    (``plugins/site/settings.py``), shared with the calendars.
    """
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    problems = []

    max_items = merged["FEEDS_MAX_ITEMS"]
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        problems.append(
            f"FEEDS_MAX_ITEMS = {max_items!r} (a whole number of at least 1)"
        )

    year = str(merged["FEEDS_TAG_YEAR"])
    if not _TAG_DATE.match(year):
        problems.append(f"FEEDS_TAG_YEAR = {year!r} (YYYY, YYYY-MM or YYYY-MM-DD)")

    if problems:
        raise ValueError("; ".join(problems))
    return FeedsSettings(max_items=max_items, tag_year=year)
