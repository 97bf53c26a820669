"""What a subscriber gets from a real build: feeds, OPML and the links on every page."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from plugins.model.areas import DEFAULT_AREAS
from plugins.runner import build
from tests.conftest import built_site

FEDERATION = {
    "chapters/norway/chapter.yaml": """
        name: IOPS Norway
        level: national
        country: NO
    """,
    "chapters/oslo/chapter.yaml": """
        name: IOPS Oslo
        level: local
        parent: norway
        country: NO
        languages: [nb, en]
    """,
    "chapters/bergen/chapter.yaml": """
        name: IOPS Bergen
        level: local
        parent: norway
        country: NO
        languages: [nb]
    """,
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
    """,
    "chapters/oslo/images/map.png": b"\x89PNG\r\n\x1a\n",
    "chapters/oslo/posts/first-meeting.md": """
        ---
        title: Første møte
        date: "2014-10-01"
        authors: [Kari Nordmann]
        tags: [møte, kafé]
        ---
        Vi møttes på [kafeen](/chapters/oslo/). ![Kart](../images/map.png)

        <script>alert("x")</script>
    """,
    "chapters/oslo/posts/draft.md": """
        ---
        title: Not ready
        date: "2014-12-01"
        status: draft
        ---
        Draft.
    """,
    "chapters/oslo/posts/scheduled.md": """
        ---
        title: Next month
        date: "2015-02-01"
        ---
        Later.
    """,
    "chapters/bergen/posts/joint-study.md": """
        ---
        title: Joint study circle
        date: "2014-11-01"
        lang: en
        chapters: [london]
        ---
        Together with London.
    """,
    "chapters/london/reports/annual.md": """
        ---
        title: Annual report
        date: "2014-12-01"
        ---
        A year.
    """,
    "chapters/norway/pages/bylaws.md": """
        ---
        title: Bylaws
        ---
        Rules.
    """,
    "content/posts/welcome.md": """
        ---
        title: Welcome
        date: "2014-09-01"
        ---
        Hello.
    """,
}
ALL_PUBLISHED = ["Annual report", "Joint study circle", "Første møte", "Welcome"]


@pytest.fixture(scope="module")
def federation(tmp_path_factory):
    """FEDERATION built once; tests only read it."""
    return built_site(tmp_path_factory.mktemp("feeds"), FEDERATION)


@pytest.fixture
def own_federation(federation, tmp_path):
    """A copy of the built federation for a test that edits or rebuilds it."""
    return federation.copy(tmp_path / "repo")


def feed(site, path: str):
    parsed = feedparser.parse((site.output / path).read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def titles(site, path: str) -> list[str]:
    return [entry.title for entry in feed(site, path).entries]


def feed_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.suffix in (".xml", ".opml")
    }


def build_with(site, **overrides) -> None:
    out = io.StringIO()
    assert build({**site.settings(), **overrides}, out=out) == 0, out.getvalue()


def test_every_feed_parses_without_error(federation):
    paths = sorted(
        p.relative_to(federation.output).as_posix()
        for p in federation.output.rglob("*.xml")
        if p.name != "sitemap.xml"  # not a feed
    )
    chapters = ["bergen", "london", "norway", "oslo", "uk"]
    expected = ["atom.xml", "rss.xml"]
    expected += [
        f"chapters/{slug}/{name}"
        for slug in chapters
        for name in ("atom.xml", "rss.xml")
    ]
    expected += [
        f"areas/{area['key']}/{name}"
        for area in DEFAULT_AREAS
        for name in ("atom.xml", "rss.xml")
    ]
    expected += [  # the languages items are written in
        f"languages/{lang}/{name}"
        for lang in ("en", "nb")
        for name in ("atom.xml", "rss.xml")
    ]
    expected += ["exchange/atom.xml"]  # offers and asks: Atom only
    assert paths == sorted(expected)
    for path in paths:
        feed(federation, path)
    assert feed(federation, "atom.xml").version == "atom10"
    assert feed(federation, "rss.xml").version == "rss20"


