"""The pure rules of a feed entry: ids, absolute URLs, dates and which items go in."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from plugins.feeds.entries import (
    Entry,
    absolutize_html,
    aware,
    choose_entries,
    entry_updated,
    feed_updated,
)
from plugins.model.areas import Area
from plugins.model.chapters import Chapter
from plugins.model.urls import absolute as absolute_url
from plugins.site.feeds import catalogue, tag_uri

PAGE = "http://h.example/oslo/posts/a/"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("chapters/oslo/posts/first/", "tag:iops.org,2012:/chapters/oslo/posts/first/"),
        ("/posts/welcome/", "tag:iops.org,2012:/posts/welcome/"),
        ("atom.xml", "tag:iops.org,2012:/atom.xml"),
        ("", "tag:iops.org,2012:/"),
        ("posts/a b/", "tag:iops.org,2012:/posts/a%20b/"),
    ],
)
def test_tag_uri_names_the_url_path_under_authority_and_year(path, expected):
    assert tag_uri("iops.org", "2012", path) == expected


def test_tag_uri_depends_only_on_the_path():
    assert tag_uri("iops.org", "2012", "posts/a/") == tag_uri(
        "iops.org", "2012", "posts/a/"
    )
    assert tag_uri("iops.org", "2012", "posts/a/") != tag_uri(
        "iops.org", "2012", "posts/b/"
    )


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        (
            "http://localhost:8000",
            "chapters/oslo/",
            "http://localhost:8000/chapters/oslo/",
        ),
        ("https://iops.org/", "/atom.xml", "https://iops.org/atom.xml"),
        ("https://example.org/iops", "", "https://example.org/iops/"),
    ],
)
def test_absolute_url_joins_base_and_path(base, path, expected):
    assert absolute_url(base, path) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<a href="/chapters/oslo/">Oslo</a>',
            '<a href="http://h.example/chapters/oslo/" rel="noopener">Oslo</a>',
        ),
        (
            '<img src="/chapters/oslo/images/map.png" alt="map">',
            '<img src="http://h.example/chapters/oslo/images/map.png" alt="map">',
        ),
        (
            '<img src="map.png" alt="">',
            '<img src="http://h.example/oslo/posts/a/map.png" alt="">',
        ),
        (
            '<a href="#minutes">x</a>',
            '<a href="http://h.example/oslo/posts/a/#minutes" rel="noopener">x</a>',
        ),
        (
            '<a href="https://zparticipation.org/">z</a>',
            '<a href="https://zparticipation.org/" rel="noopener">z</a>',
        ),
        (
            '<a href="//cdn.example.org/x">x</a>',
            '<a href="http://cdn.example.org/x" rel="noopener">x</a>',
        ),
        (
            '<a href="mailto:oslo@example.org">mail</a>',
            '<a href="mailto:oslo@example.org" rel="noopener">mail</a>',
        ),
    ],
)
def test_absolutize_html_resolves_links_like_a_browser_on_the_page(html, expected):
    assert absolutize_html(html, PAGE) == expected


def test_absolutize_html_removes_what_the_site_never_allows():
    html = (
        '<p onclick="x()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">j</a></p>'
        '<iframe src="https://evil.example/"></iframe>'
    )
    cleaned = absolutize_html(html, PAGE)
    assert "script" not in cleaned
    assert "onclick" not in cleaned
    assert "javascript:" not in cleaned
    assert "iframe" not in cleaned
    assert cleaned.startswith("<p>Hi")


def test_absolutize_html_keeps_iframes_from_allowed_hosts():
    html = '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'
    assert absolutize_html(html, PAGE, ["www.youtube-nocookie.com"]) == html
    assert absolutize_html(html, PAGE) == ""


def _content(kind: str, name: str) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, name=name)


def test_choose_entries_keeps_dated_kinds_in_order_up_to_the_limit():
    items = [
        _content("pages", "about"),
        _content("posts", "a"),
        _content("events", "b"),
        _content("reports", "c"),
        _content("posts", "d"),
    ]
    assert [i.name for i in choose_entries(items, 3)] == ["a", "b", "c"]
    assert [i.name for i in choose_entries(items, 20)] == ["a", "b", "c", "d"]
    assert choose_entries([_content("pages", "about")], 20) == []


def test_aware_reads_naive_time_in_the_site_zone_and_keeps_aware_time():
    oslo = dt.timezone(dt.timedelta(hours=1))
    assert aware(dt.datetime(2015, 1, 1, 19), oslo).utcoffset() == dt.timedelta(hours=1)
    moment = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    assert aware(moment, oslo) is moment


@pytest.mark.parametrize(
    ("modified", "expected"),
    [
        (None, dt.datetime(2014, 10, 1, tzinfo=dt.UTC)),
        (
            dt.datetime(2014, 11, 2, tzinfo=dt.UTC),
            dt.datetime(2014, 11, 2, tzinfo=dt.UTC),
        ),
        # A modified date before the date is a typo; the entry did not go back in time.
        (
            dt.datetime(2014, 9, 1, tzinfo=dt.UTC),
            dt.datetime(2014, 10, 1, tzinfo=dt.UTC),
        ),
    ],
)
def test_entry_updated_is_modified_when_later_than_date(modified, expected):
    assert entry_updated(dt.datetime(2014, 10, 1, tzinfo=dt.UTC), modified) == expected


def _entry(updated: dt.datetime) -> Entry:
    return Entry("id", "url", "t", "", "", (), (), "en", updated, updated)


def test_feed_updated_is_the_newest_entry_not_the_first():
    older, newer = (
        dt.datetime(2014, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2014, 6, 1, tzinfo=dt.UTC),
    )
    assert feed_updated([_entry(older), _entry(newer)], dt.date(2015, 1, 15)) == newer


def test_empty_feed_is_updated_at_the_build_date_never_now():
    assert feed_updated([], dt.date(2015, 1, 15)) == dt.datetime(
        2015, 1, 15, tzinfo=dt.UTC
    )


def _chapter(slug: str, level: str, languages: tuple[str, ...] = ()) -> Chapter:
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=f"IOPS {slug.title()}",
        level=level,
        country="NO",
        languages=languages,
    )


def test_catalogue_has_site_chapter_and_area_feeds_at_the_public_urls():
    feeds = catalogue(
        "IOPS site",
        "IOPS",
        "en",
        {
            "oslo": _chapter("oslo", "local", ("nb", "en")),
            "norway": _chapter("norway", "national"),
        },
        [Area("nord-neth", "Nordic countries", frozenset({"NO"}))],
    )
    assert (feeds.site.atom, feeds.site.rss) == ("atom.xml", "rss.xml")
    assert (feeds.chapters["oslo"].atom, feeds.chapters["oslo"].rss) == (
        "chapters/oslo/atom.xml",
        "chapters/oslo/rss.xml",
    )
    assert feeds.areas["nord-neth"].rss == "areas/nord-neth/rss.xml"
    assert feeds.chapters["oslo"].language == "nb"
    assert feeds.chapters["norway"].language == "en"
    assert [f.title for f in feeds.all()] == [
        "IOPS site",
        "IOPS Norway",
        "IOPS Oslo",
        "Nordic countries — IOPS",
    ]


def test_a_page_links_its_own_feed_first_then_the_sites():
    oslo = _chapter("oslo", "local")
    area = Area("nord-neth", "Nordic countries", frozenset({"NO"}))
    feeds = catalogue("IOPS site", "IOPS", "en", {"oslo": oslo}, [area])
    assert feeds.for_page() == [feeds.site]
    assert feeds.for_page(chapter=oslo) == [feeds.chapters["oslo"], feeds.site]
    assert feeds.for_page(area=area) == [feeds.areas["nord-neth"], feeds.site]
    assert feeds.for_page(chapter="not a chapter") == [feeds.site]


def test_links_resolve_against_each_calls_own_page_even_in_threads():
    from concurrent.futures import ThreadPoolExecutor

    def resolve(n: int) -> str:
        return absolutize_html('<a href="x/">x</a>', f"https://example.org/p{n}/")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(resolve, range(40)))
    assert results == [
        f'<a href="https://example.org/p{n}/x/" rel="noopener">x</a>' for n in range(40)
    ]


def test_a_feed_keeps_a_style_only_as_the_pages_do_a_cells_text_align():
    html = (
        '<p style="text-align:center;color:red">x</p><span style="color:red">y</span>'
        '<table><tr><td style="text-align:center;color:red">z</td></tr></table>'
    )
    cleaned = absolutize_html(html, "https://example.org/a/")
    assert "<p>x</p><span>y</span>" in cleaned
    assert '<td style="text-align:center">z</td>' in cleaned
