"""A chapter profile: reading and checking one chapters/<slug>/chapter.yaml."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import formats, urls, zones
from .areas import Area, area_of_country
from .cache import FileCache, text_hash
from .diagnostics import Diagnostic
from .files import read_text
from .schema import Validator, validate_fields
from .yamlload import Located, load_yaml

# Outermost first: listings put national chapters before regional and local ones.
LEVEL_ORDER = {"national": 0, "regional": 1, "local": 2}
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# ``meetings.week`` as RFC 5545 counts a weekday within its month: 1TU, -1FR.
WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
MONTHLY_FREQUENCIES = ("monthly", "bimonthly", "quarterly")
# Which levels a chapter's parent may have (spec §2).
PARENT_LEVELS = {
    "local": ("regional", "national"),
    "regional": ("regional", "national"),
    "national": (),
}
# Up to this many possible parents are listed in the hint for a wrong one.
LISTED_PARENTS = 10


@dataclass(frozen=True)
class Admin:
    name: str
    github: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Meetings:
    frequency: str
    day: str | None = None
    time: str | None = None
    timezone: str | None = None
    venue: str | None = None
    online: str | None = None
    week: str | None = None  # first .. fourth, last: which ``day`` of the month
    since: dt.date | None = None  # one meeting of the series: fixes its weeks
    access: str | None = None  # step-free access, childcare, language


@dataclass(frozen=True)
class Members:
    count: int
    as_of: dt.date
    women: int | None = None


@dataclass(frozen=True)
class Chapter:
    slug: str
    path: str  # as shown in messages, e.g. chapters/oslo/chapter.yaml
    name: str
    level: str
    country: str
    parent: str | None = None
    area: str | None = None  # resolved: own, else parent's, else country's
    declared_area: str | None = None
    city: str | None = None
    location: tuple[float, float] | None = None
    founded: str | None = None
    languages: tuple[str, ...] = ()
    summary: str | None = None
    joining: str | None = None  # how a newcomer joins or first meets the chapter
    offers: tuple[str, ...] = ()  # help offered to other chapters (/exchange/)
    asks: tuple[str, ...] = ()  # help the chapter is looking for (/exchange/)
    admins: tuple[Admin, ...] = ()
    contact: dict[str, Any] = field(default_factory=dict, compare=False)
    meetings: Meetings | None = None
    members: Members | None = None
    status: str = "active"
    closed: dt.date | None = None
    updated: dt.date | None = None
    # about.md as sanitised HTML, rendered once while checking.
    about_html: str | None = field(default=None, compare=False, repr=False)
    source: Located | None = field(default=None, compare=False, repr=False)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def url(self) -> str:
        return urls.chapter(self.slug)


def read_chapter(
    yaml_path: Path,
    shown_as: str,
    slug: str,
    validator: Validator,
    cache: FileCache | None = None,
    settings_key: str = "",
) -> tuple[Chapter | None, list[Diagnostic]]:
    """Load and check one profile; a Chapter only when it has no errors.

    With a ``cache``, a profile whose text, place and settings (``settings_key``:
    what else validation depends on, the area keys) are those of the last build
    is not parsed again.
    """
    text, problems = read_text(yaml_path, shown_as)
    if text is None:
        return None, problems
    if cache is None:
        return parse_chapter(text, shown_as, slug, validator)
    key = (
        "chapter.yaml",
        str(yaml_path),
        shown_as,
        slug,
        settings_key,
        text_hash(text),
    )
    chapter, problems = cache.get_or_make(
        key, lambda: parse_chapter(text, shown_as, slug, validator)
    )
    return chapter, list(problems)


def parse_chapter(
    text: str, shown_as: str, slug: str, validator: Validator
) -> tuple[Chapter | None, list[Diagnostic]]:
    """Check one profile's text; a Chapter only when it has no errors."""
    located, problems = load_yaml(text, shown_as)
    if located is None:
        return None, problems
    if located.data is None:
        return None, [
            Diagnostic(
                shown_as,
                1,
                1,
                "chapter.yaml is empty",
                "it needs at least name, level and country, e.g. "
                "'name: Oslo', 'level: local', 'country: \"NO\"'",
            )
        ]
    # The rules across fields judge the fields the schema found right, so
    # that one wrong value hides no other error.
    problems, bad = validate_fields(located, validator, shown_as)
    data = located.data
    if isinstance(data, dict):
        problems += _profile_rules(data, located, shown_as, bad)
    if problems:
        return None, problems
    return _chapter_from(data, located, shown_as, slug), []


