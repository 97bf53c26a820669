"""One Schedule per chapter: the sentence, the recurrence and the next meeting agree."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from plugins.calendars.ical import CalendarEvent, calendar_bytes
from plugins.model.chapters import Meetings
from plugins.site.meetings import meeting_schedule, meetings_sentence

FOUNDED = dt.date(2013, 1, 1)
STAMP = dt.datetime(2013, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("meetings", "sentence"),
    [
        (
            Meetings("weekly", day="wednesday", time="19:00", timezone="Europe/Oslo"),
            "Meets every Wednesday at 19:00 (Oslo time).",
        ),
        (Meetings("fortnightly", day="wednesday"), "Meets every other Wednesday."),
        (
            Meetings(
                "monthly",
                day="tuesday",
                week="first",
                time="19:00",
                timezone="Europe/London",
            ),
            "Meets on the first Tuesday of every month at 19:00 (London time).",
        ),
        (
            Meetings(
                "monthly",
                day="friday",
                week="last",
                time="18:30",
                timezone="America/New_York",
            ),
            "Meets on the last Friday of every month at 18:30 (New York time).",
        ),
        (
            Meetings("monthly", day="tuesday", time="19:00", timezone="Europe/London"),
            "Meets once a month, on a Tuesday, at 19:00 (London time).",
        ),
        (
            Meetings(
                "bimonthly",
                day="saturday",
                week="second",
                since=dt.date(2015, 3, 14),
                time="11:00",
            ),
            "Meets on the second Saturday of January, March, May, July, September "
            "and November at 11:00.",
        ),
        (
            Meetings("quarterly", day="monday", week="fourth"),
            "Meets on the fourth Monday of every third month.",
        ),
        (
            Meetings(
                "quarterly", day="monday", week="fourth", since=dt.date(2015, 2, 23)
            ),
            "Meets on the fourth Monday of February, May, August and November.",
        ),
        (
            Meetings("bimonthly", day="sunday"),
            "Meets once every two months, on a Sunday.",
        ),
        (Meetings("quarterly"), "Meets once every three months."),
        (Meetings("weekly"), "Meets every week."),
        (Meetings("irregular", day="monday"), "Meets irregularly."),
        (
            Meetings("irregular", time="19:00", timezone="Europe/London"),
            "Meets irregularly, at 19:00 (London time).",
        ),
        (
            Meetings("weekly", day="monday", time="18:00"),
            "Meets every Monday at 18:00.",
        ),
        (
            Meetings("monthly", day="sunday", week="second", timezone="Etc/UTC"),
            "Meets on the second Sunday of every month.",
        ),
        (
            Meetings("weekly", day="sunday", time="20:00", timezone="Etc/UTC"),
            "Meets every Sunday at 20:00 (Etc/UTC).",
        ),
        (
            Meetings(
                "weekly",
                day="sunday",
                time="20:00",
                timezone="America/Argentina/Buenos_Aires",
            ),
            "Meets every Sunday at 20:00 (Buenos Aires time).",
        ),
        (None, ""),
    ],
)
def test_the_sentence_says_exactly_what_the_profile_says(meetings, sentence):
    assert meetings_sentence(meetings) == sentence
    assert meeting_schedule(meetings, FOUNDED).sentence == sentence


def test_a_closed_chapter_met_until_the_day_it_closed():
    meetings = Meetings(
        "fortnightly", day="thursday", time="18:00", timezone="Europe/Oslo"
    )
    assert meetings_sentence(meetings, dt.date(2014, 6, 30)) == (
        "Met every other Thursday at 18:00 (Oslo time) until the chapter closed "
        "on 30 June 2014."
    )


# --- The sentence against the recurrence, occurrence by occurrence ---------------

ZONES = {"London": "Europe/London", "New York": "America/New_York"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
SENTENCE = re.compile(
    r"Meets (?:every (?P<other>other )?(?P<weekday>\w+day)"
    r"|on the (?P<ordinal>\w+) (?P<month_weekday>\w+day) of (?P<months>.+?))"
    r" at (?P<time>\d\d:\d\d) \((?P<place>[\w ]+) time\)\.\Z"
)


def read_sentence(sentence: str) -> dict:
    """What a reader takes from the sentence, independently of how it was made."""
    match = SENTENCE.match(sentence)
    assert match, sentence
    months = match["months"]
    if months is None or months == "every month":
        in_months = set(range(1, 13))
    else:
        in_months = {MONTHS.index(name) + 1 for name in re.split(r", | and ", months)}
    return {
        "weekday": WEEKDAYS.index(match["weekday"] or match["month_weekday"]),
        "ordinal": ORDINALS.get(match["ordinal"] or ""),
        "fortnightly": bool(match["other"]),
        "months": in_months,
        "time": dt.time.fromisoformat(match["time"]),
        "zone": ZONES[match["place"]],
    }


def ordinal_of(day: dt.date, ordinal: int) -> bool:
    if ordinal > 0:
        return (day.day - 1) // 7 + 1 == ordinal
    return (day + dt.timedelta(days=7)).month != day.month


def days_the_sentence_means(meaning: dict, year: int, first: dt.date) -> list[dt.date]:
    """Every day of ``year`` the sentence names; fortnights counted from ``first``."""
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        if (
            day.weekday() == meaning["weekday"]
            and day.month in meaning["months"]
            and (meaning["ordinal"] is None or ordinal_of(day, meaning["ordinal"]))
            and (not meaning["fortnightly"] or (day - first).days % 14 == 0)
        ):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


SERIES = [
    Meetings(
        "monthly", day="tuesday", week="first", time="19:00", timezone="Europe/London"
    ),
    Meetings(
        "monthly", day="friday", week="last", time="18:30", timezone="America/New_York"
    ),
    Meetings(
        "fortnightly",
        day="wednesday",
        since=dt.date(2015, 1, 7),
        time="19:00",
        timezone="Europe/London",
    ),
    Meetings(
        "bimonthly",
        day="saturday",
        week="second",
        since=dt.date(2015, 1, 10),
        time="11:00",
        timezone="America/New_York",
    ),
    Meetings(
        "quarterly",
        day="sunday",
        week="last",
        since=dt.date(2014, 10, 26),  # the day the clocks went back in London
        time="01:30",
        timezone="Europe/London",
    ),
    # 01:30 does not exist on 29 March 2015 in London, and happens twice on 25 October.
    Meetings("weekly", day="sunday", time="01:30", timezone="Europe/London"),
]


@pytest.mark.parametrize("meetings", SERIES, ids=lambda m: f"{m.frequency}-{m.day}")
def test_sentence_and_recurrence_agree_on_every_meeting_of_a_year_across_dst(meetings):
    schedule = meeting_schedule(meetings, FOUNDED)
    event = CalendarEvent(
        uid="chapters/x/meetings@example.org",
        summary="Meeting",
        start=schedule.start,
        duration=schedule.duration,
        rule=schedule.rule,
        stamp=STAMP,
    )
    calendar = icalendar.Calendar.from_ical(calendar_bytes("X", "", [event]))
    occurrences = [
        o["DTSTART"].dt
        for o in recurring_ical_events.of(calendar).between(
            dt.date(2015, 1, 1), dt.date(2016, 1, 1)
        )
    ]
    meaning = read_sentence(schedule.sentence)
    days = [o.date() for o in occurrences]
    assert days == days_the_sentence_means(meaning, 2015, days[0])
    zone = ZoneInfo(meaning["zone"])
    for occurrence in occurrences:
        local = occurrence.astimezone(zone)
        assert local.date() == occurrence.date()
        # The wall-clock time of the sentence, except in the hour that does not exist.
        assert (
            local.time() == meaning["time"]
            or local.utcoffset() != (local - dt.timedelta(hours=2)).utcoffset()
        )
    # Summer and winter time both occur: the series crosses the DST changes.
    assert len({o.utcoffset() for o in occurrences}) == 2
    # Our own arithmetic, behind the next meeting, agrees with the library.
    assert list(schedule.days(dt.date(2015, 1, 1), dt.date(2015, 12, 31))) == days


@pytest.mark.parametrize(
    ("build_date", "expected"),
    [
        ("2015-01-06", dt.datetime(2015, 1, 6, 19)),  # the meeting day itself
        ("2015-01-07", dt.datetime(2015, 2, 3, 19)),
        ("2015-03-04", dt.datetime(2015, 4, 7, 19)),  # after the clocks changed
        ("2014-12-31", dt.datetime(2015, 1, 6, 19)),
    ],
)
def test_next_meeting_is_the_first_on_or_after_the_build_date_in_local_time(
    build_date, expected
):
    london = ZoneInfo("Europe/London")
    schedule = meeting_schedule(
        Meetings(
            "monthly",
            day="tuesday",
            week="first",
            time="19:00",
            timezone="Europe/London",
        ),
        FOUNDED,
    )
    found = schedule.next_meeting(dt.date.fromisoformat(build_date))
    assert found == expected.replace(tzinfo=london)
    assert found.tzinfo.key == "Europe/London"


def test_next_meeting_of_a_series_that_has_not_begun_is_its_first():
    schedule = meeting_schedule(
        Meetings("fortnightly", day="monday", since=dt.date(2015, 3, 2)), FOUNDED
    )
    assert schedule.next_meeting(dt.date(2015, 1, 15)) == dt.date(2015, 3, 2)
    assert schedule.next_meeting(dt.date(2015, 3, 3)) == dt.date(2015, 3, 16)
    later = meeting_schedule(
        Meetings("weekly", day="monday", since=dt.date(2017, 1, 2)), FOUNDED
    )
    assert later.next_meeting(dt.date(2015, 1, 15)) == dt.date(2017, 1, 2)


def test_last_weekday_of_the_month_is_the_fifth_where_there_is_one():
    schedule = meeting_schedule(Meetings("monthly", day="friday", week="last"), FOUNDED)
    assert list(schedule.days(dt.date(2015, 1, 1), dt.date(2015, 3, 31))) == [
        dt.date(2015, 1, 30),  # the fifth Friday
        dt.date(2015, 2, 27),  # the fourth
        dt.date(2015, 3, 27),
    ]


@pytest.mark.parametrize(
    ("meetings", "closed"),
    [
        (Meetings("weekly", day="monday"), dt.date(2015, 1, 1)),  # closed chapter
        (Meetings("irregular"), None),
        (Meetings("monthly", day="monday"), None),  # which Monday: unknown
        (Meetings("fortnightly", day="monday"), None),  # which weeks: guessed
    ],
)
def test_no_next_meeting_where_the_dates_are_not_known(meetings, closed):
    schedule = meeting_schedule(meetings, FOUNDED, closed=closed)
    assert schedule.next_meeting(dt.date(2014, 12, 1)) is None
