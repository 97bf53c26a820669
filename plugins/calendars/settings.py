"""Defaults of the calendars settings and their parsing into one frozen object."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    # Length of one regular meeting; the profile has no field for it.
    "CALENDARS_MEETING_MINUTES": 120,
    # First meeting searched from here when a chapter has no 'founded' and no items.
    "CALENDARS_MEETINGS_SINCE": "2000-01-01",
    # Upcoming events listed on a chapter page.
    "CALENDARS_UPCOMING_ON_CHAPTER": 3,
}


@dataclass(frozen=True)
class CalendarsSettings:
    meeting_minutes: int
    meetings_since: dt.date
    upcoming_on_chapter: int


def calendars_settings(settings: Mapping[str, Any]) -> CalendarsSettings:
    """Parse once; every bad value is reported together.

    The base address and the right-hand side of every UID are the site's
    (``plugins/site/settings.py``), shared with the feeds.
    """
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    problems = []
    for key in ("CALENDARS_MEETING_MINUTES", "CALENDARS_UPCOMING_ON_CHAPTER"):
        value = merged[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"{key} = {value!r} (a whole number of at least 0)")
    since = merged["CALENDARS_MEETINGS_SINCE"]
    if not isinstance(since, dt.date):
        try:
            since = dt.date.fromisoformat(str(since))
        except ValueError:
            problems.append(
                f"CALENDARS_MEETINGS_SINCE = {since!r} (a date 'YYYY-MM-DD')"
            )
    if problems:
        raise ValueError("; ".join(problems))
    return CalendarsSettings(
        meeting_minutes=merged["CALENDARS_MEETING_MINUTES"],
        meetings_since=since,
        upcoming_on_chapter=merged["CALENDARS_UPCOMING_ON_CHAPTER"],
    )
