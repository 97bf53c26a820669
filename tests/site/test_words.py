"""Dates and times as a reader sees them, written by one function each."""

from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import Environment
from markupsafe import Markup

from plugins.model.chapters import Members
from plugins.site.words import (
    criterion_word,
    description,
    event_when,
    language_choices,
    language_names,
    list_words,
    meeting_in_words,
    partial_date_words,
    women_share,
    zone_abbreviation,
    zone_city,
)

CET = dt.timezone(dt.timedelta(hours=1))
EST = dt.timezone(dt.timedelta(hours=-5))
UTC = dt.UTC


def at(day: int, hour: int, tz=CET, month: int = 1) -> dt.datetime:
    return dt.datetime(2015, month, day, hour, 0, tzinfo=tz)


@pytest.mark.parametrize(
    ("starts", "ends", "zone", "words"),
    [
        # A range on one day is written once, with the zone's own name.
        (
            at(20, 19),
            at(20, 21),
            "Europe/Oslo",
            "Tuesday 20 January 2015, 19:00\u201321:00 CET",
        ),
        (
            at(20, 19, UTC),
            at(20, 21, UTC),
            "Europe/London",
            "Tuesday 20 January 2015, 19:00\u201321:00 GMT",
        ),
        (at(20, 19), None, "Europe/Oslo", "Tuesday 20 January 2015, 19:00 CET"),
        (at(20, 19), at(20, 19), "Europe/Oslo", "Tuesday 20 January 2015, 19:00 CET"),
        # Summer time is named as such.
        (
            at(20, 19, dt.timezone(dt.timedelta(hours=2)), month=6),
            None,
            "Europe/Oslo",
            "Saturday 20 June 2015, 19:00 CEST",
        ),
        # Across midnight: both days.
        (
            at(13, 19),
            at(14, 2),
            "Europe/Oslo",
            "Tuesday 13 January 2015, 19:00 \u2013 Wednesday 14 January 2015, 02:00 CET",
        ),
        # An offset that is not the chapter's zone's: the offset, never a wrong name.
        (
            at(20, 19, EST),
            None,
            "Europe/Oslo",
            "Tuesday 20 January 2015, 19:00 UTC-05:00",
        ),
        (at(20, 19, UTC), None, None, "Tuesday 20 January 2015, 19:00 UTC"),
        # Whole days.
        (dt.date(2015, 2, 14), None, None, "Saturday 14 February 2015"),
        (
            dt.date(2015, 2, 14),
            dt.date(2015, 2, 15),
            None,
            "Saturday 14 February 2015 \u2013 Sunday 15 February 2015",
        ),
        (dt.date(2015, 2, 14), dt.date(2015, 2, 14), None, "Saturday 14 February 2015"),
    ],
)
def test_an_event_is_written_by_when_it_happens(starts, ends, zone, words):
    assert event_when(starts, ends, zone) == words


def test_a_zone_that_names_no_place_falls_back_to_the_offset():
    # Asia/Dubai's abbreviation is '+04': no name, so the offset is shown.
    four = dt.timezone(dt.timedelta(hours=4))
    assert zone_abbreviation(at(20, 19, four), "Asia/Dubai") == "UTC+04:00"
    assert zone_abbreviation(at(20, 19), "Not/AZone") == "UTC+01:00"


def test_the_next_meeting_reads_like_an_event():
    from zoneinfo import ZoneInfo

    meeting = dt.datetime(2015, 2, 3, 19, 0, tzinfo=ZoneInfo("Europe/London"))
    assert meeting_in_words(meeting) == "Tuesday 3 February 2015, 19:00 GMT"
    assert meeting_in_words(dt.date(2015, 2, 3)) == "Tuesday 3 February 2015"
    assert meeting_in_words(None) == ""


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2012-04", "April 2012"),
        ("2012", "2012"),
        ("2012-04-10", "10 April 2012"),
        (None, ""),
    ],
)
def test_a_founding_date_is_in_words(value, words):
    assert partial_date_words(value) == words


@pytest.mark.parametrize(
    ("tags", "words"),
    [
        (["nb", "en"], "Norwegian Bokmål and English"),
        (["de", "en", "es"], "German, English and Spanish"),
        (["pt-BR"], "Portuguese (Brazil)"),
        (["xx"], "xx"),
        ([], ""),
    ],
)
def test_languages_are_named(tags, words):
    assert language_names(tags) == words


