"""Meetings as a recurrence, event times, UIDs and listings, without a build."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
import pytest

from plugins.calendars import ical
from plugins.calendars.ical import CalendarEvent, CalendarNote, calendar_bytes
from plugins.calendars.recurrence import (
    event_times,
    event_uid,
    meetings_note,
    meetings_uid,
    plain_text,
    utc_stamp,
)
from plugins.calendars.settings import calendars_settings
from plugins.model.chapters import Meetings
from plugins.site.events import event_lists, is_upcoming
from plugins.site.meetings import (
    first_weekday_on_or_after,
    meeting_schedule,
    meetings_since,
)

SINCE = dt.date(2014, 1, 1)  # a Wednesday
STAMP = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
OSLO = ZoneInfo("Europe/Oslo")


def ics_of(schedule, uid="chapters/oslo/meetings@example.org") -> str:
    event = CalendarEvent(
        uid=uid,
        summary="Oslo meeting",
        start=schedule.start,
        duration=schedule.duration,
        rule=schedule.rule,
        stamp=STAMP,
    )
    return calendar_bytes("IOPS Oslo", "", [event]).decode()


def test_weekly_wednesday_evening_in_oslo_is_one_weekly_rule_with_its_time_zone():
    meetings = Meetings("weekly", day="wednesday", time="19:00", timezone="Europe/Oslo")
    text = ics_of(meeting_schedule(meetings, SINCE))
    lines = text.splitlines()
    assert "RRULE:FREQ=WEEKLY;BYDAY=WE" in lines
    assert "DTSTART;TZID=Europe/Oslo:20140101T190000" in lines
    assert "DURATION:PT2H" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Oslo" in lines
    assert text.count("BEGIN:VEVENT") == 1
    assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")


def test_fortnightly_meetings_repeat_every_second_week():
    meetings = Meetings(
        "fortnightly", day="thursday", time="18:30", timezone="Europe/London"
    )
    schedule = meeting_schedule(meetings, SINCE)
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" in ics_of(schedule).splitlines()
    assert schedule.start == dt.datetime(
        2014, 1, 2, 18, 30, tzinfo=ZoneInfo("Europe/London")
    )


def test_fortnightly_meetings_without_since_are_counted_from_founding_and_marked_guessed():
    meetings = Meetings("fortnightly", day="thursday")
    schedule = meeting_schedule(meetings, SINCE)
    assert schedule.in_calendar and schedule.guessed
    assert schedule.next_meeting(dt.date(2015, 1, 15)) is None
    fixed = meeting_schedule(
        Meetings("fortnightly", day="thursday", since=dt.date(2014, 1, 9)), SINCE
    )
    assert not fixed.guessed and fixed.start == dt.date(2014, 1, 9)
    assert fixed.next_meeting(dt.date(2015, 1, 15)) == dt.date(2015, 1, 22)


@pytest.mark.parametrize(
    ("meetings", "rule", "start"),
    [
        (
            Meetings("monthly", day="tuesday", week="first"),
            "FREQ=MONTHLY;BYDAY=1TU",
            dt.date(2014, 1, 7),
        ),
        (
            Meetings("monthly", day="friday", week="last"),
            "FREQ=MONTHLY;BYDAY=-1FR",
            dt.date(2014, 1, 31),
        ),
        (
            Meetings("monthly", day="wednesday", week="first"),
            "FREQ=MONTHLY;BYDAY=1WE",
            dt.date(2014, 1, 1),  # the search day itself
        ),
        (
            Meetings(
                "bimonthly", day="saturday", week="second", since=dt.date(2014, 3, 8)
            ),
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2SA",
            dt.date(2014, 3, 8),
        ),
        (
            Meetings(
                "quarterly", day="monday", week="fourth", since=dt.date(2014, 2, 24)
            ),
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=4MO",
            dt.date(2014, 2, 24),
        ),
    ],
)
def test_monthly_and_longer_meetings_with_a_week_recur_by_weekday_of_the_month(
    meetings, rule, start
):
    schedule = meeting_schedule(meetings, SINCE)
    assert icalendar.vRecur(schedule.rule).to_ical().decode() == rule
    assert schedule.start == start


@pytest.mark.parametrize(
    ("meetings", "missing"),
    [
        (Meetings("monthly", day="wednesday", time="19:00"), "week"),
        (Meetings("bimonthly", day="wednesday", week="first"), "since"),
        (Meetings("quarterly", day="wednesday"), "week"),
        (Meetings("weekly", time="19:00"), "day"),
        (Meetings("irregular", time="19:00"), None),
        (None, None),
    ],
)
def test_meetings_without_known_dates_get_no_recurrence(meetings, missing):
    schedule = meeting_schedule(meetings, SINCE)
    assert schedule.rule is None and schedule.start is None
    assert schedule.missing == missing
    assert schedule.next_meeting(dt.date(2015, 1, 15)) is None


def test_closed_chapter_meets_until_the_end_of_its_closing_day():
    meetings = Meetings("weekly", day="wednesday", time="19:00", timezone="Europe/Oslo")
    schedule = meeting_schedule(meetings, SINCE, closed=dt.date(2014, 6, 30))
    assert schedule.rule["UNTIL"] == dt.datetime(2014, 6, 30, 21, 59, 59, tzinfo=dt.UTC)
    assert (
        "RRULE:FREQ=WEEKLY;UNTIL=20140630T215959Z;BYDAY=WE"
        in ics_of(schedule).splitlines()
    )
    assert schedule.next_meeting(dt.date(2014, 1, 15)) is None  # closed: none shown


def test_chapter_closed_before_its_first_meeting_has_no_recurrence():
    meetings = Meetings("weekly", day="friday")
    assert meeting_schedule(meetings, SINCE, closed=dt.date(2014, 1, 2)).rule is None


def test_meetings_without_time_are_all_day_and_until_is_a_date():
    meetings = Meetings("weekly", day="saturday")
    schedule = meeting_schedule(meetings, SINCE, closed=dt.date(2014, 3, 1))
    lines = ics_of(schedule).splitlines()
    assert "DTSTART;VALUE=DATE:20140104" in lines
    assert "RRULE:FREQ=WEEKLY;UNTIL=20140301;BYDAY=SA" in lines
    assert not any(line.startswith(("DURATION", "DTEND")) for line in lines)


def test_meetings_without_time_zone_are_in_floating_local_time():
    schedule = meeting_schedule(Meetings("weekly", day="monday", time="18:00"), SINCE)
    lines = ics_of(schedule).splitlines()
    assert "DTSTART:20140106T180000" in lines
    assert "BEGIN:VTIMEZONE" not in lines


@pytest.mark.parametrize(
    ("since", "day", "expected"),
    [
        (dt.date(2014, 1, 1), "wednesday", dt.date(2014, 1, 1)),  # the same day
        (
            dt.date(2014, 1, 1),
            "tuesday",
            dt.date(2014, 1, 7),
        ),  # the day before: next week
        (dt.date(2014, 1, 5), "monday", dt.date(2014, 1, 6)),  # Sunday to Monday
    ],
)
def test_first_meeting_is_the_first_matching_day_on_or_after(since, day, expected):
    assert first_weekday_on_or_after(since, day) == expected


def test_meetings_start_from_founding_else_first_item_else_the_fixed_date():
    fallback = dt.date(2000, 1, 1)
    assert meetings_since("2012-02", dt.date(2013, 5, 5), fallback) == dt.date(
        2012, 2, 1
    )
    assert meetings_since("2012", None, fallback) == dt.date(2012, 1, 1)
    assert meetings_since(None, dt.date(2013, 5, 5), fallback) == dt.date(2013, 5, 5)
    assert meetings_since(None, None, fallback) == fallback


def test_calendar_description_says_why_monthly_meetings_are_missing():
    note = meetings_note(meeting_schedule(Meetings("monthly", day="tuesday"), SINCE))
    assert note.startswith(
        "Meets once a month, on a Tuesday. These meetings are not in this calendar"
    )
    assert "which Tuesday of the month" in note
    weekly = meetings_note(meeting_schedule(Meetings("weekly", day="monday"), SINCE))
    assert weekly == "Meets every Monday. The regular meetings are in this calendar."
    no_day = meetings_note(meeting_schedule(Meetings("weekly"), SINCE))
    assert "not said on which day" in no_day
    bimonthly = meetings_note(
        meeting_schedule(Meetings("bimonthly", day="monday", week="first"), SINCE)
    )
    assert "not said in which months" in bimonthly
    guessed = meetings_note(
        meeting_schedule(Meetings("fortnightly", day="monday"), SINCE)
    )
    assert "counted from its founding" in guessed


def test_calendar_with_nothing_scheduled_holds_a_note_instead_of_nothing():
    note = CalendarNote(
        uid="chapters/oslo/calendar@example.org",
        summary="IOPS Oslo: nothing scheduled",
        stamp=STAMP,
        description="No meetings or events yet.",
    )
    parsed = icalendar.Calendar.from_ical(calendar_bytes("IOPS Oslo", "", [], note))
    assert [c.name for c in parsed.subcomponents] == ["VJOURNAL"]
    assert str(parsed.subcomponents[0]["SUMMARY"]) == "IOPS Oslo: nothing scheduled"
    event = CalendarEvent(
        uid="a@x", summary="A", start=dt.date(2015, 2, 2), stamp=STAMP
    )
    with_event = icalendar.Calendar.from_ical(
        calendar_bytes("IOPS Oslo", "", [event], note)
    )
    assert [c.name for c in with_event.subcomponents] == ["VEVENT"]


def test_uids_are_the_page_path_at_the_domain():
    assert event_uid("chapters/oslo/events/spring-fair/", "iops.example.org") == (
        "chapters/oslo/events/spring-fair@iops.example.org"
    )
    assert event_uid("events/congress/", "x.invalid") == "events/congress@x.invalid"
    assert meetings_uid("oslo", "x.invalid") == "chapters/oslo/meetings@x.invalid"


def test_settings_defaults_and_overrides():
    assert calendars_settings({}).meeting_minutes == 120
    settings = calendars_settings(
        {"CALENDARS_MEETING_MINUTES": 90, "CALENDARS_UPCOMING_ON_CHAPTER": 5}
    )
    assert (settings.meeting_minutes, settings.upcoming_on_chapter) == (90, 5)


def test_bad_settings_are_reported_together():
    with pytest.raises(ValueError, match=r"MEETING_MINUTES.*MEETINGS_SINCE"):
        calendars_settings(
            {"CALENDARS_MEETING_MINUTES": -1, "CALENDARS_MEETINGS_SINCE": "soon"}
        )


@pytest.mark.parametrize(
    ("starts", "ends", "dtstart", "dtend"),
    [
        # a day: all-day, DTEND is exclusive
        (dt.date(2015, 2, 1), None, dt.date(2015, 2, 1), None),
        (
            dt.date(2015, 2, 1),
            dt.date(2015, 2, 3),
            dt.date(2015, 2, 1),
            dt.date(2015, 2, 4),
        ),
        # with an offset: UTC
        (
            dt.datetime(2015, 2, 4, 19, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            dt.datetime(2015, 2, 4, 21, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            dt.datetime(2015, 2, 4, 18, tzinfo=dt.UTC),
            dt.datetime(2015, 2, 4, 20, tzinfo=dt.UTC),
        ),
        # without: floating
        (dt.datetime(2015, 2, 4, 19), None, dt.datetime(2015, 2, 4, 19), None),
        # a time that ends on a day: until the end of that day
        (
            dt.datetime(2015, 2, 4, 19),
            dt.date(2015, 2, 5),
            dt.datetime(2015, 2, 4, 19),
            dt.datetime(2015, 2, 6),
        ),
    ],
)
def test_event_times(starts, ends, dtstart, dtend):
    assert event_times(starts, ends) == (dtstart, dtend)


def test_stamp_is_utc_from_the_items_own_dates():
    assert utc_stamp(dt.datetime(2014, 5, 20)) == dt.datetime(
        2014, 5, 20, tzinfo=dt.UTC
    )
    assert utc_stamp(dt.date(2014, 5, 20), OSLO) == dt.datetime(
        2014, 5, 19, 22, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("starts", "ends", "upcoming"),
    [
        (dt.date(2015, 1, 15), None, True),  # on the build date
        (dt.date(2015, 1, 14), None, False),  # the day before
        (
            dt.datetime(2015, 1, 15, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            None,
            True,
        ),
        (dt.date(2015, 1, 10), dt.date(2015, 1, 15), True),  # still going on
        (dt.date(2015, 1, 10), dt.date(2015, 1, 14), False),
    ],
)
def test_upcoming_until_the_last_day_has_passed(starts, ends, upcoming):
    assert is_upcoming(starts, ends, dt.date(2015, 1, 15)) is upcoming


def content(path, starts, chapter=None, joint=(), kind="events", ends=None):
    """A model item, as far as event lists look at it."""
    return SimpleNamespace(
        kind=kind,
        chapter=chapter,
        chapters=tuple(joint),
        path=path,
        starts=starts,
        ends=ends,
    )


def test_event_lists_split_by_build_date_and_include_joint_events():
    d = dt.date
    events = [
        content("a", d(2015, 3, 1), "oslo"),
        content("b", d(2015, 1, 20), "bergen", joint=["oslo"]),
        content("c", d(2014, 6, 1), "oslo"),
        content("d", d(2014, 12, 1), None, joint=["bergen"]),
        content("e", None, "oslo", kind="posts"),
    ]
    everything, by_chapter = event_lists(
        events, ["oslo", "bergen", "trondheim"], d(2015, 1, 15)
    )
    paths = lambda group: [item.path for item in group]  # noqa: E731
    assert paths(everything.upcoming) == ["b", "a"]
    assert paths(everything.past) == ["d", "c"]
    assert paths(by_chapter["oslo"].upcoming) == ["b", "a"]
    assert paths(by_chapter["oslo"].past) == ["c"]
    assert paths(by_chapter["bergen"].all) == ["b", "d"]
    assert by_chapter["trondheim"].all == []


def test_summary_html_becomes_one_line_of_text():
    assert (
        plain_text("<p>Tea &amp; <strong>talk</strong>\n at six</p>")
        == "Tea & talk at six"
    )
    assert plain_text(None) == ""


def test_calendar_with_events_round_trips_through_icalendar():
    events = [
        CalendarEvent(
            uid="b@x", summary="Later", start=dt.date(2015, 2, 2), stamp=STAMP
        ),
        CalendarEvent(
            uid="a@x",
            summary="Sooner; with, commas",
            stamp=STAMP,
            start=dt.datetime(2015, 2, 1, 18, tzinfo=dt.UTC),
            end=dt.datetime(2015, 2, 1, 20, tzinfo=dt.UTC),
            location="Café, Oslo",
        ),
    ]
    parsed = icalendar.Calendar.from_ical(calendar_bytes("Test", "Words", events))
    assert [str(e["UID"]) for e in parsed.walk("VEVENT")] == ["a@x", "b@x"]
    first = parsed.walk("VEVENT")[0]
    assert str(first["SUMMARY"]) == "Sooner; with, commas"
    assert str(first["LOCATION"]) == "Café, Oslo"
    assert str(parsed["X-WR-CALDESC"]) == "Words"


def test_calendars_in_one_zone_share_its_time_zone_made_once(monkeypatch):
    made = []
    from_tzid = icalendar.Timezone.from_tzid
    monkeypatch.setattr(
        icalendar.Timezone,
        "from_tzid",
        lambda *args, **kw: made.append(args[0]) or from_tzid(*args, **kw),
    )
    ical._timezone.cache_clear()  # whatever this process made before
    meetings = Meetings("weekly", day="monday", time="18:00", timezone="Asia/Tbilisi")
    since = dt.date(2003, 6, 2)
    first = ics_of(meeting_schedule(meetings, since), uid="a@example.org")
    second = ics_of(meeting_schedule(meetings, since), uid="b@example.org")
    assert made == ["Asia/Tbilisi"]
    zone = first[first.index("BEGIN:VTIMEZONE") : first.index("END:VTIMEZONE")]
    assert "TZID:Asia/Tbilisi" in zone and zone in second
    assert icalendar.Calendar.from_ical(second).walk("VTIMEZONE")[0]["TZID"] == (
        "Asia/Tbilisi"
    )
