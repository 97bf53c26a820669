"""Regular meetings as one Schedule: the calendar's recurrence, the sentence and the next meeting.

A chapter's ``meetings`` are read here once, and everything that shows them
(the chapter page, its calendar, the data export) takes them from the
Schedule, so the words a reader sees and the dates a calendar app shows
cannot disagree. Dates are computed in the chapter's own time zone; nothing
here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n.messages import Deferred, Message, contextual_message, message
from ..model.chapters import (
    MONTHLY_FREQUENCIES,
    WEEKDAYS,
    WEEKS,
    Meetings,
    weekday_in_month,
)
from ..model.formats import parse_partial_date
from .events import Temporal

BYDAY = {day: day[:2].upper() for day in WEEKDAYS}
WEEKS_BETWEEN = {"weekly": 1, "fortnightly": 2}
MONTHS_BETWEEN = dict(zip(MONTHLY_FREQUENCIES, (1, 2, 3), strict=True))
# How far ahead the next meeting is looked for: past one quarterly meeting.
HORIZON = dt.timedelta(days=400)


@dataclass(frozen=True)
class Schedule:
    """A chapter's regular meetings, as data, as an RRULE and in words.

    ``rule`` is None when the profile does not say on which dates the chapter
    meets (``missing`` names the field that would say it), for irregular
    meetings, and for a chapter closed before its first meeting. ``guessed``
    marks fortnightly meetings without ``since``: their weeks are counted
    from the founding date, so the calendar keeps them for its subscribers but
    no page states a date from them.
    """

    meetings: Meetings | None
    sentence: str
    start: Temporal | None = None  # DTSTART: aware, floating (naive) or all-day
    rule: dict[str, Any] | None = None  # RRULE parts, as icalendar's vRecur takes them
    duration: dt.timedelta | None = None
    closed: dt.date | None = None
    guessed: bool = False
    missing: str | None = None  # 'day', 'week' or 'since'

    @property
    def in_calendar(self) -> bool:
        return self.rule is not None

    @property
    def dates_known(self) -> bool:
        """The profile alone fixes every meeting's date."""
        return self.in_calendar and not self.guessed

    def days(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """Meeting days from ``first`` to ``last`` (both included), by plain arithmetic.

        This is the recurrence of ``rule`` computed without an iCalendar
        library, so tests can hold the two against each other.
        """
        if self.start is None or self.meetings is None:
            return
        begin = _day(self.start)
        if self.closed is not None:
            last = min(last, self.closed)
        first = max(first, begin)
        if first > last:
            return
        frequency = self.meetings.frequency
        if frequency in WEEKS_BETWEEN:
            step = 7 * WEEKS_BETWEEN[frequency]
            skipped = -(-(first - begin).days // step)  # ceiling: the first on or after
            day = begin + dt.timedelta(days=skipped * step)
            while day <= last:
                yield day
                day += dt.timedelta(days=step)
            return
        assert self.meetings.day is not None and self.meetings.week is not None
        interval = MONTHS_BETWEEN[frequency]
        month = begin.year * 12 + begin.month - 1
        while True:
            year, index = divmod(month, 12)
            day = weekday_in_month(
                year, index + 1, self.meetings.day, WEEKS[self.meetings.week]
            )
            if day > last:
                return
            if day >= first:
                yield day
            month += interval

    def at(self, day: dt.date) -> Temporal:
        """The meeting on ``day`` with its local start time (in the chapter's zone)."""
        if not isinstance(self.start, dt.datetime):
            return day
        return dt.datetime.combine(day, self.start.timetz())

    def next_meeting(self, build_date: dt.date) -> Temporal | None:
        """The first meeting on or after the build date, in the chapter's own zone.

        None for closed chapters, irregular meetings, and wherever the
        profile does not fix the dates.
        """
        if not self.dates_known or self.closed is not None:
            return None
        assert self.start is not None
        first = max(build_date, _day(self.start))  # a series may begin later
        for day in self.days(first, first + HORIZON):
            return self.at(day)
        return None


def meetings_since(
    founded: str | None, earliest_item: dt.date | None, fallback: dt.date
) -> dt.date:
    """Where the first meeting is looked for without ``since``: founding, first item, a fixed date."""
    if founded:
        return parse_partial_date(founded)
    if earliest_item is not None:
        return earliest_item
    return fallback


def meeting_schedule(
    meetings: Meetings | None,
    search_from: dt.date,
    closed: dt.date | None = None,
    minutes: int = 120,
) -> Schedule:
    """The one function that reads ``meetings``: rule, first meeting and sentence.

    ``search_from`` (see ``meetings_since``) is where the first meeting is
    looked for when ``since`` does not give it; ``closed`` is the day a closed
    chapter closed; ``minutes`` the length of one meeting.
    """
    sentence = meetings_sentence(meetings, closed)
    if meetings is None or meetings.frequency == "irregular":
        return Schedule(meetings, sentence, closed=closed)
    if meetings.day is None:
        return Schedule(meetings, sentence, closed=closed, missing="day")
    since = meetings.since
    rule: dict[str, Any]
    if meetings.frequency in WEEKS_BETWEEN:
        first = since or first_weekday_on_or_after(search_from, meetings.day)
        rule = {"FREQ": "WEEKLY"}
        if WEEKS_BETWEEN[meetings.frequency] > 1:
            rule["INTERVAL"] = WEEKS_BETWEEN[meetings.frequency]
        rule["BYDAY"] = BYDAY[meetings.day]
        guessed = since is None and meetings.frequency == "fortnightly"
    else:
        if meetings.week is None:
            return Schedule(meetings, sentence, closed=closed, missing="week")
        interval = MONTHS_BETWEEN[meetings.frequency]
        if interval > 1 and since is None:
            # Which months is not said: a guess would be wrong two times in three.
            return Schedule(meetings, sentence, closed=closed, missing="since")
        first = since or _first_in_a_month_on_or_after(
            search_from, meetings.day, WEEKS[meetings.week]
        )
        rule = {"FREQ": "MONTHLY"}
        if interval > 1:
            rule["INTERVAL"] = interval
        rule["BYDAY"] = f"{WEEKS[meetings.week]}{BYDAY[meetings.day]}"
        guessed = False
    if closed is not None and closed < first:
        return Schedule(meetings, sentence, closed=closed)
    start: Temporal = first
    duration = None
    if meetings.time:
        hour, minute = (int(part) for part in meetings.time.split(":"))
        zone = ZoneInfo(meetings.timezone) if meetings.timezone else None
        start = dt.datetime.combine(first, dt.time(hour, minute), tzinfo=zone)
        duration = dt.timedelta(minutes=minutes) if minutes else None
    if closed is not None:
        rule["UNTIL"] = _until(start, closed)
    return Schedule(
        meetings,
        sentence,
        start=start,
        rule=rule,
        duration=duration,
        closed=closed,
        guessed=guessed,
    )


def first_weekday_on_or_after(since: dt.date, day: str) -> dt.date:
    """The first Monday..Sunday named ``day`` on or after ``since``."""
    return since + dt.timedelta(days=(WEEKDAYS.index(day) - since.weekday()) % 7)


def _first_in_a_month_on_or_after(since: dt.date, day: str, week: int) -> dt.date:
    candidate = weekday_in_month(since.year, since.month, day, week)
    if candidate >= since:
        return candidate
    year, month = divmod(since.year * 12 + since.month, 12)
    return weekday_in_month(year, month + 1, day, week)


def _until(start: Temporal, closed: dt.date) -> Temporal:
    """The end of the closed day, in the value type RFC 5545 asks for."""
    if not isinstance(start, dt.datetime):
        return closed
    end_of_day = dt.datetime.combine(closed, dt.time(23, 59, 59), tzinfo=start.tzinfo)
    if start.tzinfo is None:
        return end_of_day
    return end_of_day.astimezone(dt.UTC)


def _day(value: Temporal) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def zone_words(timezone: str) -> str:
    """'London time' for Europe/London, 'New York time' for America/New_York.

    The place is named in the page's language: 'Ortszeit Wien' for Europe/Vienna.

    Zones that name no place (UTC, Etc/GMT+5) are shown as written.
    """
    if "/" not in timezone or timezone.startswith("Etc/"):
        return timezone

    def localise(lang: str) -> str:
        from .words import zone_city

        return zone_city(timezone, lang)

    return message("{place} time", place=Deferred(localise))


def time_words(meetings: Meetings) -> str:
    """'19:00 (London time)', '19:00' in floating time, '' without a time."""
    if not meetings.time:
        return ""
    if meetings.timezone:
        zone = zone_words(meetings.timezone)
        return message("{time} ({zone})", time=meetings.time, zone=zone)
    return meetings.time


def _weekday(day: str) -> Deferred:
    """'Tuesday', 'tirsdag', 'Dienstag': a weekday in the language of the page."""
    index = WEEKDAYS.index(day)

    def localise(lang: str) -> str:
        from .words import weekday_name

        return weekday_name(index, lang)

    return Deferred(localise)


def _months_of(since: dt.date, interval: int) -> Deferred:
    """'January, April, July and October': the months a series starting at ``since`` meets in."""
    months = sorted({(since.month - 1 + k) % 12 + 1 for k in range(0, 12, interval)})

    def localise(lang: str) -> str:
        from .words import month_list

        return month_list(months, lang)

    return Deferred(localise)


# The week of the month, as it stands in 'on the first Tuesday of every month'.
WEEK_WORDS = {
    "first": contextual_message("week of the month", "first"),
    "second": contextual_message("week of the month", "second"),
    "third": contextual_message("week of the month", "third"),
    "fourth": contextual_message("week of the month", "fourth"),
    "last": contextual_message("week of the month", "last"),
}


def when_words(meetings: Meetings) -> Message:
    """The dates of the meetings in words, exactly as precise as the profile."""
    frequency, day = meetings.frequency, meetings.day
    name = _weekday(day) if day else ""
    if frequency == "irregular":
        return message("irregularly")
    if frequency == "weekly":
        return message("every {day}", day=name) if day else message("every week")
    if frequency == "fortnightly":
        if day:
            return message("every other {day}", day=name)
        return message("every other week")
    interval = MONTHS_BETWEEN[frequency]
    if day and meetings.week:
        week = WEEK_WORDS[meetings.week]
        if interval > 1 and meetings.since:
            months = _months_of(meetings.since, interval)
            return message(
                "on the {week} {day} of {months}", week=week, day=name, months=months
            )
        if interval == 1:
            return message("on the {week} {day} of every month", week=week, day=name)
        if interval == 2:
            return message(
                "on the {week} {day} of every other month", week=week, day=name
            )
        return message("on the {week} {day} of every third month", week=week, day=name)
    if interval == 1:
        return (
            message("once a month, on a {day}", day=name)
            if day
            else message("once a month")
        )
    if interval == 2:
        if day:
            return message("once every two months, on a {day}", day=name)
        return message("once every two months")
    if day:
        return message("once every three months, on a {day}", day=name)
    return message("once every three months")


def meetings_sentence(meetings: Meetings | None, closed: dt.date | None = None) -> str:
    """'Meets on the first Tuesday of every month at 19:00 (London time).'

    A closed chapter's sentence is in the past and names the day it closed.
    """
    if meetings is None:
        return ""
    if closed is not None:
        closed = _long_date(closed)
    when = when_words(meetings)
    time = time_words(meetings)
    # "once a month, on a Tuesday, at 19:00"; "irregularly, at 19:00"
    separated = when.startswith(("once", "irregularly"))
    if closed is None:
        if not time:
            return message("Meets {when}.", when=when)
        if separated:
            return message("Meets {when}, at {time}.", when=when, time=time)
        return message("Meets {when} at {time}.", when=when, time=time)
    if not time:
        return message(
            "Met {when} until the chapter closed on {closed}.", when=when, closed=closed
        )
    if separated:
        return message(
            "Met {when}, at {time} until the chapter closed on {closed}.",
            when=when,
            time=time,
            closed=closed,
        )
    return message(
        "Met {when} at {time} until the chapter closed on {closed}.",
        when=when,
        time=time,
        closed=closed,
    )


def _long_date(day: dt.date) -> Deferred:
    def localise(lang: str) -> str:
        from .words import long_date

        return long_date(day, lang)

    return Deferred(localise)
