"""Atom, RSS and OPML from plain entries, parsed back as a feed reader would."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace

import feedparser
import lxml.html
import pytest
from feedgen.entry import FeedEntry

from plugins.feeds.entries import Entry
from plugins.feeds.render import atom_xml, opml_xml, plain_text, rss_xml
from plugins.site.feeds import Feed

BASE = "https://iops.example.org"
FEED = Feed(
    "IOPS Oslo", "Posts, reports and events of IOPS Oslo", "chapters/oslo/", "nb"
)
PUBLISHED = dt.datetime(2014, 10, 1, 19, tzinfo=dt.UTC)
UPDATED = dt.datetime(2014, 10, 3, tzinfo=dt.UTC)
ENTRY = Entry(
    id="tag:iops.example.org,2012:/chapters/oslo/posts/first/",
    url=f"{BASE}/chapters/oslo/posts/first/",
    title="Første møte & mer",
    content=f'<p>Vi møttes på <a href="{BASE}/chapters/oslo/">kafé</a>.</p>',
    summary="<p>Vi møttes.</p>",
    authors=("Kari Nordmann", "Ola"),
    tags=("møte", "oslo"),
    lang="nb",
    published=PUBLISHED,
    updated=UPDATED,
)


def _atom(entries=(ENTRY,)) -> bytes:
    return atom_xml(
        FEED,
        list(entries),
        base_url=BASE,
        feed_id="tag:iops.example.org,2012:/chapters/oslo/atom.xml",
        updated=UPDATED,
        author="IOPS",
    )


def test_atom_entry_carries_everything_a_reader_shows():
    parsed = feedparser.parse(_atom())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "tag:iops.example.org,2012:/chapters/oslo/atom.xml"
    assert parsed.feed.link == f"{BASE}/chapters/oslo/"
    assert parsed.feed.language == "nb"
    entry = parsed.entries[0]
    assert entry.id == ENTRY.id
    assert entry.title == "Første møte & mer"
    assert entry.link == ENTRY.url
    assert entry.content[0].type == "text/html"
    assert f'href="{BASE}/chapters/oslo/"' in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Kari Nordmann", "Ola"]
    assert [t.term for t in entry.tags] == ["møte", "oslo"]
    assert entry.language == "nb"
    assert entry.published_parsed[:4] == (2014, 10, 1, 19)
    assert entry.updated_parsed[:3] == (2014, 10, 3)


def test_rss_item_carries_guid_summary_content_and_creators():
    parsed = feedparser.parse(rss_xml(FEED, [ENTRY], base_url=BASE, updated=UPDATED))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.link == f"{BASE}/chapters/oslo/"
    assert parsed.feed.language == "nb"
    assert parsed.feed.updated_parsed[:3] == (2014, 10, 3)
    entry = parsed.entries[0]
    assert entry.id == ENTRY.id
    assert entry.guidislink is False
    assert entry.summary == "<p>Vi møttes.</p>"
    assert "kafé" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Kari Nordmann", "Ola"]
    assert [t.term for t in entry.tags] == ["møte", "oslo"]
    assert entry.language == "nb"


def test_generator_is_constant_and_names_no_version():
    for document in (_atom(), rss_xml(FEED, [ENTRY], base_url=BASE, updated=UPDATED)):
        assert b"<generator>Chapterhouse</generator>" in document
        assert b"feedgen" not in document


def test_empty_feed_is_valid():
    parsed = feedparser.parse(_atom(entries=()))
    assert not parsed.bozo
    assert parsed.entries == []
    assert parsed.feed.updated_parsed[:3] == (2014, 10, 3)


def test_opml_lists_atom_and_rss_of_every_feed_with_titles_escaped():
    site = Feed('IOPS "<International>"', "Everything", "", "en")
    root = ET.fromstring(opml_xml("Feeds of IOPS & co", [site, FEED], BASE))
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "Feeds of IOPS & co"
    outlines = [
        (o.get("text"), o.get("xmlUrl"), o.get("type")) for o in root.iter("outline")
    ]
    assert outlines == [
        ('IOPS "<International>" (Atom)', f"{BASE}/atom.xml", "rss"),
        ('IOPS "<International>" (RSS)', f"{BASE}/rss.xml", "rss"),
        ("IOPS Oslo (Atom)", f"{BASE}/chapters/oslo/atom.xml", "rss"),
        ("IOPS Oslo (RSS)", f"{BASE}/chapters/oslo/rss.xml", "rss"),
    ]


HOSTILE_NAME = "<b>Oslo</b> & <script>alert(1)</script> &amp; &#60;i&#62;"
# What readers see: the look-alike characters of docs/feeds.md.
LT, GT = (
    "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}",
    "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}",
)
AMP = "\N{FULLWIDTH AMPERSAND}"
SHOWN = (
    f"{LT}b{GT}Oslo{LT}/b{GT} & {LT}script{GT}alert(1){LT}/script{GT} "
    f"{AMP}amp; {AMP}#60;i{AMP}#62;"
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Posts of IOPS Oslo", "Posts of IOPS Oslo"),
        ("Oslo & Akershus", "Oslo & Akershus"),  # a lone & means the same in both
        ("a <-> b", f"a {LT}-{GT} b"),
        (HOSTILE_NAME, SHOWN),
    ],
)
def test_plain_text_has_no_markup_and_no_character_reference(text, shown):
    assert plain_text(text) == shown


def test_channel_description_reads_the_same_as_text_and_as_html():
    feed = Feed(HOSTILE_NAME, f"Posts of {HOSTILE_NAME}", "chapters/oslo/", "nb")
    rss = feedparser.parse(rss_xml(feed, [ENTRY], base_url=BASE, updated=UPDATED))
    atom = feedparser.parse(
        atom_xml(
            feed,
            [ENTRY],
            base_url=BASE,
            feed_id="tag:iops.example.org,2012:/chapters/oslo/atom.xml",
            updated=UPDATED,
            author="IOPS",
        )
    )
    for parsed in (rss, atom):
        assert not parsed.bozo, parsed.get("bozo_exception")
        # feedparser takes the RSS description as HTML (as most readers do) and
        # the Atom subtitle as text: both show the same characters, no tag.
        described = parsed.feed.subtitle
        assert described == f"Posts of {SHOWN}"
        assert (
            lxml.html.fragment_fromstring(described, create_parent="p").text_content()
            == described
        )
    assert rss.feed.subtitle_detail.type == "text/html"


def many_tags_entry(count: int) -> Entry:
    return replace(ENTRY, tags=tuple(f"tag-{number}" for number in range(count)))


def test_an_entry_with_thousands_of_tags_carries_every_one():
    entry = many_tags_entry(2000)
    for document in (
        _atom(entries=(entry,)),
        rss_xml(FEED, [entry], base_url=BASE, updated=UPDATED),
    ):
        parsed = feedparser.parse(document)
        assert [tag.term for tag in parsed.entries[0].tags] == list(entry.tags)


def test_feedgen_gets_all_of_an_entrys_categories_in_one_call(monkeypatch):
    # feedgen rebuilds its category list on every call: one call per tag is
    # quadratic (4,000 tags took seconds per feed).
    calls = []
    category = FeedEntry.category

    def counting(self, *args, **kwargs):
        calls.append(args or kwargs)
        return category(self, *args, **kwargs)

    monkeypatch.setattr(FeedEntry, "category", counting)
    rss_xml(FEED, [many_tags_entry(50)], base_url=BASE, updated=UPDATED)
    assert len(calls) == 1
