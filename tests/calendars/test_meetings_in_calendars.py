"""Regular meetings as calendar apps, readers and the data export see them (issue 13)."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from tests.conftest import Site

DOMAIN = "chapterhouse.invalid"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

MEETINGS = {
    "chapters/uk/chapter.yaml": """
        name: IOPS UK
        level: national
        country: GB
    """,
    "chapters/london/chapter.yaml": """
        name: IOPS London
        level: local
        parent: uk
        country: GB
        founded: "2012-04"
        contact: {email: london@example.org}
        meetings:
          frequency: monthly
          day: tuesday
          week: first
          time: "19:00"
          timezone: Europe/London
          venue: The Lamp and Ladder, Bethnal Green
          access: Step-free entrance; children welcome.
    """,
    "chapters/leeds/chapter.yaml": """
        name: IOPS Leeds
        level: local
        parent: uk
        country: GB
        meetings:
          frequency: fortnightly
          day: wednesday
          since: "2015-01-07"
          time: "19:00"
          timezone: Europe/London
    """,
    "chapters/bristol/chapter.yaml": """
        name: IOPS Bristol
        level: local
        parent: uk
        country: GB
        admins: [{name: Ada}]
        meetings: {frequency: monthly, day: tuesday, time: "19:00", timezone: Europe/London}
    """,
    "chapters/glasgow/chapter.yaml": """
        name: IOPS Glasgow
        level: local
        parent: uk
        country: GB
        meetings: {frequency: irregular}
    """,
    "chapters/sheffield/chapter.yaml": """
        name: IOPS Sheffield
        level: local
        parent: uk
        country: GB
        founded: "2013-01"
        status: closed
        closed: "2014-03-01"
        meetings: {frequency: weekly, day: monday, time: "19:00", timezone: Europe/London}
    """,
    "chapters/usa/chapter.yaml": """
        name: IOPS USA
        level: national
        country: US
    """,
    "chapters/new-york-city/chapter.yaml": """
        name: IOPS New York City
        level: local
        parent: usa
        area: na-ne
        country: US
        meetings:
          frequency: monthly
          day: friday
          week: last
          time: "18:30"
          timezone: America/New_York
    """,
    "chapters/boston/chapter.yaml": """
        name: IOPS Boston
        level: local
        parent: usa
        area: na-ne
        country: US
        meetings:
          frequency: bimonthly
          day: saturday
          week: second
          since: "2015-01-10"
          time: "11:00"
          timezone: America/New_York
    """,
    "chapters/london/events/spring-assembly.md": """
        ---
        title: Spring assembly
        date: "2015-01-10"
        starts: "2015-03-07T10:00:00+00:00"
        ends: "2015-03-07T16:00:00+00:00"
        location: Conway Hall
        registration: https://tickets.example.org/spring-assembly
        ---
        A day of workshops.
    """,
    "chapters/glasgow/events/referendum-talk.md": """
        ---
        title: Referendum talk
        date: "2014-09-01"
        starts: "2014-09-10T19:00:00+01:00"
        registration: https://tickets.example.org/referendum
        ---
        Past, so no sign-up any more.
    """,
}


@pytest.fixture(scope="module")
def meetings_site(tmp_path_factory):
    """Built once for the module; tests only read it (or build elsewhere)."""
    site = Site(tmp_path_factory.mktemp("meetings"))
    site.write(MEETINGS)
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site


def expand(site, slug: str, year: int = 2015) -> list[dt.datetime]:
    """The regular meetings of a chapter's calendar over a year, by recurring-ical-events."""
    path = site.output / f"chapters/{slug}/calendar.ics"
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = recurring_ical_events.of(calendar).between(
        dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    )
    return [
        event["DTSTART"].dt
        for event in found
        if str(event["UID"]) == f"chapters/{slug}/meetings@{DOMAIN}"
    ]


def days(*isodates: str) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d in isodates]


