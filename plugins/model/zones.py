"""Which IANA time zones a country uses, and what a zone's UTC offset is on a date.

The country table is tzdata's ``zone.tab`` (one line per country and zone),
read from the pinned ``tzdata`` package so every machine gives the same
answer. ``zone1970.tab`` would not do: it merges countries whose clocks have
agreed since 1970 (Norway is listed under Europe/Berlin there).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache
from importlib import resources

# Names of UTC itself: no summer time, whatever the country.
_UTC_NAMES = frozenset(
    {"UTC", "GMT", "UCT", "Universal", "Zulu", "GMT0", "GMT+0", "GMT-0", "Greenwich"}
)


@cache
def _zone_table() -> dict[str, tuple[str, ...]]:
    text = (
        resources.files("tzdata")
        .joinpath("zoneinfo", "zone.tab")
        .read_text(encoding="utf-8")
    )
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _, zone, *_ = line.split("\t")
        table.setdefault(country, []).append(zone)
    return {country: tuple(zones) for country, zones in table.items()}


def country_zones(country: str) -> tuple[str, ...]:
    """The zones of ``country`` (ISO 3166 alpha-2), its most populous first."""
    return _zone_table().get(country.upper(), ())


def is_utc_name(zone: str) -> bool:
    """True for UTC, GMT and the fixed Etc/ zones: clocks that never change."""
    return zone in _UTC_NAMES or zone.startswith("Etc/")


def offset_on(zone: str, local: dt.datetime) -> dt.timedelta:
    """The UTC offset of ``zone`` at the wall-clock time ``local``."""
    offset = local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
    assert offset is not None  # a ZoneInfo always has one
    return offset


def format_offset(offset: dt.timedelta) -> str:
    """'+01:00' or '-05:00', as ISO 8601 writes an offset."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