def _profile_rules(
    data: dict, located: Located, shown_as: str, bad: Collection[str] = frozenset()
) -> list[Diagnostic]:
    """Rules inside one profile that a JSON Schema cannot say clearly, on the
    fields not in ``bad`` (those the schema found wrong)."""
    problems = []

    def problem(path: tuple, message: str, hint: str) -> None:
        line, column = located.mark(path)
        problems.append(Diagnostic(shown_as, line, column, message, hint))

    members = data.get("members") if "members" not in bad else None
    members = members or {}
    if "women" in members and members["women"] > members["count"]:
        problem(
            ("members", "women"),
            f"'members.women' ({members['women']}) is more than "
            f"'members.count' ({members['count']})",
            "women are counted among all members; check both numbers",
        )
    status = data.get("status", "active") if "status" not in bad else None
    if status == "closed" and "closed" not in data:
        problem(
            ("status",),
            "a closed chapter needs the date it closed",
            "add a line 'closed: \"YYYY-MM-DD\"'",
        )
    if "closed" in data and status not in ("closed", None):
        problem(
            ("closed",),
            f"'closed' is given but status is '{status}'",
            "add 'status: closed', or remove the 'closed' line",
        )
    if "meetings" not in bad:
        problems += _meetings_rules(data.get("meetings") or {}, located, shown_as)
    if "level" not in bad and data.get("level") == "national" and "parent" in data:
        problem(
            ("parent",),
            "a national chapter has no parent; it hangs under the international site",
            "remove the 'parent' line, or change 'level'",
        )
    return problems


def parent_hint(
    value: str,
    slug: str,
    level: str,
    chapters: dict[str, Chapter],
    country: str | None = None,
) -> str:
    """How to name an existing chapter as parent: its folder, not its display name.

    Suggests the chapter whose folder name or display name is close to
    ``value``, and lists the possible parents when there are few; given the
    chapter's ``country``, those in that country where it has any (a folder
    name close to the one written, in another country, is not suggested).
    """
    possible = {
        other: chapter
        for other, chapter in chapters.items()
        if other != slug and chapter.level in PARENT_LEVELS.get(level, ())
    }
    at_home = {o: c for o, c in possible.items() if c.country == country}
    by_name = {chapter.name.casefold(): other for other, chapter in possible.items()}
    named = by_name.get(value.strip().casefold())
    close = None if named else _closest(value, at_home or possible)
    if named is None and close is None:
        near = _closest(value.strip().casefold(), by_name)
        named = by_name[near] if near else None
    if close:
        hints = [f"did you mean '{close}'?"]
    elif named:
        hints = [
            f"did you mean '{named}'? 'parent' is the folder name of "
            f"{possible[named].name}, not its display name"
        ]
    else:
        hints = ["use the folder name of an existing chapter, or remove the line"]
    if possible and len(possible) <= LISTED_PARENTS:
        hints.append(
            f"a {level} chapter's parent can be: " + ", ".join(sorted(possible))
        )
    elif at_home and len(at_home) <= LISTED_PARENTS:
        hints.append(
            f"the possible parents in {_country(country)}: "
            + ", ".join(sorted(at_home))
        )
    return "; ".join(hints)


def parent_country_warnings(
    chapters: dict[str, Chapter], areas: tuple[Area, ...]
) -> list[Diagnostic]:
    """A chapter under a parent in another country, and so in another area
    than its own country's: most often a parent copied from another chapter's
    file (Leeds under IOPS Norway). Given ``areas``, with every chapter's area
    resolved. A chapter that declares its ``area:`` has chosen: no warning;
    nor across a border within one area (Belfast under IOPS Ireland)."""
    found = []
    for chapter in chapters.values():
        parent = chapters.get(chapter.parent) if chapter.parent else None
        if parent is None or parent.country == chapter.country:
            continue
        own = area_of_country(areas, chapter.country)
        if chapter.declared_area is not None or own is None or own == chapter.area:
            continue  # chosen, unknown, or the area its own country gives it
        line, column = chapter.source.mark(("parent",)) if chapter.source else (0, 0)
        found.append(
            Diagnostic(
                chapter.path,
                line,
                column,
                f"parent '{chapter.parent}' is in {_country(parent.country)}, this "
                f"chapter in {_country(chapter.country)}: the site shows it under "
                f"{parent.name}, in the area '{chapter.area}', not '{own}'",
                "check 'parent' and 'country'; if the chapter belongs there, say "
                f"so with 'area: {chapter.area}'",
                severity="warning",
            )
        )
    return found