def test_first_tuesday_lands_on_the_right_dates_at_19_london_time_all_year(
    meetings_site,
):
    meetings = expand(meetings_site, "london")
    assert [m.date() for m in meetings] == days(
        "2015-01-06",
        "2015-02-03",
        "2015-03-03",
        "2015-04-07",
        "2015-05-05",
        "2015-06-02",
        "2015-07-07",
        "2015-08-04",
        "2015-09-01",
        "2015-10-06",
        "2015-11-03",
        "2015-12-01",
    )
    assert {m.astimezone(LONDON).strftime("%H:%M") for m in meetings} == {"19:00"}
    # 19:00 GMT in winter, 18:00 UTC under British Summer Time (29 March-25 October).
    utc = [m.astimezone(dt.UTC).hour for m in meetings]
    assert utc == [19, 19, 19, 18, 18, 18, 18, 18, 18, 18, 19, 19]


def test_last_friday_lands_on_the_right_dates_at_18_30_new_york_time(meetings_site):
    meetings = expand(meetings_site, "new-york-city")
    assert [m.date() for m in meetings] == days(
        "2015-01-30",
        "2015-02-27",
        "2015-03-27",
        "2015-04-24",
        "2015-05-29",
        "2015-06-26",
        "2015-07-31",
        "2015-08-28",
        "2015-09-25",
        "2015-10-30",
        "2015-11-27",
        "2015-12-25",
    )
    assert {m.astimezone(NEW_YORK).strftime("%H:%M") for m in meetings} == {"18:30"}
    utc = [m.astimezone(dt.UTC).strftime("%H:%M") for m in meetings]
    assert utc == ["23:30", "23:30"] + ["22:30"] * 8 + ["23:30", "23:30"]


def test_every_other_wednesday_counts_the_weeks_from_since(meetings_site):
    meetings = expand(meetings_site, "leeds")
    assert len(meetings) == 26
    assert [m.date() for m in meetings[:3]] == days(
        "2015-01-07", "2015-01-21", "2015-02-04"
    )
    assert all((b - a).days == 14 for a, b in itertools.pairwise(meetings))
    assert {m.astimezone(LONDON).strftime("%a %H:%M") for m in meetings} == {
        "Wed 19:00"
    }
    assert len({m.utcoffset() for m in meetings}) == 2


def test_bimonthly_series_meets_in_every_other_month_from_since(meetings_site):
    meetings = expand(meetings_site, "boston")
    assert [m.date() for m in meetings] == days(
        "2015-01-10",
        "2015-03-14",
        "2015-05-09",
        "2015-07-11",
        "2015-09-12",
        "2015-11-14",
    )
    # 11:00 in New York: EST in January and November, EDT from 8 March to 1 November.
    utc = [m.astimezone(dt.UTC).hour for m in meetings]
    assert utc == [16, 15, 15, 15, 15, 16]


def test_monthly_meetings_without_a_week_are_in_no_calendar(meetings_site):
    assert expand(meetings_site, "bristol") == []
    calendar = icalendar.Calendar.from_ical(
        (meetings_site.output / "chapters/bristol/calendar.ics").read_bytes()
    )
    assert "not said which Tuesday of the month" in str(calendar["X-WR-CALDESC"])


def calendars_and_links(output: Path) -> tuple[dict[str, icalendar.Calendar], dict]:
    calendars = {
        "/" + str(path.relative_to(output)): icalendar.Calendar.from_ical(
            path.read_bytes()
        )
        for path in output.rglob("*.ics")
    }
    links: dict[str, set[str]] = {}
    for page in output.rglob("*.html"):
        for href in re.findall(r'href="([^"]+\.ics)"', page.read_text("utf-8")):
            links.setdefault(href, set()).add(str(page.relative_to(output)))
    return calendars, links


def assert_no_empty_calendar_and_no_link_to_one(output: Path) -> None:
    calendars, links = calendars_and_links(output)
    assert calendars
    for path, calendar in calendars.items():
        assert calendar.subcomponents, f"{path} has no component"
    for href, pages in links.items():
        assert href in calendars, f"{sorted(pages)} link the missing {href}"
        assert calendars[href].walk("VEVENT"), f"{sorted(pages)} link {href}: empty"


def test_every_calendar_holds_a_component_and_no_page_links_an_empty_one(
    meetings_site,
):
    assert_no_empty_calendar_and_no_link_to_one(meetings_site.output)
    usa = meetings_site.page("chapters/usa/")
    assert not usa.xpath("//a[contains(@href, 'calendar.ics')]")
    assert (  # a national chapter: its chapters have theirs
        "IOPS USA has no meetings or events of its own scheduled: its chapters, "
        "below, have theirs on their pages." in meetings_site.text("chapters/usa/")
    )
    [note] = icalendar.Calendar.from_ical(
        (meetings_site.output / "chapters/usa/calendar.ics").read_bytes()
    ).subcomponents
    assert note.name == "VJOURNAL"


