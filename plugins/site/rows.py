"""One flat row per chapter with its profile and derived facts, for JSON, CSV and the report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import urls

COLUMNS = (
    "slug",
    "name",
    "level",
    "parent",
    "country",
    "area",
    "declared_status",
    "activity",
    "last_updated",
    "stale",
    "working",
    "membership_stale",
    "url",
    "atom_url",
    "rss_url",
    # beyond the contract's minimum: what organisers compiled by hand
    "city",
    "founded",
    "meetings_frequency",
    "next_meeting",
    "members_count",
    "members_women",
    "members_as_of",
    "admins_count",
    "working_criteria_met",
    "working_criteria_missed",
    "local_chapters",
    "working_local_chapters",
    # the profile's location (spec §2), for maps and "near me" sorting
    "lat",
    "lon",
    # what the chapter did: the day of its newest work (its own, joint and
    # its chapters', as activity is judged) and its own work of the last year
    "last_activity",
    "items_last_year",
)


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def chapter_row(chapter, fact, base_url: str = "", next_meeting=None) -> dict[str, Any]:
    """The export row of one chapter; dates as YYYY-MM-DD, unknown as None.

    ``next_meeting`` is ISO 8601 in the chapter's own time: with its UTC
    offset ("2015-02-10T19:00:00+00:00"), without one when the profile has no
    time zone, a bare date when it has no time.
    """
    members = chapter.members
    criteria = fact.criteria
    local = chapter.level == "local"
    page = urls.chapter(chapter.slug)
    return {
        "slug": chapter.slug,
        "name": chapter.name,
        "level": chapter.level,
        "parent": chapter.parent,
        "country": chapter.country,
        "area": chapter.area,
        "declared_status": chapter.status,
        "activity": fact.activity,
        "last_updated": _date(fact.last_updated),
        "stale": fact.stale,
        "working": fact.working,
        "membership_stale": fact.membership_stale,
        # SITEURL-based, so "/chapters/oslo/" on a local build
        "url": urls.absolute(base_url, page),
        "atom_url": urls.absolute(base_url, urls.atom(page)),
        "rss_url": urls.absolute(base_url, urls.rss(page)),
        "city": chapter.city,
        "founded": chapter.founded,
        "meetings_frequency": chapter.meetings.frequency if chapter.meetings else None,
        "next_meeting": _date(next_meeting),
        "members_count": members.count if members else None,
        "members_women": members.women if members else None,
        "members_as_of": _date(members.as_of) if members else None,
        "admins_count": len(chapter.admins),
        "working_criteria_met": sum(c.met for c in criteria)
        if criteria is not None
        else None,
        "working_criteria_missed": (
            " ".join(c.key for c in criteria if not c.met)
            if criteria is not None
            else None
        ),
        "local_chapters": None if local else fact.local_descendants,
        "working_local_chapters": None if local else fact.working_descendants,
        "lat": chapter.location[0] if chapter.location else None,
        "lon": chapter.location[1] if chapter.location else None,
        "last_activity": _date(fact.newest),
        "items_last_year": fact.items_last_year,
    }


def chapter_rows(
    chapters: Mapping,
    facts: Mapping,
    base_url: str = "",
    next_meetings: Mapping | None = None,
) -> list[dict[str, Any]]:
    """Every chapter's row, sorted by slug."""
    upcoming = next_meetings or {}
    return [
        chapter_row(chapters[slug], facts[slug], base_url, upcoming.get(slug))
        for slug in sorted(chapters)
    ]
