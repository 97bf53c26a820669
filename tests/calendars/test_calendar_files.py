"""What a calendar app and a reader get from built sites: .ics files and event pages."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from tests.conftest import NORWAY_REPOSITORY, built_site
from tests.site.test_atomic_and_reproducible import tree_digest

DOMAIN = "chapterhouse.invalid"
EVENTS = {
    "chapters/oslo/events/open-meeting.md": """
        ---
        title: Åpent møte
        date: "2015-01-05"
        starts: "2015-02-04T19:00:00+01:00"
        ends: "2015-02-04T21:00:00+01:00"
        location: Kafé Hjertet, Oslo
        ---
        Velkommen til **åpent møte**.
    """,
    "chapters/oslo/events/summer-picnic.md": """
        ---
        title: Summer picnic
        date: "2014-05-01"
        starts: "2014-06-01"
        ---
        Bring food.
    """,
    "chapters/oslo/events/secret-plan.md": """
        ---
        title: Draft event
        date: "2014-12-01"
        starts: "2015-03-01"
        status: draft
        ---
        Not yet.
    """,
    "chapters/oslo/events/not-yet-announced.md": """
        ---
        title: Scheduled event
        date: "2015-02-01"
        starts: "2015-03-01"
        ---
        Announced in February.
    """,
    "chapters/bergen/chapter.yaml": """
        name: IOPS Bergen
        level: local
        parent: norway
        country: NO
        meetings:
          {frequency: monthly, day: tuesday, time: "18:00", timezone: Europe/Oslo}
    """,
    "chapters/bergen/events/joint-stall.md": """
        ---
        title: Joint stall at the book fair
        date: "2014-12-10"
        starts: "2015-01-20"
        chapters: [oslo]
        online: https://stream.example.org/stall
        ---
        A stall run by **Bergen** and Oslo.
    """,
    "content/events/congress.md": """
        ---
        title: International congress
        date: "2014-11-01"
        starts: "2015-06-01"
        ends: "2015-06-03"
        ---
        All chapters meet.
    """,
}


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    """The norway repository with EVENTS, built once; tests only read it."""
    return built_site(
        tmp_path_factory.mktemp("events"), {**NORWAY_REPOSITORY, **EVENTS}
    )


def calendar(site, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site.output / path).read_bytes())


def uids(cal: icalendar.Calendar) -> list[str]:
    return [str(event["UID"]) for event in cal.walk("VEVENT")]


def by_uid(cal: icalendar.Calendar, uid: str):
    return next(event for event in cal.walk("VEVENT") if str(event["UID"]) == uid)


def test_chapter_calendar_has_weekly_meetings_and_its_own_and_joint_events(events_site):
    cal = calendar(events_site, "chapters/oslo/calendar.ics")
    assert uids(cal) == [
        f"chapters/oslo/meetings@{DOMAIN}",
        f"chapters/oslo/events/summer-picnic@{DOMAIN}",
        f"chapters/bergen/events/joint-stall@{DOMAIN}",
        f"chapters/oslo/events/open-meeting@{DOMAIN}",
    ]
    meeting = by_uid(cal, f"chapters/oslo/meetings@{DOMAIN}")
    assert meeting["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=WE"
    assert meeting["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert meeting.decoded("DTSTART").strftime("%A %H:%M") == "Wednesday 19:00"
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Oslo"]
    assert str(cal["X-WR-CALNAME"]) == "IOPS Oslo"


def test_event_fields_come_from_the_front_matter(events_site):
    cal = calendar(events_site, "chapters/oslo/calendar.ics")
    event = by_uid(cal, f"chapters/oslo/events/open-meeting@{DOMAIN}")
    assert str(event["SUMMARY"]) == "Åpent møte"
    assert event.decoded("DTSTART") == dt.datetime(2015, 2, 4, 18, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2015, 2, 4, 20, tzinfo=dt.UTC)
    assert str(event["LOCATION"]) == "Kafé Hjertet, Oslo"
    assert (
        str(event["URL"]) == "http://localhost:8000/chapters/oslo/events/open-meeting/"
    )
    assert str(event["DESCRIPTION"]).startswith("Velkommen til åpent møte.")
    assert event.decoded("DTSTAMP") == dt.datetime(2015, 1, 5, tzinfo=dt.UTC)
    picnic = by_uid(cal, f"chapters/oslo/events/summer-picnic@{DOMAIN}")
    assert picnic.decoded("DTSTART") == dt.date(2014, 6, 1)
    assert "DTEND" not in picnic


def test_joint_event_is_in_both_chapters_calendars_with_one_uid(events_site):
    uid = f"chapters/bergen/events/joint-stall@{DOMAIN}"
    assert uid in uids(calendar(events_site, "chapters/oslo/calendar.ics"))
    assert uid in uids(calendar(events_site, "chapters/bergen/calendar.ics"))
    stall = by_uid(calendar(events_site, "chapters/bergen/calendar.ics"), uid)
    assert str(stall["LOCATION"]) == "https://stream.example.org/stall"


def test_monthly_meetings_without_a_week_are_described_in_words_not_guessed(
    events_site,
):
    cal = calendar(events_site, "chapters/bergen/calendar.ics")
    assert all("RRULE" not in event for event in cal.walk("VEVENT"))
    assert cal.timezones == []
    description = str(cal["X-WR-CALDESC"])
    assert "Meets once a month, on a Tuesday, at 18:00 (Oslo time)." in description
    assert "not said which Tuesday of the month" in description


def test_chapter_without_meetings_or_events_keeps_a_valid_calendar_with_a_note(
    events_site,
):
    cal = calendar(events_site, "chapters/norway/calendar.ics")
    assert uids(cal) == []
    assert str(cal["X-WR-CALNAME"]) == "IOPS Norway"
    [note] = cal.subcomponents
    assert note.name == "VJOURNAL"
    assert str(note["UID"]) == f"chapters/norway/calendar@{DOMAIN}"
    assert str(note["SUMMARY"]) == "IOPS Norway: nothing scheduled"


def test_site_calendar_has_every_event_and_no_meetings(events_site):
    cal = calendar(events_site, "calendar.ics")
    assert sorted(uids(cal)) == sorted(
        [
            f"chapters/oslo/events/open-meeting@{DOMAIN}",
            f"chapters/oslo/events/summer-picnic@{DOMAIN}",
            f"chapters/bergen/events/joint-stall@{DOMAIN}",
            f"events/congress@{DOMAIN}",
        ]
    )
    congress = by_uid(cal, f"events/congress@{DOMAIN}")
    assert congress.decoded("DTEND") == dt.date(2015, 6, 4)  # exclusive: through 3 June


def test_drafts_and_scheduled_events_are_in_no_calendar_or_listing(events_site):
    files = [
        *events_site.output.rglob("*.ics"),
        *events_site.output.rglob("events/index.html"),
    ]
    # three chapters and the site; one event.ics per published event; four listings
    assert len(files) == 3 + 1 + 4 + 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "secret-plan" not in text and "Draft event" not in text
        assert "not-yet-announced" not in text and "Scheduled event" not in text


def test_uid_survives_a_new_title_and_a_rebuild(events_site, tmp_path):
    uid = f"chapters/oslo/events/summer-picnic@{DOMAIN}"
    edited = events_site.copy(tmp_path / "repo")
    edited.write(
        {
            "chapters/oslo/events/summer-picnic.md": """
        ---
        title: Summer picnic in the park
        date: "2014-05-01"
        modified: "2014-05-20"
        starts: "2014-06-01"
        ---
        Bring food.
    """
        }
    )
    assert edited.build()[0] == 0
    event = by_uid(calendar(edited, "chapters/oslo/calendar.ics"), uid)
    assert str(event["SUMMARY"]) == "Summer picnic in the park"
    assert event.decoded("DTSTAMP") == dt.datetime(2014, 5, 20, tzinfo=dt.UTC)


def test_closed_chapter_meetings_end_on_the_closing_day(norway):
    norway.write(
        {
            "chapters/trondheim/chapter.yaml": """
        name: IOPS Trondheim
        level: local
        parent: norway
        country: NO
        founded: "2012-03"
        status: closed
        closed: "2014-06-30"
        meetings:
          frequency: fortnightly
          day: thursday
          time: "18:00"
          timezone: Europe/Oslo
    """
        }
    )
    assert norway.build()[0] == 0
    text = (norway.output / "chapters/trondheim/calendar.ics").read_text(
        encoding="utf-8"
    )
    assert (
        "RRULE:FREQ=WEEKLY;UNTIL=20140630T215959Z;INTERVAL=2;BYDAY=TH"
        in text.splitlines()
    )
    assert "DTSTART;TZID=Europe/Oslo:20120301T180000" in text.splitlines()


def test_meetings_start_at_the_first_item_when_founding_is_unknown(built_norway):
    cal = calendar(built_norway, "chapters/oslo/calendar.ics")
    meeting = by_uid(cal, f"chapters/oslo/meetings@{DOMAIN}")
    # Oslo has no 'founded'; its first post is dated Wednesday 1 October 2014.
    assert meeting.decoded("DTSTART").date() == dt.date(2014, 10, 1)


def test_two_builds_give_byte_identical_calendars(events_site, tmp_path):
    first, second = events_site.output, tmp_path / "two"
    assert events_site.build(output=second)[0] == 0
    calendars = {k: v for k, v in tree_digest(first).items() if k.endswith(".ics")}
    assert len(calendars) == 4 + 4  # and one event.ics per published event
    assert calendars == {
        k: v for k, v in tree_digest(second).items() if k.endswith(".ics")
    }


def test_text_is_escaped_so_that_it_reads_back_as_written():
    """A written backslash and N stays text: icalendar's own escaping reads it
    as a line break."""
    from plugins.calendars import ical

    event = icalendar.Event()
    event.add("location", ical._text("Room; 3, \\N Street"))
    event.add("summary", ical._text("Two\nlines"))
    calendar = icalendar.Calendar()
    calendar.add_component(event)
    [back] = icalendar.Calendar.from_ical(calendar.to_ical()).walk("VEVENT")
    assert str(back["location"]) == "Room; 3, \\N Street"
    assert str(back["summary"]) == "Two\nlines"