def test_site_feed_has_every_published_dated_item_newest_first(federation):
    assert titles(federation, "atom.xml") == ALL_PUBLISHED
    assert titles(federation, "rss.xml") == ALL_PUBLISHED


def test_drafts_scheduled_items_and_pages_are_not_in_any_feed(federation):
    for path in federation.output.rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        for absent in ("Not ready", "Next month", "Bylaws"):
            assert absent not in text, path


def test_chapter_feed_includes_descendants_and_joint_items(federation):
    assert titles(federation, "chapters/norway/atom.xml") == [
        "Joint study circle",
        "Første møte",
    ]
    assert titles(federation, "chapters/oslo/atom.xml") == ["Første møte"]
    assert titles(federation, "chapters/london/rss.xml") == [
        "Annual report",
        "Joint study circle",
    ]
    assert titles(federation, "chapters/uk/rss.xml") == [
        "Annual report",
        "Joint study circle",
    ]


def test_area_feed_holds_the_items_of_the_areas_chapters(federation):
    nordic = feed(federation, "areas/nord-neth/atom.xml")
    assert nordic.feed.title == "Nordic countries and the Netherlands — IOPS"
    assert [e.title for e in nordic.entries] == ["Joint study circle", "Første møte"]
    assert titles(federation, "areas/uki/rss.xml") == [
        "Annual report",
        "Joint study circle",
    ]


def test_empty_feed_is_dated_by_the_build_date(federation):
    empty = feed(federation, "areas/na-m/atom.xml")
    assert empty.entries == []
    assert empty.feed.updated == "2015-01-15T00:00:00+00:00"


def test_entry_carries_content_with_absolute_urls_and_no_script(federation):
    raw = (federation.output / "chapters/oslo/atom.xml").read_text(encoding="utf-8")
    assert "script" not in raw
    assert "alert" not in raw
    entry = feed(federation, "chapters/oslo/atom.xml").entries[0]
    html = entry.content[0].value
    assert 'href="http://localhost:8000/chapters/oslo/"' in html
    assert 'src="http://localhost:8000/chapters/oslo/images/map.png"' in html
    assert entry.link == "http://localhost:8000/chapters/oslo/posts/first-meeting/"
    for attribute in ('href="/', 'src="/'):
        assert attribute not in html


def test_entry_carries_authors_tags_language_and_dates(federation):
    entry = feed(federation, "chapters/oslo/atom.xml").entries[0]
    assert [a.name for a in entry.authors] == ["Kari Nordmann"]
    assert [t.term for t in entry.tags] == ["møte", "kafé"]
    assert entry.language == "nb"
    assert entry.published == entry.updated == "2014-10-01T00:00:00+00:00"
    rss = feed(federation, "chapters/norway/rss.xml")
    assert rss.feed.language == "en"
    assert [e.language for e in rss.entries] == [
        "en",
        "nb",
    ]  # joint study sets lang: en
    assert rss.entries[1].author == "Kari Nordmann"


def test_feed_updated_comes_from_the_newest_entry(federation):
    assert feed(federation, "atom.xml").feed.updated == "2014-12-01T00:00:00+00:00"
    assert "<lastBuildDate>Mon, 01 Dec 2014 00:00:00 +0000</lastBuildDate>" in (
        federation.output / "rss.xml"
    ).read_text(encoding="utf-8")


def test_ids_are_tag_uris_of_the_url_path(federation):
    parsed = feed(federation, "chapters/oslo/atom.xml")
    assert parsed.feed.id == "tag:chapterhouse.invalid,2012:/chapters/oslo/atom.xml"
    assert parsed.entries[0].id == (
        "tag:chapterhouse.invalid,2012:/chapters/oslo/posts/first-meeting/"
    )
    rss = feed(federation, "chapters/oslo/rss.xml")
    assert rss.entries[0].id == parsed.entries[0].id


