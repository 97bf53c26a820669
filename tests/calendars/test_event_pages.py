"""The event listings and the chapter page's calendar section, as a reader sees them."""

from __future__ import annotations

import re

import pytest

from tests.calendars.test_calendar_files import EVENTS
from tests.conftest import NORWAY_REPOSITORY, built_site


@pytest.fixture(scope="module")
def built_events(tmp_path_factory):
    """The norway repository with EVENTS, built once for 2015-01-15; tests only read it."""
    return built_site(
        tmp_path_factory.mktemp("events"), {**NORWAY_REPOSITORY, **EVENTS}
    )


@pytest.fixture
def events_site(norway):
    """The same repository, unbuilt, for a test that adds to it or picks its date."""
    norway.write(EVENTS)
    return norway


def titles(page, section: str) -> list[str]:
    return [
        " ".join(h.text_content().split())
        for h in page.xpath(f"//section[@class='{section}']//li/h3")
    ]


def test_events_page_lists_upcoming_soonest_first_then_past_newest_first(
    built_events,
):
    page = built_events.page("events/")
    assert titles(page, "upcoming") == [
        "Joint stall at the book fair",
        "Åpent møte",
        "International congress",
    ]
    assert titles(page, "past") == ["Summer picnic"]
    headings = [h.tag for h in page.xpath("//main//*[self::h1 or self::h2]")]
    assert headings == ["h1", "h2", "h2", "h2"]
    # the chapters' regular meetings between the events to come and the past
    assert [h.text for h in page.xpath("//main//h2")] == [
        "Upcoming",
        "Regular meetings",
        "Past",
    ]


def test_the_build_date_decides_what_is_upcoming(events_site):
    assert events_site.build(build_date="2015-02-05")[0] == 0
    page = events_site.page("events/")
    # The event announced on 1 February is published by now.
    assert titles(page, "upcoming") == ["Scheduled event", "International congress"]
    assert titles(page, "past") == [
        "Åpent møte",
        "Joint stall at the book fair",
        "Summer picnic",
    ]


def test_event_dates_are_machine_readable(built_events):
    page = built_events.page("events/")
    item = page.xpath("//section[@class='upcoming']//li[.//a[.='Åpent møte']]")[0]
    assert item.xpath(".//time/@datetime")[0] == "2015-02-04T19:00:00+01:00"
    assert "Wednesday 4 February 2015, 19:00\u201321:00 CET" in item.text_content()


def test_international_events_page_does_not_replace_the_listing(built_events):
    assert (
        built_events.page("events/congress/").xpath("//h1")[0].text
        == "International congress"
    )
    assert built_events.page("events/").xpath("//h1")[0].text == "Events"


def test_chapter_events_page_has_its_own_and_joint_events(built_events):
    page = built_events.page("chapters/oslo/events/")
    assert page.xpath("//h1")[0].text == "Arrangementer i IOPS Oslo"  # Oslo writes nb
    assert titles(page, "upcoming") == ["Joint stall at the book fair", "Åpent møte"]
    assert titles(page, "past") == ["Summer picnic"]
    link = page.xpath("//a[@class='calendar-link']/@href")
    assert link == ["/chapters/oslo/calendar.ics"]


def test_chapter_page_links_its_calendar_and_the_next_events(events_site):
    events_site.write(
        {
            f"chapters/oslo/events/extra-{n}.md": f"""
            ---
            title: Extra {n}
            date: "2015-01-01"
            starts: "2015-0{n}-10"
            ---
            More.
        """
            for n in (3, 4, 5)
        }
    )
    assert events_site.build()[0] == 0
    section = events_site.page("chapters/oslo/").xpath(
        "//section[@class='chapter-calendar']"
    )[0]
    link = section.xpath(".//a[@class='calendar-link']")[0]
    assert link.get("href") == "/chapters/oslo/calendar.ics"
    assert link.text == "Legg møtene og arrangementene til i kalenderen din"  # nb
    items = section.xpath(".//ul[@class='next-events']/li")
    assert [li.xpath("a")[0].text for li in items] == [
        "Joint stall at the book fair",
        "Åpent møte",
        "Extra 3",
    ]
    assert items[0].xpath("time/@datetime") == ["2015-01-20"]


def test_chapter_page_without_upcoming_events_says_so(built_norway):
    text = built_norway.text("chapters/oslo/")
    assert "Legg møtene og arrangementene til i kalenderen din" in text  # nb
    assert "Ingen kommende arrangementer er publisert." in text


@pytest.mark.parametrize("url", ["events/", "chapters/oslo/events/"])
def test_events_page_lede_sentences_are_separated_by_a_space(built_events, url):
    lede = built_events.page(url).xpath("//article[@class='events-page']/header/p")[0]
    text = lede.text_content()
    assert "(iCalendar)" in text
    assert re.search(r"\.\S", text) is None, text  # "as of 15 January 2015. Add all …"


def test_next_events_mark_each_title_with_its_own_language(built_events):
    page = built_events.page("chapters/oslo/")
    assert page.get("lang") == "nb"
    links = page.xpath("//ul[@class='next-events']/li/a[not(@class)]")
    # Bergen gives no language: its joint event is in the site's, English
    assert {a.text_content(): a.get("lang") for a in links} == {
        "Joint stall at the book fair": "en",
        "Åpent møte": "nb",
    }