def _country(code: str) -> str:
    """'GB (United Kingdom)': the code, then its English name, for messages."""
    return f"{code} ({formats.english_country_name(code)})"


def _closest(word: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def weekday_in_month(year: int, month: int, day: str, week: int) -> dt.date:
    """The ``week``-th (1..4, or -1 for the last) ``day`` of a month."""
    wanted = WEEKDAYS.index(day)
    if week > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(
            days=(wanted - first.weekday()) % 7 + 7 * (week - 1)
        )
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=(following.weekday() - wanted - 1) % 7 + 1)


def _meetings_rules(
    meetings: dict, located: Located, shown_as: str
) -> list[Diagnostic]:
    """``week`` and ``since`` must agree with ``frequency`` and ``day``."""
    problems = []

    def problem(name: str, message: str, hint: str) -> None:
        line, column = located.mark(("meetings", name))
        problems.append(Diagnostic(shown_as, line, column, message, hint))

    frequency, day = meetings.get("frequency"), meetings.get("day")
    week, since = meetings.get("week"), meetings.get("since")
    if week is not None and frequency not in MONTHLY_FREQUENCIES:
        problem(
            "week",
            f"'meetings.week' is for monthly, bimonthly and quarterly meetings, "
            f"not {frequency} ones",
            "remove the 'week' line",
        )
    elif week is not None and day is None:
        problem(
            "week",
            f"'meetings.week' says '{week}', but not of which weekday",
            "add 'day:' under 'meetings:', e.g. 'day: tuesday'",
        )
    if since is None:
        return problems
    date = formats.parse_date(since)
    if frequency == "irregular":
        problem(
            "since",
            "'meetings.since' is the date of one meeting of a regular series; "
            "irregular meetings have none",
            "remove the 'since' line",
        )
        return problems
    weekday = WEEKDAYS[date.weekday()]
    if day is None:
        problem(
            "since",
            "'meetings.since' is given, but 'meetings.day' is missing",
            f"add 'day: {weekday}' under 'meetings:' ({since} is a "
            f"{weekday.capitalize()})",
        )
    elif weekday != day:
        before = date - dt.timedelta(days=(date.weekday() - WEEKDAYS.index(day)) % 7)
        problem(
            "since",
            f"'meetings.since' ({since}) is a {weekday.capitalize()}, but the "
            f"meetings are on {day.capitalize()}s",
            f"give the date of one meeting, e.g. {before.isoformat()} or "
            f"{(before + dt.timedelta(days=7)).isoformat()}",
        )
    elif week is not None and frequency in MONTHLY_FREQUENCIES:
        expected = weekday_in_month(date.year, date.month, day, WEEKS[week])
        if expected != date:
            month = f"{date:%B} {date.year}"
            problem(
                "since",
                f"'meetings.since' ({since}) is not the {week} "
                f"{day.capitalize()} of {month}",
                f"the {week} {day.capitalize()} of {month} is {expected.isoformat()}",
            )
    return problems


