"""Translations by file name (spec §3): '<name>.<lang>.md' published at the original's URL plus '<lang>/'."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.conftest import built_site
from tests.i18n.sites import LANGUAGES_REPOSITORY

POST = "chapters/oslo/posts/forste-mote/"
EVENT = "chapters/oslo/events/apent-mote/"


@pytest.fixture(scope="module")
def languages(tmp_path_factory):
    return built_site(tmp_path_factory.mktemp("translations"), LANGUAGES_REPOSITORY)


def hreflangs(site, url):
    links = site.page(url).xpath("//head/link[@rel='alternate'][@hreflang]")
    return [(link.get("hreflang"), link.get("href")) for link in links]


def test_an_item_and_its_translation_link_each_other_with_hreflang(languages):
    both = [
        ("nb", f"http://localhost:8000/{POST}"),
        ("en", f"http://localhost:8000/{POST}en/"),
    ]
    assert hreflangs(languages, POST) == both
    assert hreflangs(languages, POST + "en/") == both


def test_the_translation_is_a_page_in_its_own_language(languages):
    page = languages.page(POST + "en/")
    assert page.get("lang") == "en"
    assert page.xpath("string(//h1)") == "First meeting"
    assert "We met at a café." in languages.text(POST + "en/")
    assert "published 1 October 2014" in languages.text(
        POST + "en/"
    )  # the original's date


def test_each_version_shows_a_language_switcher(languages):
    switcher = languages.page(EVENT + "de/").xpath("//nav[@class='translations']")[0]
    # named on the page, not only for screen readers
    label = switcher.xpath("string(.//*[@id=../@aria-labelledby])")
    assert label == "Sprachen dieses Textes:"
    [link] = switcher.xpath(".//a")
    assert (link.text, link.get("href"), link.get("hreflang")) == (
        "norsk bokmål",
        f"/{EVENT}",
        "nb",
    )
    assert switcher.xpath("string(.//*[@aria-current='page'])") == "Deutsch"
    back = languages.page(EVENT).xpath("//nav[@class='translations']//a")[0]
    assert (back.text, back.get("hreflang")) == ("Deutsch", "de")


def test_an_event_translation_takes_the_time_and_place_of_its_original(languages):
    text = languages.text(EVENT + "de/")
    assert "Dienstag, 3. Februar 2015, 19:00 CET" in text
    assert "Kafé Hjertet" in text


def test_a_place_taken_from_the_original_keeps_the_originals_language(languages):
    """The German page reads the Norwegian place with a Norwegian voice."""
    where = languages.page(EVENT + "de/").xpath(
        "//dl[@class='event-details']/dd[.='Kafé Hjertet']"
    )
    assert [dd.get("lang") for dd in where] == ["nb"]
    original = languages.page(EVENT).xpath(
        "//dl[@class='event-details']/dd[.='Kafé Hjertet']"
    )
    assert [dd.get("lang") for dd in original] == [None]  # the page's own


def test_listings_and_feeds_show_the_version_in_their_language_else_the_original(
    languages,
):
    """Spec §3: one version per item, the one in the listing's language."""
    # Oslo's page and feed are in Norwegian, as its posts are written.
    chapter = languages.text("chapters/oslo/")
    assert "Første møte" in chapter and "First meeting" not in chapter
    assert "Offenes Treffen" not in chapter
    oslo_feed = feedparser.parse(
        (languages.output / "chapters/oslo/atom.xml").read_bytes()
    )
    assert "Første møte" in [e.title for e in oslo_feed.entries]
    # The home page and the site's feed are in English: the English version,
    # where there is one; the event has none (only German), so its original.
    home = languages.page("")
    links = {a.text_content().strip(): a.get("href") for a in home.xpath("//main//a")}
    assert links.get("First meeting") == f"/{POST}en/"
    assert "Første møte" not in links and "Åpent møte" in links
    site_feed = feedparser.parse((languages.output / "atom.xml").read_bytes())
    entries = {entry.title: entry for entry in site_feed.entries}
    assert "First meeting" in entries and "Første møte" not in entries
    assert "Åpent møte" in entries
    english = entries["First meeting"]
    assert english.link == f"http://localhost:8000/{POST}en/"
    # The entry keeps the original's id: the one the Norwegian feed gives it.
    assert english.id == next(
        e.id for e in oslo_feed.entries if e.title == "Første møte"
    )


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        ("nb", ["Åpent møte", "Første møte"]),
        ("en", ["First meeting"]),
        ("de", ["Offenes Treffen"]),
        ("fr", ["Première réunion"]),
    ],
)
def test_language_feeds_parse_and_hold_only_their_language(languages, lang, titles):
    for name in ("atom.xml", "rss.xml"):
        parsed = feedparser.parse(
            (languages.output / "languages" / lang / name).read_bytes()
        )
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert sorted(e.title for e in parsed.entries) == sorted(titles)
        assert {
            e.get("language", parsed.feed.get("language")) for e in parsed.entries
        } == {lang}


def test_pages_link_the_feed_of_their_language(languages):
    links = languages.page("chapters/lyon/").xpath(
        "//head/link[@rel='alternate']/@href"
    )
    assert "/languages/fr/atom.xml" in links


def test_the_sitemap_lists_the_alternates(languages):
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ET.fromstring((languages.output / "sitemap.xml").read_bytes())
    for url in (POST, POST + "en/"):
        [entry] = [
            u
            for u in root.findall("s:url", ns)
            if u.findtext("s:loc", namespaces=ns) == f"http://localhost:8000/{url}"
        ]
        links = [
            (x.get("hreflang"), x.get("href")) for x in entry.findall("x:link", ns)
        ]
        assert links == [
            ("nb", f"http://localhost:8000/{POST}"),
            ("en", f"http://localhost:8000/{POST}en/"),
        ]


def test_a_featured_item_stays_featured_when_listed_in_its_translation(tmp_path):
    original = LANGUAGES_REPOSITORY["chapters/oslo/posts/forste-mote.md"]
    site = built_site(
        tmp_path,
        {
            **LANGUAGES_REPOSITORY,
            "chapters/oslo/posts/forste-mote.md": original.replace(
                'date: "2014-10-01"', 'date: "2014-10-01"\n        featured: true'
            ),
        },
    )
    featured = site.page("").xpath(
        "//section[@aria-labelledby='featured-heading']//a/@href"
    )
    assert f"/{POST}en/" in featured