def test_entry_id_survives_editing_title_body_and_date(own_federation):
    before = feed(own_federation, "chapters/oslo/atom.xml").entries[0]
    own_federation.write(
        {
            "chapters/oslo/posts/first-meeting.md": """
        ---
        title: Vårt første møte (rettet)
        date: "2014-10-02"
        modified: "2014-12-24"
        ---
        Helt ny tekst.
    """
        }
    )
    code, out = own_federation.build()
    assert code == 0, out
    after = feed(own_federation, "chapters/oslo/atom.xml").entries[0]
    assert after.title == "Vårt første møte (rettet)"
    assert "Helt ny tekst" in after.content[0].value
    assert after.updated == "2014-12-24T00:00:00+00:00"
    assert after.id == before.id


def test_two_builds_give_byte_identical_feeds(federation, tmp_path):
    first, second = federation.output, tmp_path / "two"
    assert federation.build(output=second)[0] == 0
    feeds_one, feeds_two = feed_bytes(first), feed_bytes(second)
    assert feeds_one == feeds_two
    assert "chapters/oslo/atom.xml" in feeds_one and "feeds.opml" in feeds_one


def test_feeds_max_items_is_honoured(own_federation):
    build_with(own_federation, FEEDS_MAX_ITEMS=2)
    assert titles(own_federation, "atom.xml") == ALL_PUBLISHED[:2]
    assert titles(own_federation, "rss.xml") == ALL_PUBLISHED[:2]
    assert titles(own_federation, "chapters/norway/atom.xml") == [
        "Joint study circle",
        "Første møte",
    ]


def test_siteurl_sets_links_and_tag_authority(own_federation):
    build_with(own_federation, SITEURL="https://iops.example.org")
    parsed = feed(own_federation, "chapters/oslo/atom.xml")
    entry = parsed.entries[0]
    assert entry.id == "tag:iops.example.org,2012:/chapters/oslo/posts/first-meeting/"
    assert entry.link == "https://iops.example.org/chapters/oslo/posts/first-meeting/"
    assert 'href="https://iops.example.org/chapters/oslo/"' in entry.content[0].value
    assert parsed.feed.link == "https://iops.example.org/chapters/oslo/"


def test_opml_lists_every_feed_with_its_title(federation):
    root = ET.fromstring((federation.output / "feeds.opml").read_bytes())
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.findall("body/outline")
    urls = [o.get("xmlUrl") for o in outlines]
    written = sorted(
        "http://localhost:8000/" + p.relative_to(federation.output).as_posix()
        for p in federation.output.rglob("*.xml")
        if p.name != "sitemap.xml"  # not a feed
    )
    assert sorted(urls) == written
    assert all(o.get("text") and o.get("text") == o.get("title") for o in outlines)
    assert outlines[0].get("text") == (
        "IOPS — International Organization for a Participatory Society (Atom)"
    )
    assert {o.get("text") for o in outlines} >= {
        "IOPS Oslo (Atom)",
        "IOPS Oslo (RSS)",
        "United Kingdom and Ireland — IOPS (RSS)",
    }


def alternates(site, url: str) -> list[tuple[str, str]]:
    links = site.page(url).xpath("//head/link[@rel='alternate']")
    return [(link.get("type"), link.get("href")) for link in links]


SITE_LINKS = [
    ("application/atom+xml", "/atom.xml"),
    ("application/rss+xml", "/rss.xml"),
]


def language_links(lang: str) -> list[tuple[str, str]]:
    """The feeds of the page's language come before the whole site's."""
    return [
        ("application/atom+xml", f"/languages/{lang}/atom.xml"),
        ("application/rss+xml", f"/languages/{lang}/rss.xml"),
    ]