def meetings_warnings(chapter: Chapter) -> list[Diagnostic]:
    """What keeps a chapter's meetings out of calendars, with the line to add.

    Warnings, not errors: the profile is valid, the meetings are only less
    useful than they could be. Closed chapters get none.
    """
    meetings = chapter.meetings
    if meetings is None or chapter.is_closed or meetings.frequency == "irregular":
        return []
    source = chapter.source
    line, column = source.key_mark(("meetings",)) if source else (0, 0)

    def warning(message: str, hint: str) -> list[Diagnostic]:
        return [
            Diagnostic(chapter.path, line, column, message, hint, severity="warning")
        ]

    frequency, day = meetings.frequency, meetings.day
    if day is None:
        add = (
            "'day: tuesday' and 'week: first'"
            if frequency in MONTHLY_FREQUENCIES
            else "'day: tuesday'"
        )
        return warning(
            f"{frequency} meetings without 'day' are in no calendar, and the page "
            "shows no next meeting",
            f"add {add} under 'meetings:' (the weekday of the meetings)",
        )
    name = day.capitalize()
    if frequency in MONTHLY_FREQUENCIES and meetings.week is None:
        since = (
            " and 'since: \"YYYY-MM-DD\"', the date of one meeting,"
            if frequency != "monthly" and meetings.since is None
            else ""
        )
        return warning(
            f"{frequency} meetings on {name}s without 'week' are in no calendar, "
            f"and the page shows no next meeting: which {name} of the month?",
            f"add 'week: first'{since} under 'meetings:'; 'week' is first, second, "
            f"third, fourth or last, whichever {name} of the month it is",
        )
    if frequency in ("bimonthly", "quarterly") and meetings.since is None:
        return warning(
            f"{frequency} meetings without 'since' are in no calendar: in which "
            "months?",
            "add 'since: \"YYYY-MM-DD\"' under 'meetings:', the date of one meeting",
        )
    if frequency == "fortnightly" and meetings.since is None:
        return warning(
            "fortnightly meetings without 'since': the calendar counts the weeks "
            "from the founding date, which may be the wrong week, and the page "
            "shows no next meeting",
            "add 'since: \"YYYY-MM-DD\"' under 'meetings:', the date of one meeting",
        )
    return []


def exchange_warnings(chapter: Chapter) -> list[Diagnostic]:
    """A closed chapter's offers and asks, and how to join it, are shown
    nowhere: say so, not silently."""
    if not chapter.is_closed:
        return []
    source = chapter.source
    found = []
    if chapter.offers or chapter.asks:
        field = "offers" if chapter.offers else "asks"
        line, column = source.key_mark((field,)) if source else (0, 0)
        found.append(
            Diagnostic(
                chapter.path,
                line,
                column,
                "a closed chapter's offers and asks are not shown, neither on its "
                "page nor on /exchange/",
                "remove 'offers' and 'asks', or reopen the chapter (status: active)",
                severity="warning",
            )
        )
    if chapter.joining:
        line, column = source.key_mark(("joining",)) if source else (0, 0)
        found.append(
            Diagnostic(
                chapter.path,
                line,
                column,
                "a closed chapter's 'joining' is not shown: its page says it has "
                "closed and points to the chapters nearby",
                "remove 'joining', or reopen the chapter (status: active)",
                severity="warning",
            )
        )
    return found


def chapter_zone(chapter: Chapter, chapters: Mapping[str, Chapter]) -> str | None:
    """The time zone a chapter's events are in; None when nothing says.

    Its meetings' zone; else its country's, where the country has one zone;
    else the nearest enclosing chapter's meetings' zone. UTC and GMT name no
    local zone (timezone_warnings says so), so they count as not given. The
    one rule for the check of event offsets and for the zone pages name an
    event's time in (the site's TIMEZONE where this is None).
    """
    own = _local_zone(chapter)
    if own:
        return own
    country = zones.country_zones(chapter.country)
    if len(country) == 1:
        return country[0]
    slug = chapter.parent
    while slug and slug in chapters:
        enclosing = chapters[slug]
        if zone := _local_zone(enclosing):
            return zone
        slug = enclosing.parent
    return None


def _local_zone(chapter: Chapter) -> str | None:
    zone = chapter.meetings.timezone if chapter.meetings else None
    return zone if zone and not zones.is_utc_name(zone) else None


# The year whose clock rules judge a zone when no build date is given.
CLOCKS_YEAR = 2025