def test_event_ics_holds_the_same_event_as_the_chapter_calendar(meetings_site):
    output = meetings_site.output
    single = icalendar.Calendar.from_ical(
        (output / "chapters/london/events/spring-assembly/event.ics").read_bytes()
    )
    chapter = icalendar.Calendar.from_ical(
        (output / "chapters/london/calendar.ics").read_bytes()
    )
    [event] = single.walk("VEVENT")
    uid = f"chapters/london/events/spring-assembly@{DOMAIN}"
    assert str(event["UID"]) == uid
    [same] = [e for e in chapter.walk("VEVENT") if str(e["UID"]) == uid]
    assert event.to_ical() == same.to_ical()
    assert "X-WR-CALNAME" not in single  # adds an event, not a calendar
    assert "Register: https://tickets.example.org/spring-assembly" in str(
        event["DESCRIPTION"]
    )


def test_event_page_offers_registration_as_a_button_and_add_to_calendar(
    meetings_site,
):
    page = meetings_site.page("chapters/london/events/spring-assembly/")
    actions = page.xpath("//p[@class='event-actions']/a")
    assert [(a.text_content(), a.get("class"), a.get("href")) for a in actions] == [
        (
            "Register for this event",
            "button",
            "https://tickets.example.org/spring-assembly",
        ),
        (
            "Add to calendar",
            "button secondary",
            "/chapters/london/events/spring-assembly/event.ics",
        ),
    ]
    # An event that is over offers neither, as a meetup site does not; its
    # calendar file stays at its address (subscribers' links keep working).
    past = meetings_site.page("chapters/glasgow/events/referendum-talk/")
    assert past.xpath("//p[@class='event-actions']") == []
    assert past.xpath("//p[@class='note' and .='This event has taken place.']")
    assert not page.xpath("//p[.='This event has taken place.']")
    assert (
        meetings_site.output / "chapters/glasgow/events/referendum-talk/event.ics"
    ).is_file()


def test_listings_link_each_events_own_calendar_file(meetings_site):
    page = meetings_site.page("events/")
    links = page.xpath("//p[@class='event-links']/a[@type='text/calendar']")
    assert [a.get("href") for a in links] == [  # the past referendum talk: none
        "/chapters/london/events/spring-assembly/event.ics",
    ]
    # Each link's name says which event it adds.
    assert links[0].text_content() == "Add to calendar: Spring assembly"
    chapter = meetings_site.page("chapters/london/")
    assert chapter.xpath("//ul[@class='next-events']//a[@class='add-event']/@href") == [
        "/chapters/london/events/spring-assembly/event.ics"
    ]


def meetings_section(site, slug: str) -> str:
    page = site.page(f"chapters/{slug}/")
    sections = page.xpath("//section[@class='meetings']")
    return " ".join(sections[0].text_content().split()) if sections else ""


def test_chapter_page_shows_the_next_meeting_with_venue_and_access(meetings_site):
    page = meetings_site.page("chapters/london/")
    time = page.xpath("//p[@class='next-meeting']/time")[0]
    assert time.get("datetime") == "2015-02-03T19:00:00+00:00"
    assert time.text == "Tuesday 3 February 2015, 19:00 GMT"
    text = meetings_section(meetings_site, "london")
    assert "Meets on the first Tuesday of every month at 19:00 (London time)." in text
    assert "Where The Lamp and Ladder, Bethnal Green" in text
    assert "Access Step-free entrance; children welcome." in text
    link = page.xpath("//a[@class='calendar-link']")[0]
    assert link.text == "Add the meetings and events to your calendar"


def test_chapter_without_a_week_says_whom_to_ask_and_how_to_add_it(meetings_site):
    text = meetings_section(meetings_site, "bristol")
    assert "Meets once a month, on a Tuesday, at 19:00 (London time)." in text
    assert "has not published which Tuesday of the month it meets on" in text
    assert "ask the chapter for the next date" in text
    page = meetings_site.page("chapters/bristol/")
    # Instructions for admins are folded away, never the first thing a reader sees.
    admin_help = page.xpath(
        "//section[@class='meetings']//details[@class='admin-help']"
    )
    assert admin_help[0].xpath("string(summary)") == "For this page's admins"
    assert "Add week: first under meetings: in chapter.yaml" in " ".join(
        admin_help[0].text_content().split()
    )
    assert page.xpath("//section[@class='meetings']//a/@href") == ["#contact-heading"]
    assert not page.xpath("//p[@class='next-meeting']")


