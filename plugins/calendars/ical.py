"""iCalendar files from plain event data, written with the icalendar library."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..site.events import Temporal, start_key

if TYPE_CHECKING:
    from icalendar import Calendar, Component, Event, Journal

PRODID = "-//Chapterhouse//calendars//EN"
REFRESH = dt.timedelta(days=1)
# VTIMEZONE transitions are written up to here, or a year past the last date used.
TIMEZONES_UNTIL = dt.date(2038, 1, 1)


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT; ``rule`` makes it recurring."""

    uid: str
    summary: str
    start: Temporal
    stamp: dt.datetime  # UTC
    end: Temporal | None = None
    duration: dt.timedelta | None = None
    rule: dict[str, Any] | None = None
    location: str | None = None
    url: str | None = None
    description: str = ""
    last_modified: dt.datetime | None = None  # UTC
    categories: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CalendarNote:
    """A VJOURNAL: what a calendar with nothing scheduled says instead of being empty.

    RFC 5545 asks every calendar for at least one component. A journal entry
    is one that calendar apps do not put on any day, so subscribers get no
    invented event.
    """

    uid: str
    summary: str
    stamp: dt.datetime  # UTC
    description: str = ""
    url: str | None = None


def calendar_bytes(
    name: str,
    description: str,
    events: Iterable[CalendarEvent],
    nothing_scheduled: CalendarNote | None = None,
) -> bytes:
    """A calendar to subscribe to; recurring events first, then by start and UID.

    Without events it holds ``nothing_scheduled``, so it is never empty.
    """
    calendar = _calendar()
    calendar.calendar_name = name
    if description:
        calendar.description = description
    calendar.refresh_interval = REFRESH
    calendar.add("x-published-ttl", _icalendar().vDuration(REFRESH))
    ordered = sorted(events, key=lambda e: (e.rule is None, *start_key(e.start), e.uid))
    for event in ordered:
        calendar.add_component(_vevent(event))
    if not ordered and nothing_scheduled is not None:
        calendar.add_component(_vjournal(nothing_scheduled))
    _add_timezones(calendar, ordered)
    return calendar.to_ical()


def event_bytes(event: CalendarEvent) -> bytes:
    """One event to add to a calendar ("event.ics"): no name, nothing to subscribe to.

    A calendar name would make some apps create a new calendar for the one
    event; the VEVENT is the same as in the chapter's calendar, UID included,
    so an app that has both keeps one.
    """
    calendar = _calendar()
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vevent(event))
    _add_timezones(calendar, [event])
    return calendar.to_ical()


def _icalendar():
    """The icalendar package, imported when a calendar is made: a rebuild that
    takes every calendar from the published site never loads it (0.03 s and
    3 MB of the build's memory)."""
    import icalendar

    return icalendar


@functools.cache
def _text_type() -> type:
    """icalendar's TEXT value, escaped by RFC 5545 alone: icalendar first
    reads a written backslash and N ("Room \\N") as a line break."""
    icalendar = _icalendar()

    class Text(icalendar.vText):
        def to_ical(self) -> bytes:
            text = (
                str(self)
                .replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n")
                .replace("\r", "\\n")
            )
            return text.encode(self.encoding)

    return Text


def _text(value: str):
    return _text_type()(value)


def _calendar() -> Calendar:
    calendar = _icalendar().Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _vevent(event: CalendarEvent) -> Event:
    vevent = _icalendar().Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp)
    vevent.add("dtstart", event.start)
    if event.end is not None:
        vevent.add("dtend", event.end)
    elif event.duration is not None:
        vevent.add("duration", event.duration)
    if event.rule:
        vevent.add("rrule", event.rule)
    vevent.add("summary", _text(event.summary))
    if event.location:
        vevent.add("location", _text(event.location))
    if event.url:
        vevent.add("url", event.url)
    if event.description:
        vevent.add("description", _text(event.description))
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified)
    if event.categories:
        vevent.add("categories", list(event.categories))
    return vevent


def _vjournal(note: CalendarNote) -> Journal:
    journal = _icalendar().Journal()
    journal.add("uid", note.uid)
    journal.add("dtstamp", note.stamp)
    journal.add("summary", _text(note.summary))
    if note.description:
        journal.add("description", _text(note.description))
    if note.url:
        journal.add("url", note.url)
    return journal


def _add_timezones(calendar: Calendar, events: list[CalendarEvent]) -> None:
    """A VTIMEZONE for every TZID used, in name order (icalendar's set order varies)."""
    missing = sorted(calendar.get_missing_tzids())
    if not missing:
        return
    days = [
        _day(value) for e in events for value in (e.start, e.end) if value is not None
    ]
    first = dt.date(min(days).year, 1, 1)
    last = max(TIMEZONES_UNTIL, max(days) + dt.timedelta(days=366))
    calendar.subcomponents[0:0] = [_timezone(tzid, first, last) for tzid in missing]


@functools.lru_cache(maxsize=256)
def _timezone(tzid: str, first: dt.date, last: dt.date) -> Component:
    """The VTIMEZONE of ``tzid`` from ``first`` to ``last``, made once per process.

    A build's calendars mostly share their zones and spans (every chapter of a
    country, the site's): each is made once and only read after, by ``to_ical``.
    """
    return _icalendar().Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _day(value: Temporal) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
