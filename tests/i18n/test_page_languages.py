"""Each page's interface is in the page's language where a catalogue exists, else marked English."""

from __future__ import annotations

import io

import pytest

from plugins.runner import build
from tests.conftest import Site, built_site
from tests.i18n.sites import LANGUAGES_REPOSITORY


@pytest.fixture(scope="module")
def languages(tmp_path_factory):
    return built_site(tmp_path_factory.mktemp("languages"), LANGUAGES_REPOSITORY)


def test_norwegian_chapter_page_has_norwegian_navigation_labels_badges_and_dates(
    languages,
):
    page = languages.page("chapters/oslo/")
    text = languages.text("chapters/oslo/")
    assert page.get("lang") == "nb"
    nav = [a.text_content() for a in page.xpath("//header//nav//a")]
    assert "Avdelinger" in nav and "Chapters" not in nav
    assert page.xpath("//a[@class='skip']")[0].text_content() == "Gå til innholdet"
    assert "Profil" in text and "Medlemmer" in text and "Profile" not in text
    assert (
        page.xpath("//p[@class='lede']/span[contains(@class, 'level')]")[
            0
        ].text_content()
        == "Lokalavdeling"
    )
    badges = [b.text_content() for b in page.xpath("//p[@class='lede']//span")]
    assert "Aktiv" in badges  # activity: an item a month and a half old
    assert "april 2012" in text  # founded, in Babel's Norwegian
    assert "1. oktober 2014" in text  # last updated
    assert "Møtes første tirsdag i hver måned kl. 19:00 (tid i Oslo)." in text
    assert "norsk bokmål og engelsk" in text  # language names, not tags
    assert "12, hvorav 5 kvinner (41 %)" in text  # numbers, plurals; 41.7 down


def test_norwegian_page_marks_no_interface_element_english(languages):
    page = languages.page("chapters/oslo/")
    # only the site settings' English is marked English: the footer's tagline,
    # and the search's hidden filter values (one index, in the site's language)
    marked = page.xpath('//*[@lang="en"]')
    assert [(e.tag, e.get("class")) for e in marked] == [("div", None), ("p", "org")]
    assert marked[0].get("hidden") is not None


def test_a_default_areas_name_is_in_the_pages_language_and_links_the_area(languages):
    profile = languages.page("chapters/oslo/").xpath("//section[@class='profile']")[0]
    terms = dict(
        zip(profile.xpath(".//dt/text()"), profile.xpath(".//dd"), strict=True)
    )
    area = terms["Område"]
    assert area.text_content() == "Norden og Nederland"
    assert area.get("lang") is None
    assert area.xpath("a/@href") == ["/areas/nord-neth/"]


def test_an_area_named_in_the_settings_keeps_its_language(tmp_path):
    site = Site(tmp_path).write(
        {
            "chapters/oslo/chapter.yaml": "name: IOPS Oslo\nlevel: local\ncountry: NO\n"
            "languages: [nb]\n",
        }
    )
    settings = site.settings()
    settings["CHAPTERS_AREAS"] = [
        {"key": "nord", "name": "The North", "countries": ["NO"]}
    ]
    out = io.StringIO()
    assert build(settings, out=out) == 0, out.getvalue()
    profile = site.page("chapters/oslo/").xpath("//section[@class='profile']")[0]
    [area] = profile.xpath(".//dd[a[@href='/areas/nord/']]")
    assert (area.text_content(), area.get("lang")) == ("The North", "en")


def test_item_page_interface_follows_the_item_language(languages):
    page = languages.page("chapters/oslo/posts/forste-mote/")
    assert page.get("lang") == "nb"
    meta = " ".join(page.xpath("//article//p[@class='meta']")[0].text_content().split())
    assert meta.startswith("Innlegg fra IOPS Oslo · publisert 1. oktober 2014")


def test_chapter_without_a_catalogue_gets_english_marked_english(languages):
    page = languages.page("chapters/lyon/")
    assert page.get("lang") == "fr"
    for wrapper in ("//header", "//main", "//footer", "//a[@class='skip']"):
        assert page.xpath(wrapper)[0].get("lang") == "en", wrapper
    assert "Profile" in languages.text("chapters/lyon/")
    # what the chapter wrote keeps its own language inside the English wrappers
    assert page.xpath("//p[@class='summary']")[0].get("lang") == "fr"
    rule = page.xpath("//p[@class='meetings-rule']")[0].text_content()
    assert rule == "Meets every Thursday at 19:00 (Paris time)."


def test_international_pages_are_in_the_default_language(languages):
    page = languages.page("")
    assert page.get("lang") == "en"
    assert not page.xpath("//header[@lang]")
    assert "Chapters" in [a.text_content() for a in page.xpath("//header//nav//a")]


def read_in(element) -> str:
    """The language a reader's software reads ``element`` in: its nearest lang."""
    return element.xpath("ancestor-or-self::*[@lang][1]/@lang")[0]


@pytest.mark.parametrize("url", ["", "events/"])
def test_listing_entries_mark_only_the_contributors_text_with_its_language(
    languages, url
):
    page = languages.page(url)
    assert page.get("lang") == "en"
    entry = page.xpath(
        "//li[contains(@class, 'item-summary')][.//a[text()='Åpent møte']]"
    )[0]
    assert read_in(entry.xpath(".//a[text()='Åpent møte']")[0]) == "nb"
    assert read_in(entry.xpath(".//div[@class='summary']")[0]) == "nb"
    assert read_in(entry.xpath(".//span[text()='Kafé Hjertet']")[0]) == "nb"
    # the date, the kind and the calendar link are the page's interface
    assert read_in(entry.xpath(".//time[@class='when']")[0]) == "en"
    for meta in entry.xpath("./p"):
        assert read_in(meta) == "en"


@pytest.mark.parametrize("url", ["events/", "chapters/oslo/"])
def test_the_hidden_title_of_add_to_calendar_is_read_in_the_events_language(
    languages, url
):
    page = languages.page(url)
    for link in page.xpath(
        "//a[@type='text/calendar'][.//span[@class='visually-hidden']]"
    ):
        titles = link.xpath(".//span[@class='visually-hidden']/span[@lang]")
        assert titles, "the event's title names its own language"
    hidden = page.xpath(
        "//a[@type='text/calendar']//span[@class='visually-hidden']"
        "/span[text()='Åpent møte']"
    )
    assert hidden
    assert read_in(hidden[0]) == "nb"
