"""An online event's time in the reader's own zone, where it differs from the chapter's."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CHROMIUM, served
from tests.conftest import built_site

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)

CHICAGO = """
name: IOPS Chicago
level: local
country: US
area: na-m
meetings: {frequency: irregular, timezone: America/Chicago}
"""


def event(starts: str, ends: str | None = None, online: bool = True) -> str:
    lines = [
        "---",
        "title: Live talk",
        'date: "2015-01-05"',
        f'starts: "{starts}"',
        *([f'ends: "{ends}"'] if ends else []),
        *(["online: https://meet.example.org/live"] if online else []),
        "location: Pilsen library, Chicago",
        "---",
        "A talk.",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def talks_url(tmp_path_factory):
    site = built_site(
        tmp_path_factory.mktemp("your-time"),
        {
            "chapters/chicago/chapter.yaml": CHICAGO,
            # 19:00 in Chicago is 10:00 the next morning in Tokyo
            "chapters/chicago/events/live.md": event(
                "2015-01-22T19:00:00-06:00", "2015-01-22T20:00:00-06:00"
            ),
            "chapters/chicago/events/in-person.md": event(
                "2015-01-24T19:00:00-06:00", online=False
            ),
            "chapters/chicago/events/last-year.md": event("2014-12-04T19:00:00-06:00"),
            # ends at midnight in Chicago: 15:00 the next day in Tokyo
            "chapters/chicago/events/late.md": event(
                "2015-01-22T22:00:00-06:00", "2015-01-23T00:00:00-06:00"
            ),
        },
    )
    with served(site.output) as url:
        yield url


def your_time(browser, url: str, zone: str, javascript: bool = True):
    """The 'In your time zone' row as a reader in ``zone`` sees it: its text,
    or None where it is not shown."""
    context = browser.new_context(timezone_id=zone, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        cell = page.locator("dd.your-time")
        if not cell.count() or not cell.is_visible():
            return None
        assert page.locator("dt.your-time").is_visible()  # labelled
        return " ".join(cell.inner_text().split())
    finally:
        context.close()


def test_a_reader_in_another_zone_sees_the_time_in_their_own(browser, talks_url):
    shown = your_time(
        browser, talks_url + "chapters/chicago/events/live/", "Asia/Tokyo"
    )
    assert shown is not None
    assert "Friday" in shown and "23 January" in shown  # the next day there
    assert "10:00" in shown and "11:00" in shown


def test_an_event_ending_at_midnight_ends_at_the_right_hour(browser, talks_url):
    shown = your_time(
        browser, talks_url + "chapters/chicago/events/late/", "Asia/Tokyo"
    )
    assert shown is not None
    assert "13:00" in shown and "15:00" in shown  # 22:00-00:00 CST


def test_a_reader_on_the_same_clock_sees_nothing_more(browser, talks_url):
    url = talks_url + "chapters/chicago/events/live/"
    assert your_time(browser, url, "America/Chicago") is None
    assert your_time(browser, url, "America/Winnipeg") is None  # other zone, same clock


def test_without_javascript_the_row_stays_hidden(browser, talks_url):
    url = talks_url + "chapters/chicago/events/live/"
    assert your_time(browser, url, "Asia/Tokyo", javascript=False) is None


@pytest.mark.parametrize("slug", ["in-person", "last-year"])
def test_an_event_in_person_or_past_has_no_such_row(browser, talks_url, slug):
    url = talks_url + f"chapters/chicago/events/{slug}/"
    assert your_time(browser, url, "Asia/Tokyo") is None