@pytest.mark.parametrize("url", ["", "chapters/", "report/"])
def test_every_page_links_the_site_feeds(federation, url):
    assert alternates(federation, url) == [*language_links("en"), *SITE_LINKS]


@pytest.mark.parametrize(
    ("url", "chapter", "lang"),
    [
        ("chapters/oslo/posts/first-meeting/", "oslo", "nb"),
        ("chapters/norway/pages/bylaws/", "norway", "en"),
    ],
)
def test_item_page_links_its_chapters_feeds_then_the_sites(
    federation, url, chapter, lang
):
    assert alternates(federation, url) == [
        ("application/atom+xml", f"/chapters/{chapter}/atom.xml"),
        ("application/rss+xml", f"/chapters/{chapter}/rss.xml"),
        *language_links(lang),
        *SITE_LINKS,
    ]


def test_chapter_page_links_its_own_feeds_first(federation):
    assert alternates(federation, "chapters/oslo/") == [
        ("application/atom+xml", "/chapters/oslo/atom.xml"),
        ("application/rss+xml", "/chapters/oslo/rss.xml"),
        *language_links("nb"),
        *SITE_LINKS,
    ]
    titles = federation.page("chapters/oslo/").xpath(
        "//head/link[@rel='alternate']/@title"
    )
    assert titles[0] == "IOPS Oslo (Atom)"


def test_area_page_links_its_own_feeds(federation):
    assert alternates(federation, "areas/uki/") == [
        ("application/atom+xml", "/areas/uki/atom.xml"),
        ("application/rss+xml", "/areas/uki/rss.xml"),
        *language_links("en"),
        *SITE_LINKS,
    ]


def test_footer_offers_the_feeds_and_the_opml_list(federation):
    footer = federation.page("chapters/oslo/").xpath(
        "//footer//ul[@class='subscribe']"
    )[0]
    hrefs = footer.xpath(".//a/@href")
    assert hrefs == [
        "/chapters/oslo/atom.xml",
        "/chapters/oslo/rss.xml",
        "/languages/nb/atom.xml",
        "/languages/nb/rss.xml",
        "/atom.xml",
        "/rss.xml",
        "/feeds.opml",
    ]
    # Oslo writes Norwegian first: its interface is Norwegian
    assert "IOPS Oslo: Atom eller RSS" in " ".join(footer.text_content().split())
    # under a visible label that names the list for screen readers too
    label = footer.getparent().xpath(f"//*[@id='{footer.get('aria-labelledby')}']")
    assert label[0].text_content() == "Følg i en nyhetsleser"


def test_feed_titles_from_yaml_are_escaped_in_pages(site):
    site.write(
        {
            "chapters/evil/chapter.yaml": """
            name: Evil <script>alert(1)</script> & co
            level: national
            country: NO
        """,
        }
    )
    assert site.build()[0] == 0
    html = (site.output / "chapters/evil/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert 'title="Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; co (Atom)"' in html
    parsed = feed(site, "chapters/evil/atom.xml")
    assert parsed.feed.title == "Evil <script>alert(1)</script> & co"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_language_feed_holds_only_items_in_its_language(federation, lang):
    for name in ("atom.xml", "rss.xml"):
        parsed = feed(federation, f"languages/{lang}/{name}")
        assert parsed.entries, name
        assert {
            e.get("language", parsed.feed.get("language")) for e in parsed.entries
        } == {lang}
    site = feed(federation, "atom.xml")
    in_lang = [e.id for e in site.entries if e.language == lang]
    assert [
        e.id for e in feed(federation, f"languages/{lang}/atom.xml").entries
    ] == in_lang


def test_language_feeds_are_in_the_opml_list_named_in_their_language(federation):
    root = ET.fromstring((federation.output / "feeds.opml").read_bytes())
    titles = {o.get("text") for o in root.findall("body/outline")}
    assert {"IOPS — norsk bokmål (Atom)", "IOPS — English (RSS)"} <= titles