def timezone_warnings(chapter: Chapter, year: int = CLOCKS_YEAR) -> list[Diagnostic]:
    """``timezone: GMT`` (or UTC) where the country's clocks change in summer,
    and a zone whose clocks in ``year`` (the build date's) are those of no
    zone of the country (EST, with no summer time, in New York; CET in London).

    A weekly 19:00 meeting in London "GMT" would be put at 20:00 in summer
    calendars; the hint names the country's zone(s).
    """
    meetings = chapter.meetings
    zone = meetings.timezone if meetings else None
    if zone is None or chapter.is_closed:
        return []
    name = formats.english_country_name(chapter.country)
    if zones.is_utc_name(zone):
        local = [z for z in zones.country_zones(chapter.country) if _not_utc(z)]
        if not local:
            return []  # Iceland, say: its clocks are UTC all year
        message = (
            f"'meetings.timezone' is {zone}, which is UTC all year round, but "
            f"clocks in {name} are not: calendars would show the meetings at the "
            "wrong hour"
        )
        hint = _zone_hint(local, "it follows summer time", "they follow summer time")
    else:
        country = zones.country_zones(chapter.country)
        if not country or _clocks(zone, year) in {_clocks(z, year) for z in country}:
            return []
        # EST (no summer time) in New York, CET in London, Europe/Oslo in Leeds.
        message = (
            f"'meetings.timezone' is {zone}, whose clocks "
            f"({_clocks_words(zone, year)}) "
            f"are those of no place in {name}: calendars would show the meetings "
            "at the wrong hour"
        )
        city = "the zone of a city, not an abbreviation"
        hint = _zone_hint(list(country), city, city)
    line, column = (
        chapter.source.mark(("meetings", "timezone")) if chapter.source else (0, 0)
    )
    return [Diagnostic(chapter.path, line, column, message, hint, severity="warning")]


def _zone_hint(local: list[str], why_one: str, why: str) -> str:
    if len(local) == 1:
        return f"write 'timezone: {local[0]}': {why_one}"
    shown = ", ".join(local[:LISTED_ZONES])
    more = f" and {len(local) - LISTED_ZONES} more" if len(local) > LISTED_ZONES else ""
    return f"write the zone of your city, one of {shown}{more}: {why}"


@functools.cache
def _clocks(zone: str, year: int) -> tuple[dt.timedelta, dt.timedelta]:
    """A zone's UTC offsets in January and July of ``year``."""
    return (
        zones.offset_on(zone, dt.datetime(year, 1, 15, 12)),
        zones.offset_on(zone, dt.datetime(year, 7, 15, 12)),
    )


def _clocks_words(zone: str, year: int) -> str:
    winter, summer = (zones.format_offset(o) for o in _clocks(zone, year))
    return (
        f"UTC{winter} all year"
        if winter == summer
        else f"UTC{winter}, UTC{summer} in July"
    )


# Zones listed in a hint; the US has 29.
LISTED_ZONES = 8


def _not_utc(zone: str) -> bool:
    """A zone that is not UTC in January or July of this decade."""
    return any(
        zones.offset_on(zone, dt.datetime(2025, month, 15, 12)) != dt.timedelta(0)
        for month in (1, 7)
    )


def profile_warnings(chapter: Chapter, year: int = CLOCKS_YEAR) -> list[Diagnostic]:
    """Everything in a valid profile that the site cannot show as written
    (clocks judged by the rules of ``year``, the build date's)."""
    return (
        meetings_warnings(chapter)
        + exchange_warnings(chapter)
        + timezone_warnings(chapter, year)
    )


def _meetings_from(data: dict) -> Meetings:
    fields = dict(data)
    if "since" in fields:
        fields["since"] = formats.parse_date(fields["since"])
    return Meetings(**fields)


def _chapter_from(data: dict, located: Located, shown_as: str, slug: str) -> Chapter:
    location = data.get("location")
    meetings = data.get("meetings")
    members = data.get("members")
    return Chapter(
        slug=slug,
        path=shown_as,
        name=data["name"],
        level=data["level"],
        country=data["country"],
        parent=data.get("parent"),
        declared_area=data.get("area"),
        city=data.get("city"),
        location=(float(location["lat"]), float(location["lon"])) if location else None,
        founded=data.get("founded"),
        languages=tuple(data.get("languages", ())),
        summary=data.get("summary"),
        joining=data.get("joining"),
        offers=tuple(data.get("offers", ())),
        asks=tuple(data.get("asks", ())),
        admins=tuple(Admin(**admin) for admin in data.get("admins", ())),
        contact=dict(data.get("contact", {})),
        meetings=_meetings_from(meetings) if meetings else None,
        members=Members(
            count=members["count"],
            women=members.get("women"),
            as_of=formats.parse_date(members["as_of"]),
        )
        if members
        else None,
        status=data.get("status", "active"),
        closed=formats.parse_date(data["closed"]) if "closed" in data else None,
        updated=formats.parse_date(data["updated"]) if "updated" in data else None,
        source=located,
    )
