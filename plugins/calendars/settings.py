"""Defaults of the calendars settings and their parsing into one frozen object."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEFAULTS: dict[str, Any] = {
    # Right-hand side of every UID; None: the host of SITEURL, else FALLBACK_DOMAIN.
    "CALENDARS_UID_DOMAIN": None,
    # Base of the absolute URLs in calendars when SITEURL is empty (local builds).
    "CALENDARS_SITEURL": "http://localhost:8000",
    # Length of one regular meeting; the profile has no field for it.
    "CALENDARS_MEETING_MINUTES": 120,
    # First meeting searched from here when a chapter has no 'founded' and no items.
    "CALENDARS_MEETINGS_SINCE": "2000-01-01",
    # Upcoming events listed on a chapter page.
    "CALENDARS_UPCOMING_ON_CHAPTER": 3,
}
FALLBACK_DOMAIN = "chapterhouse.invalid"


@dataclass(frozen=True)
class CalendarsSettings:
    uid_domain: str
    siteurl: str
    meeting_minutes: int
    meetings_since: dt.date
    upcoming_on_chapter: int


def calendars_settings(settings: Mapping[str, Any]) -> CalendarsSettings:
    """Parse once; every bad value is reported together."""
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    problems = []
    siteurl = str(settings.get("SITEURL") or merged["CALENDARS_SITEURL"] or "").rstrip(
        "/"
    )
    if not urlsplit(siteurl).netloc:
        problems.append(
            f"CALENDARS_SITEURL = {merged['CALENDARS_SITEURL']!r} "
            "(a full address such as 'http://localhost:8000', "
            "used when SITEURL is empty)"
        )
    domain = merged["CALENDARS_UID_DOMAIN"] or uid_domain_from(settings.get("SITEURL"))
    if not isinstance(domain, str) or not domain or any(c in domain for c in " /@"):
        problems.append(
            f"CALENDARS_UID_DOMAIN = {domain!r} (a host name such as 'example.org')"
        )
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
        raise ValueError("bad calendars settings: " + "; ".join(problems))
    return CalendarsSettings(
        uid_domain=domain,
        siteurl=siteurl,
        meeting_minutes=merged["CALENDARS_MEETING_MINUTES"],
        meetings_since=since,
        upcoming_on_chapter=merged["CALENDARS_UPCOMING_ON_CHAPTER"],
    )


def uid_domain_from(siteurl: str | None) -> str:
    """The host of SITEURL ('iops.example.org'), or a reserved, never real name."""
    host = urlsplit(siteurl or "").hostname
    return host or FALLBACK_DOMAIN
