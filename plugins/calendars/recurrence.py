"""Pure rules for calendars: meetings as a recurrence, event times, UIDs, listings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..model.formats import parse_partial_date
from ..site.events import Temporal

if TYPE_CHECKING:
    from ..model.chapters import Meetings

WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
# Only these frequencies say on which dates the chapter meets. "monthly" and
# longer do not say which week of the month, and a guessed date sends people
# to an empty room, so those stay in words only (docs/calendars.md).
WEEKS_BETWEEN = {"weekly": 1, "fortnightly": 2}


@dataclass(frozen=True)
class Recurrence:
    """The regular meetings as one recurring event."""

    start: (
        Temporal  # aware (IANA zone), naive (floating local time) or a date (all day)
    )
    rule: dict[str, Any]  # RRULE parts in icalendar's vRecur form
    duration: dt.timedelta | None = field(default=None)


def meetings_since(
    founded: str | None, earliest_item: dt.date | None, fallback: dt.date
) -> dt.date:
    """Since when meetings are assumed: founding, else first item, else a fixed date."""
    if founded:
        return parse_partial_date(founded)
    if earliest_item is not None:
        return earliest_item
    return fallback


def first_weekday_on_or_after(since: dt.date, day: str) -> dt.date:
    """The first Monday..Sunday named ``day`` on or after ``since``."""
    wanted = list(WEEKDAYS).index(day)
    return since + dt.timedelta(days=(wanted - since.weekday()) % 7)


def is_recurring(meetings: Meetings | None) -> bool:
    """True when the profile says on which dates the chapter meets."""
    return bool(
        meetings is not None
        and meetings.frequency in WEEKS_BETWEEN
        and meetings.day in WEEKDAYS
    )


def meetings_recurrence(
    meetings: Meetings | None,
    since: dt.date,
    closed: dt.date | None = None,
    minutes: int = 120,
) -> Recurrence | None:
    """The meetings as an RRULE from the first matching day on or after ``since``.

    None for monthly and longer, irregular, or no ``day``; and for a chapter
    closed before its first meeting. Without ``time`` the meetings are all-day;
    without ``timezone`` they are in floating local time.
    """
    if meetings is None or not is_recurring(meetings):
        return None
    assert meetings.day is not None
    first = first_weekday_on_or_after(since, meetings.day)
    if closed is not None and closed < first:
        return None
    rule: dict[str, Any] = {"FREQ": "WEEKLY"}
    if WEEKS_BETWEEN[meetings.frequency] > 1:
        rule["INTERVAL"] = WEEKS_BETWEEN[meetings.frequency]
    rule["BYDAY"] = WEEKDAYS[meetings.day]
    start: Temporal
    duration = None
    if meetings.time:
        hour, minute = (int(part) for part in meetings.time.split(":"))
        zone = ZoneInfo(meetings.timezone) if meetings.timezone else None
        start = dt.datetime.combine(first, dt.time(hour, minute), tzinfo=zone)
        duration = dt.timedelta(minutes=minutes) if minutes else None
    else:
        start = first
    if closed is not None:
        rule["UNTIL"] = _until(start, closed)
    return Recurrence(start=start, rule=rule, duration=duration)


def _until(start: Temporal, closed: dt.date) -> Temporal:
    """The end of the closed day, in the value type RFC 5545 asks for."""
    if not isinstance(start, dt.datetime):
        return closed
    end_of_day = dt.datetime.combine(closed, dt.time(23, 59, 59), tzinfo=start.tzinfo)
    if start.tzinfo is None:
        return end_of_day
    return end_of_day.astimezone(dt.UTC)


def meetings_note(meetings: Meetings | None, in_words: str) -> str:
    """What the calendar says about the meetings, given them in words."""
    if meetings is None:
        return "The chapter has not published regular meetings."
    if is_recurring(meetings):
        return f"{in_words} The regular meetings are in this calendar."
    if meetings.frequency == "irregular":
        return (
            f"{in_words} Each meeting is in this calendar "
            "when it is published as an event."
        )
    reason = (
        "the chapter has not said on which day"
        if meetings.frequency in WEEKS_BETWEEN
        else "the chapter has not said in which week of the month"
    )
    return (
        f"{in_words} These meetings are not in this calendar because {reason}; "
        "ask the chapter for the dates."
    )


def event_uid(item_url: str, domain: str) -> str:
    """'chapters/oslo/events/fair@iops.example.org': a page's path never changes."""
    return f"{item_url.strip('/')}@{domain}"


def meetings_uid(chapter_slug: str, domain: str) -> str:
    return f"chapters/{chapter_slug}/meetings@{domain}"


def event_times(
    starts: Temporal, ends: Temporal | None
) -> tuple[Temporal, Temporal | None]:
    """DTSTART and DTEND of an event as iCalendar wants them.

    A date is an all-day event whose DTEND is the day after its last day.
    A datetime with an offset becomes UTC; one without stays floating local
    time. DTEND takes DTSTART's value type; it is None when it adds nothing.
    """
    if not isinstance(starts, dt.datetime):
        if ends is None:
            return starts, None
        last_day = ends.date() if isinstance(ends, dt.datetime) else ends
        return starts, max(last_day, starts) + dt.timedelta(days=1)
    start = _utc_or_floating(starts)
    if ends is None:
        return start, None
    if not isinstance(ends, dt.datetime):
        ends = dt.datetime.combine(ends + dt.timedelta(days=1), dt.time(0))
    if ends.tzinfo is None and starts.tzinfo is not None:
        ends = ends.replace(tzinfo=starts.tzinfo)
    elif ends.tzinfo is not None and starts.tzinfo is None:
        ends = ends.replace(tzinfo=None)  # the wall-clock time as written
    end = _utc_or_floating(ends)
    return start, end if end > start else None


def _utc_or_floating(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is None else value.astimezone(dt.UTC)


def utc_stamp(value: Temporal, zone: dt.tzinfo = dt.UTC) -> dt.datetime:
    """DTSTAMP from an item's modified or date; naive values are in ``zone``."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str | None) -> str:
    """A summary's HTML as one line of plain text for DESCRIPTION."""
    if not html:
        return ""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