def test_language_choices_are_named_in_the_page_language_and_ordered_by_name():
    assert language_choices(["de", "en", "nb"]) == [
        ("en", "English"),
        ("de", "German"),
        ("nb", "Norwegian Bokmål"),
    ]
    assert language_choices(["de", "en", "nb"], lang="nb") == [
        ("en", "engelsk"),
        ("nb", "norsk bokmål"),
        ("de", "tysk"),
    ]


@pytest.mark.parametrize(
    ("women", "count", "lang", "words"),
    [
        (8, 27, "en", "29%"),  # 29.6: "30%" would read as the 30% needed
        (1, 8, "en", "12%"),
        (3, 10, "en", "30%"),
        (1, 3, "en", "33%"),
        (10, 22, "nb", "45\xa0%"),
        (0, 5, "en", "0%"),
        (1, 101, "en", "<1%"),  # some women, not "0%"
    ],
)
def test_the_share_of_women_is_rounded_down_to_a_whole_per_cent(
    women, count, lang, words
):
    members = Members(count=count, women=women, as_of=dt.date(2014, 12, 1))
    assert women_share(members, lang) == words


@pytest.mark.parametrize(
    ("zone", "lang", "city"),
    [
        ("Europe/Vienna", "de", "Wien"),
        ("Europe/Vienna", "en", "Vienna"),
        ("Europe/London", "es", "Londres"),
        ("Europe/Oslo", "nb", "Oslo"),
        ("America/New_York", "en", "New York"),
        # CLDR names no city for this id: its last part, as written
        ("America/Argentina/Buenos_Aires", "de", "Buenos Aires"),
    ],
)
def test_a_zones_city_is_named_in_the_pages_language(zone, lang, city):
    assert zone_city(zone, lang) == city


def test_missing_criteria_are_joined_as_a_list_in_the_pages_language():
    assert (
        list_words(["meets regularly", "page current", "women"])
        == "meets regularly, page current and women"
    )
    assert (
        list_words(["møtes jevnlig", "kvinner"], lang="nb")
        == "møtes jevnlig og kvinner"
    )
    assert list_words([]) == ""
    assert criterion_word("page-current") == "an up-to-date page"


def _striptags_and_truncate(html: str) -> str:
    """What base.html did before: striptags, trim, truncate at a word."""
    template = Environment(autoescape=True).from_string(
        '{{ html|striptags|trim|truncate(300, killwords=False, end="…", leeway=0) }}'
    )
    return Markup(template.render(html=Markup(html))).unescape()


@pytest.mark.parametrize(
    "html",
    [
        "<p>Short &amp; sweet.</p>",
        "<p>" + "word " * 100 + "</p>",
        "<p><a href='/x'>Link</a> and <em>emphasis</em> " + "more " * 80 + "</p>",
        "  <p>\n spaced\n\n out </p> ",
        "<p>" + "&lt;" * 199_000 + "</p>",  # pasted by mistake: only its start is read
        "a " + "&amp;" * 3_000,  # an entity cut in two where reading stops
    ],
)
def test_description_reads_as_striptags_and_truncate(html: str) -> None:
    assert description(html) == _striptags_and_truncate(html)


def test_description_drops_a_tag_cut_in_two_where_reading_stops() -> None:
    long_tag = '<a href="/' + "x" * 20_000 + '">hidden</a>'
    assert description("<p>start " + long_tag + "</p>") == "start"


def test_profile_text_keeps_its_paragraphs_and_line_breaks_escaped():
    from plugins.site.words import paragraphs

    text = "Come on Wednesdays.\nNo need to sign up.\n\nChildren <welcome> & fed.\n"
    assert str(paragraphs(text)) == (
        "<p>Come on Wednesdays.<br>No need to sign up.</p>"
        "<p>Children &lt;welcome&gt; &amp; fed.</p>"
    )
    assert str(paragraphs("One line")) == "<p>One line</p>"
    assert str(paragraphs(None)) == ""


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://lists.example.org/iops-usa", "lists.example.org/iops-usa"),
        ("https://www.example.org/", "example.org"),
        ("http://example.org/oslo/", "example.org/oslo/"),
        ("HTTPS://Social.example/@oslo", "Social.example/@oslo"),
        ("https://www./", "https://www./"),  # never an empty link
    ],
)
def test_a_web_address_reads_without_its_scheme_as_a_links_text(url, text):
    from plugins.site.words import address_text

    assert address_text(url) == text
