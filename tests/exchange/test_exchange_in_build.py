"""The exchange as readers and feed readers get it, on the federation fixture."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import lxml.html
import pytest

from tests.conftest import Site, federation_copy

# Dallas closed in March 2014; what it still lists is shown nowhere.
CLOSED_OFFER = "Our old banners, free to collect"


@pytest.fixture(scope="module")
def federation(tmp_path_factory) -> Site:
    site = federation_copy(tmp_path_factory.mktemp("exchange"))
    dallas = site.root / "chapters/dallas/chapter.yaml"
    dallas.write_text(
        dallas.read_text(encoding="utf-8") + f'offers:\n  - "{CLOSED_OFFER}"\n',
        encoding="utf-8",
    )
    code, out = site.build()
    assert code == 0, out
    return site


def feed_of(output: Path):
    return feedparser.parse((output / "exchange/atom.xml").read_bytes())


def ids_by_chapter(output: Path) -> dict[str, str]:
    return {e.link.split("/")[-2]: e.id for e in feed_of(output).entries}


def lists_under(page, heading: str) -> list[str]:
    items = page.xpath(
        f"//*[self::h3 or self::h4][.='{heading}']/following-sibling::ul[1]/li"
    )
    return [" ".join(li.text_content().split()) for li in items]


def test_the_chapter_page_shows_what_it_offers_and_looks_for(federation):
    page = federation.page("chapters/dublin/")
    section = page.get_element_by_id("exchange")
    assert lists_under(section, "We can offer") == [
        "A speaker on participatory economics for your public meeting",
        "Our stall leaflet, ready to adapt for your city",
    ]
    assert lists_under(section, "We are looking for") == [
        "A chapter to plan a joint action with, as we did with IOPS Vienna"
    ]
    links = section.xpath(".//a/@href")
    assert "#join" in links and "/exchange/" in links


def test_the_exchange_block_comes_after_the_join_block_and_the_news(federation):
    ids = [
        s.get("id") or s.get("aria-labelledby")
        for s in federation.page("chapters/dublin/").xpath("//article/section")
    ]
    assert ids.index("join") < ids.index("activity-heading") < ids.index("exchange")


def test_a_chapter_that_lists_nothing_has_no_exchange_block(federation):
    assert not federation.page("chapters/oslo/").xpath("//*[@id='exchange']")


def test_a_closed_chapters_offers_are_shown_nowhere(federation):
    assert CLOSED_OFFER not in federation.text("chapters/dallas/")
    assert CLOSED_OFFER not in federation.text("exchange/")
    assert CLOSED_OFFER not in (federation.output / "exchange/atom.xml").read_text()


def test_check_warns_that_a_closed_chapters_offers_are_not_shown(federation):
    code, out = federation.check()
    assert code == 0
    assert (
        "chapters/dallas/chapter.yaml:" in out
        and "a closed chapter's offers and asks are not shown" in out
    )


def test_the_exchange_groups_chapters_by_area_then_country(federation):
    page = federation.page("exchange/")
    groups = [
        (section.xpath("string(h2)"), section.xpath(".//article/h3/a/text()"))
        for section in page.xpath("//section[@class='exchange-group']")
    ]
    # Areas in the settings' order; the US national chapter has no area.
    assert groups == [
        ("North-west Europe", ["IOPS Wien"]),
        ("United Kingdom and Ireland", ["IOPS (County) Dublin"]),
        ("Middle North America", ["IOPS Chicago"]),
        ("United States", ["IOPS United States"]),
    ]
    toc = page.xpath("//nav[@class='exchange-toc']//a/@href")
    assert toc == [
        f"#{s.get('aria-labelledby')}"
        for s in page.xpath("//section[@class='exchange-group']")
    ]


def exported(site: Site) -> dict[str, dict]:
    rows = json.loads((site.output / "data/chapters.json").read_text("utf-8"))
    return {row["slug"]: row for row in rows}


def test_each_listing_shows_its_chapters_activity_and_whether_it_is_out_of_date(
    federation,
):
    rows = exported(federation)
    articles = federation.page("exchange/").xpath("//article[@id]")
    assert articles
    for article in articles:
        row = rows[article.get("id").removeprefix("chapter-")]
        badges = article.xpath(".//span[contains(@class, 'badge')]/@class")
        assert f"badge activity-{row['activity']}" in badges
        assert ("badge stale" in badges) == row["stale"]


def test_each_listing_links_its_chapter_and_its_obfuscated_contact(federation):
    raw = (federation.output / "exchange/index.html").read_text(encoding="utf-8")
    assert "wien@example.org" not in raw and "mailto:" not in raw
    page = federation.page("exchange/")
    wien = page.get_element_by_id("chapter-vienna")
    hrefs = wien.xpath(".//a/@href")
    assert "/chapters/vienna/" in hrefs
    assert "mailto:wien@example.org" in hrefs  # as the browser reads the references
    assert (
        "Übersetzungen vom Deutschen ins Englische und umgekehrt" in wien.text_content()
    )
    assert wien.get("lang") == "de"
    chicago = page.get_element_by_id("chapter-chicago")
    assert "Taking a break" in chicago.text_content()


def test_the_exchange_page_links_its_feed(federation):
    page = federation.page("exchange/")
    links = page.xpath(
        "//head/link[@rel='alternate'][@type='application/atom+xml']/@href"
    )
    assert "/exchange/atom.xml" in links


def test_the_feed_has_one_entry_per_listing_newest_first(federation):
    feed = feed_of(federation.output)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.title == "Offers and asks — IOPS"
    assert feed.feed.link == "http://localhost:8000/exchange/"
    assert [(e.title, e.updated[:10]) for e in feed.entries] == [
        ("IOPS (County) Dublin: 2 offers, 1 ask", "2014-12-09"),
        ("IOPS Wien: 2 offers, 1 ask", "2014-11-20"),
        ("IOPS United States: 1 ask", "2014-09-12"),
        ("IOPS Chicago: 1 offer", "2013-10-01"),
    ]
    dublin = feed.entries[0]
    assert dublin.link == "http://localhost:8000/chapters/dublin/#exchange"
    assert dublin.id.startswith("tag:chapterhouse.invalid,2012:/exchange/dublin/")
    assert "Our stall leaflet, ready to adapt for your city" in dublin.content[0].value


def test_feed_ids_are_stable_across_rebuilds_and_unrelated_edits(federation, tmp_path):
    before = ids_by_chapter(federation.output)
    edited = federation.copy(tmp_path / "repo")
    vienna = edited.root / "chapters/vienna/chapter.yaml"
    text = vienna.read_text(encoding="utf-8")
    vienna.write_text(text.replace('updated: "2014-11-20"', 'updated: "2014-12-20"'))
    post = edited.root / "chapters/dublin/posts/2015-01-02-new-year.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    post.write_text(
        '---\ntitle: New year\ndate: "2015-01-02"\n---\nHello.\n', encoding="utf-8"
    )
    code, out = edited.build(output=tmp_path / "again")
    assert code == 0, out
    assert ids_by_chapter(tmp_path / "again") == before
    # Rebuilt as it was, the feed is the same bytes.
    code, out = federation.copy(tmp_path / "same").build(output=tmp_path / "same-out")
    assert code == 0, out
    assert (tmp_path / "same-out/exchange/atom.xml").read_bytes() == (
        federation.output / "exchange/atom.xml"
    ).read_bytes()


def test_a_changed_offer_is_a_new_entry_and_the_others_keep_their_ids(
    federation, tmp_path
):
    before = ids_by_chapter(federation.output)
    edited = federation.copy(tmp_path / "repo")
    vienna = edited.root / "chapters/vienna/chapter.yaml"
    vienna.write_text(
        vienna.read_text(encoding="utf-8").replace("auch online", "nur online"),
        encoding="utf-8",
    )
    code, out = edited.build(output=tmp_path / "after")
    assert code == 0, out
    after = ids_by_chapter(tmp_path / "after")
    assert after["vienna"] != before["vienna"]
    assert {k: v for k, v in after.items() if k != "vienna"} == {
        k: v for k, v in before.items() if k != "vienna"
    }


def test_offers_are_escaped_in_the_page_and_the_feed(tmp_path):
    site = federation_copy(tmp_path / "repo")
    oslo = site.root / "chapters/oslo/chapter.yaml"
    hostile = "<script>alert(1)</script> & <b>bold</b>"
    oslo.write_text(
        oslo.read_text(encoding="utf-8") + f"offers:\n  - '{hostile}'\n",
        encoding="utf-8",
    )
    code, out = site.build()
    assert code == 0, out
    for url in ("exchange/", "chapters/oslo/"):
        assert not site.page(url).xpath("//main//script|//main//b")
        assert hostile in site.text(url)
    entry = next(e for e in feed_of(site.output).entries if "/oslo/" in e.link)
    content = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    assert not content.xpath(".//script|.//b") and hostile in content.text_content()


def test_the_feeds_list_names_the_exchange_feed(federation):
    root = ET.fromstring((federation.output / "feeds.opml").read_bytes())
    found = [
        (o.get("text"), o.get("xmlUrl"), o.get("htmlUrl"))
        for o in root.iter("outline")
        if "exchange" in o.get("xmlUrl")
    ]
    assert found == [
        (
            "Offers and asks — IOPS (Atom)",
            "http://localhost:8000/exchange/atom.xml",
            "http://localhost:8000/exchange/",
        )
    ]
