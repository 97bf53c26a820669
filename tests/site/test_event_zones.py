"""The check of event offsets and the pages read one chapter zone (chapters.chapter_zone).

They once had a rule each: the check took a chapter's meetings' zone, else its
country's only one; the pages took its meetings' zone, else the nearest
enclosing chapter's, else the site's TIMEZONE. So an Oslo event at +02:00 in
June was right for the check and shown as "UTC+02:00" (the site's UTC), and a
Peoria event under a Chicago national chapter was shown against Chicago but
never checked against it.
"""

from __future__ import annotations

import pytest

from tests.conftest import Site

EVENT = """
    ---
    title: Summer meeting
    date: "2015-01-10"
    starts: "{starts}"
    ---
    Bring food.
"""
REPOSITORY = {
    "chapters/norway/chapter.yaml": "name: IOPS Norway\nlevel: national\ncountry: NO\n",
    "chapters/oslo/chapter.yaml": (
        "name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: NO\ncity: Oslo\n"
    ),
    "chapters/us/chapter.yaml": (
        "name: IOPS US\nlevel: national\ncountry: US\narea: na-m\nmeetings:\n"
        '  frequency: weekly\n  day: monday\n  time: "19:00"\n'
        "  timezone: America/Chicago\n"
    ),
    "chapters/peoria/chapter.yaml": (
        "name: IOPS Peoria\nlevel: local\nparent: us\ncountry: US\ncity: Peoria\n"
    ),
    # Oslo's zone comes from its country: CEST (+02:00) in June.
    "chapters/oslo/events/summer.md": EVENT.format(starts="2015-06-10T19:00:00+02:00"),
    # Peoria's from its national chapter: Chicago is at -05:00 in June, not -04:00.
    "chapters/peoria/events/summer.md": EVENT.format(
        starts="2015-06-10T19:00:00-04:00"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Site, str]:
    site = Site(tmp_path_factory.mktemp("zones")).write(REPOSITORY)
    code, report = site.check()
    assert code == 0, report
    code, out = site.build()
    assert code == 0, out
    return site, report


def test_an_event_of_a_chapter_without_a_zone_is_shown_in_its_countrys(built):
    site, report = built
    assert "19:00 CEST" in site.text("chapters/oslo/events/summer/")
    assert "oslo/events/summer.md" not in report


def test_an_event_of_a_chapter_without_a_zone_is_checked_against_the_enclosing_one(
    built,
):
    site, report = built
    assert (
        "chapters/peoria/events/summer.md:4:9: warning: 'starts' has the UTC offset "
        "-04:00, but America/Chicago is at -05:00 on 2015-06-10"
    ) in report
    assert "19:00 UTC-04:00" in site.text("chapters/peoria/events/summer/")
