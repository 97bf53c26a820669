"""Pure rules for calendars: what the calendar says of meetings, event times, UIDs."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..site.events import Temporal

if TYPE_CHECKING:
    from ..site.meetings import Schedule

GUESSED_WEEKS = (
    "The chapter has not said which weeks: they are counted from its founding, "
    "so check the dates with the chapter."
)


def meetings_note(schedule: Schedule) -> str:
    """What a chapter's calendar says about its regular meetings, and why they may be missing."""
    meetings = schedule.meetings
    if meetings is None:
        return "The chapter has not published regular meetings."
    sentence = schedule.sentence
    if schedule.closed is not None:
        if schedule.in_calendar:
            return f"{sentence} The meetings until then are in this calendar."
        return sentence
    if schedule.guessed:
        return f"{sentence} The regular meetings are in this calendar. {GUESSED_WEEKS}"
    if schedule.in_calendar:
        return f"{sentence} The regular meetings are in this calendar."
    if meetings.frequency == "irregular":
        return (
            f"{sentence} Each meeting is in this calendar "
            "when it is published as an event."
        )
    reason = {
        "day": "the chapter has not said on which day",
        "week": f"the chapter has not said which {(meetings.day or '').capitalize()} "
        "of the month",
        "since": "the chapter has not said in which months",
    }[schedule.missing or "day"]
    return (
        f"{sentence} These meetings are not in this calendar because {reason}; "
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