def test_closed_and_irregular_chapters_have_no_next_meeting(meetings_site):
    # A closed chapter advertises no meetings: its past rhythm is in its profile.
    assert meetings_section(meetings_site, "sheffield") == ""
    profile = meetings_site.page("chapters/sheffield/").xpath(
        "//section[@class='profile']"
    )[0]
    assert (
        "Met every Monday at 19:00 (London time) until the chapter closed "
        "on 1 March 2014." in " ".join(profile.text_content().split())
    )
    assert "Each meeting is announced as an event." in meetings_section(
        meetings_site, "glasgow"
    )
    for slug in ("sheffield", "glasgow"):
        assert not meetings_site.page(f"chapters/{slug}/").xpath(
            "//p[@class='next-meeting']"
        )
    sheffield = meetings_site.page("chapters/sheffield/")
    assert not sheffield.xpath("//a[contains(@href, 'calendar.ics')]")


def test_data_export_gives_the_next_meeting_in_the_chapters_own_time(meetings_site):
    rows = json.loads((meetings_site.output / "data/chapters.json").read_text())
    upcoming = {row["slug"]: row["next_meeting"] for row in rows}
    assert upcoming == {
        "boston": "2015-03-14T11:00:00-04:00",
        "bristol": None,  # no week
        "glasgow": None,  # irregular
        "leeds": "2015-01-21T19:00:00+00:00",
        "london": "2015-02-03T19:00:00+00:00",
        "new-york-city": "2015-01-30T18:30:00-05:00",
        "sheffield": None,  # closed
        "uk": None,
        "usa": None,
    }
    with (meetings_site.output / "data/chapters.csv").open(encoding="utf-8") as f:
        csv_rows = {row["slug"]: row["next_meeting"] for row in csv.DictReader(f)}
    assert csv_rows["london"] == "2015-02-03T19:00:00+00:00"


@pytest.mark.parametrize(
    ("build_date", "expected"),
    [
        ("2015-02-03", "2015-02-03T19:00:00+00:00"),  # on the day itself
        ("2015-02-04", "2015-03-03T19:00:00+00:00"),
    ],
)
def test_next_meeting_follows_the_build_date(site, build_date, expected):
    site.write(MEETINGS)
    assert site.build(build_date=build_date)[0] == 0
    page = site.page("chapters/london/")
    assert page.xpath("//p[@class='next-meeting']/time/@datetime") == [expected]


def test_events_pages_list_the_regular_meetings_of_the_coming_four_weeks(
    meetings_site,
):
    def ahead(url):
        page = meetings_site.page(url)
        return [
            " ".join(li.text_content().split())
            for li in page.xpath("//section[@class='regular-meetings']//li")
        ]

    listed = ahead("events/")  # Boston's next is in March; Bristol's unknown
    assert [entry.split(" GMT")[0].split(" EST")[0] for entry in listed] == [
        "IOPS Leeds — Wednesday 21 January 2015, 19:00",
        "IOPS New York City — Friday 30 January 2015, 18:30",
        "IOPS London — Tuesday 3 February 2015, 19:00",
    ]
    # never updated: its badges say to ask before going
    assert listed[0].endswith("Out of date")
    # and where: the venue the profile gives
    assert listed[2].endswith("GMT · The Lamp and Ladder, Bethnal Green"), listed[2]
    assert ahead("chapters/uk/events/") == [listed[0], listed[2]]  # its chapters'
    assert ahead("chapters/london/events/") == [listed[2]]
    link = meetings_site.page("events/").xpath(
        "//section[@class='regular-meetings']//a/@href"
    )[0]
    assert link == "/chapters/leeds/#join"


def test_the_home_page_says_what_is_coming_up(meetings_site):
    coming = meetings_site.page("").xpath("//section[@class='coming-up']")[0]
    titles = coming.xpath(".//ul[@class='next-events']/li/a/text()")
    assert titles and len(titles) <= 4
    assert coming.xpath(".//p/a/@href") == ["/events/"]
