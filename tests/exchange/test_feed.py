"""The exchange's Atom document, from plain listings: ids, titles, links, dates."""

from __future__ import annotations

import datetime as dt

import feedparser

from plugins.exchange.board import listings
from plugins.exchange.feed import entry_title, exchange_atom
from plugins.model.chapters import Chapter
from plugins.site.feeds import catalogue

BUILD = dt.date(2015, 1, 15)
FEED = catalogue("IOPS site", "IOPS", "en", {}, [], exchange=True).exchange


def chapter(slug: str, **fields) -> Chapter:
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=f"IOPS {slug.title()}",
        level="local",
        country="GB",
        **fields,
    )


def parsed(chapters: dict, **options):
    shown = listings(chapters, {}, BUILD)
    document = exchange_atom(
        FEED,
        shown,
        base_url="https://iops.example.org",
        authority="iops.example.org",
        tag_year="2012",
        zone=dt.UTC,
        build_date=BUILD,
        author="IOPS site",
        limit=options.pop("limit", 20),
        **options,
    )
    return feedparser.parse(document)


def test_titles_count_offers_and_asks_in_words():
    one = listings({"a": chapter("a", offers=("x",), asks=("y", "z"))}, {}, BUILD)[0]
    assert entry_title(one) == "IOPS A: 1 offer, 2 asks"
    many = listings({"b": chapter("b", offers=("x", "y"))}, {}, BUILD)[0]
    assert entry_title(many) == "IOPS B: 2 offers"


def test_an_entry_is_named_by_its_chapter_and_its_text_and_dated_by_updated():
    feed = parsed(
        {"york": chapter("york", offers=("A speaker",), updated=dt.date(2014, 12, 1))}
    )
    assert feed.bozo == 0
    (entry,) = feed.entries
    assert entry.id.startswith("tag:iops.example.org,2012:/exchange/york/")
    assert len(entry.id.rsplit("/", 1)[1]) == 12
    assert entry.updated.startswith("2014-12-01")
    assert entry.link == "https://iops.example.org/chapters/york/#exchange"
    assert feed.feed.id == "tag:iops.example.org,2012:/exchange/atom.xml"
    assert feed.feed.updated.startswith("2014-12-01")


def test_without_chapter_pages_an_entry_links_its_listing_on_the_exchange():
    feed = parsed({"york": chapter("york", asks=("Help",))}, chapter_pages=False)
    (entry,) = feed.entries
    assert entry.link == "https://iops.example.org/exchange/#chapter-york"
    assert "chapters/york" not in entry.content[0].value


def test_newest_first_and_at_most_the_limit():
    chapters = {
        slug: chapter(slug, offers=("x",), updated=dt.date(2014, month, 1))
        for slug, month in (("a", 3), ("b", 9), ("c", 6))
    }
    feed = parsed(chapters, limit=2)
    assert [e.link.split("/")[-2] for e in feed.entries] == ["b", "c"]


def test_an_empty_exchange_is_an_empty_feed_dated_by_the_build():
    feed = parsed({"york": chapter("york")})
    assert feed.bozo == 0 and feed.entries == []
    assert feed.feed.updated.startswith("2015-01-15")
