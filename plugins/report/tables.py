"""The state-of-the-federation tables, computed from the export rows (one source of facts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.chapters import LEVEL_ORDER
from ..model.formats import english_country_name
from ..site.membership import membership_totals


@dataclass(frozen=True)
class Totals:
    chapters: int = 0
    local_chapters: int = 0
    working: int = 0
    stale: int = 0
    activity: dict[str, int] = field(default_factory=dict)
    members: int = 0
    women: int = 0
    membership_unconfirmed: int = 0
    without_figure: int = 0  # chapters that gave no member count
    members_unconfirmed: int = 0  # of members, counted from unconfirmed figures


def totals(rows: Iterable[dict[str, Any]]) -> Totals:
    """Counts over the rows; members and women counted once each (spec §4).

    A national or regional figure includes its chapters' members, so members
    and women follow ``membership_totals``: a chapter's own figure, else the
    sum of its children's, over the outermost chapters of the rows.
    """
    rows = list(rows)
    activity = Counter(row["activity"] for row in rows)
    membership = membership_totals(rows)
    return Totals(
        chapters=len(rows),
        local_chapters=sum(row["level"] == "local" for row in rows),
        working=sum(bool(row["working"]) for row in rows),
        stale=sum(row["stale"] for row in rows),
        activity={
            key: activity.get(key, 0)
            for key in ("active", "quiet", "dormant", "closed")
        },
        members=membership.members,
        women=membership.women,
        membership_unconfirmed=sum(row["membership_stale"] for row in rows),
        without_figure=membership.without_figure,
        members_unconfirmed=membership.unconfirmed,
    )


def by_area(
    rows: Iterable[dict[str, Any]], area_keys: Sequence[str]
) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Rows grouped by area in the settings' order (no area last), then level and
    name. Every area of the settings is there, with no rows where it has no
    chapter (the report counts it as none); "no area" only where a row has none."""
    groups: dict[str | None, list] = {key: [] for key in area_keys}
    groups[None] = []
    for row in rows:
        groups.setdefault(row["area"], []).append(row)
    return [
        (key, sorted(group, key=lambda r: (LEVEL_ORDER[r["level"]], r["name"].lower())))
        for key, group in groups.items()
        if group or key is not None
    ]


def by_country(
    rows: Iterable[dict[str, Any]],
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows grouped by country, the countries in the order of their English
    names (the table of members by country: spec §4, membership totals)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["country"], []).append(row)
    return sorted(
        groups.items(), key=lambda item: (english_country_name(item[0]), item[0])
    )


def stale_pages(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stale chapters, national first, then regional and local; the oldest first in each."""
    stale = [row for row in rows if row["stale"]]
    return sorted(
        stale,
        key=lambda r: (
            LEVEL_ORDER[r["level"]],
            r["last_updated"] or "",
            r["name"].lower(),
        ),
    )


def not_yet_working(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Local chapters that count and are not working chapters, those closest to
    it first (fewest criteria missed), then by name: whom organisers help next.
    Closed chapters and chapters marked dormant do not count."""
    return sorted(
        (
            row
            for row in rows
            if row["working"] is False
            and row["declared_status"] not in ("closed", "dormant")
        ),
        key=lambda r: (len(r["working_criteria_missed"].split()), r["name"].lower()),
    )


def unconfirmed_membership(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        (row for row in rows if row["membership_stale"]),
        key=lambda r: (r["members_as_of"] or "", r["name"].lower()),
    )


def last_months(build_date: dt.date, count: int = 24) -> list[str]:
    """'YYYY-MM' of the ``count`` months ending with the build date's month, oldest first."""
    year, month = build_date.year, build_date.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def items_per_month(dates: Iterable[dt.date], months: Sequence[str]) -> list[int]:
    """How many of ``dates`` fall in each of ``months``."""
    counts = Counter(f"{d.year:04d}-{d.month:02d}" for d in dates)
    return [counts.get(month, 0) for month in months]
