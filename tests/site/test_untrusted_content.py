"""Contributors cannot run code in readers' browsers (spec §4.2)."""

from __future__ import annotations

import io

import feedparser
import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plugins.feeds.render import plain_text
from plugins.model.sanitize import _UNSAFE, sanitize_html
from tests.conftest import NORWAY_REPOSITORY, built_site

HOSTILE_BODY = """
---
title: Hostile
date: "2014-10-05"
summary: 'Summary <script>alert("s")</script><a href="javascript:alert(2)">x</a>'
---
<script>alert("body")</script>

<p onclick="steal()" onmouseover="steal()">Click</p>

<a href="javascript:alert(1)">js link</a> <a href="JaVaScRiPt:alert(1)">mixed case</a>

<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="data image">

<iframe src="https://evil.example/frame"></iframe>

<iframe src="https://video.example/embed/1" title="Talk"></iframe>

<a href="https://example.org/ok">fine link</a>
"""


@pytest.fixture
def hostile(norway):
    norway.write({"chapters/oslo/posts/hostile.md": HOSTILE_BODY})
    return norway


@pytest.fixture(scope="module")
def built_hostile(tmp_path_factory):
    """The ``hostile`` repository built once; tests only read it."""
    return built_site(
        tmp_path_factory.mktemp("hostile"),
        {**NORWAY_REPOSITORY, "chapters/oslo/posts/hostile.md": HOSTILE_BODY},
    )


def _all_html(site) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in site.output.rglob("*.html"))


def test_scripts_handlers_and_dangerous_urls_never_reach_any_page(built_hostile):
    html = _all_html(built_hostile).lower()
    for page in built_hostile.output.rglob("*.html"):
        scripts = lxml.html.fromstring(page.read_bytes()).xpath("//script")
        # Ours only: the theme's, and on /search/ the UI Pagefind wrote at build time.
        ours = ("/theme/", "/pagefind/")
        assert all(s.get("src", "").startswith(ours) for s in scripts), page
    assert "onclick" not in html and "onmouseover" not in html
    assert "javascript:" not in html
    assert "data:image" not in html
    assert "evil.example" not in html


def test_summary_from_front_matter_is_sanitised_in_listings(built_hostile):
    listing = built_hostile.page("chapters/oslo/")
    summary = listing.xpath("//li[.//a[text()='Hostile']]//div[@class='summary']")[0]
    assert summary.xpath(".//script") == []
    assert all(
        not h.lower().startswith("javascript") for h in summary.xpath(".//a/@href")
    )


def test_an_iframe_from_an_allowed_host_over_http_is_told_to_use_https(norway):
    from plugins.model.federation import content_warnings, load_federation
    from plugins.runner import parse_settings

    norway.write(
        {
            "chapters/oslo/posts/talk.md": '---\ntitle: T\ndate: "2014-10-05"\n---\n'
            '<iframe src="http://video.example/embed/1"></iframe>\n'
        }
    )
    settings = norway.settings()
    settings["CHAPTERS_IFRAME_HOSTS"] = ["video.example"]
    federation, problems = load_federation(parse_settings(settings).chapters)
    assert problems == []
    [warning] = content_warnings(federation)
    assert warning.message == (
        "removed from the HTML: an iframe whose address does not start with "
        "https:// from 'video.example'"
    )
    assert warning.hint == "write its address with https:// (the host is allowed)"


def test_iframes_only_from_allowed_hosts(norway):
    norway.write({"chapters/oslo/posts/hostile.md": HOSTILE_BODY})
    settings = norway.settings()
    settings["CHAPTERS_IFRAME_HOSTS"] = ["video.example"]
    from plugins.runner import build

    assert build(settings) == 0
    frames = norway.page("chapters/oslo/posts/hostile/").xpath("//iframe/@src")
    assert frames == ["https://video.example/embed/1"]


def test_what_the_sanitiser_removes_is_a_warning_on_its_line_from_check_and_build(
    hostile,
):
    code, out = hostile.check()
    assert code == 0, out
    lines = out.splitlines()
    assert lines[:2] == [
        "chapters/oslo/posts/hostile.md:4:19: warning: removed from the HTML: a "
        "<script> element (the page is published without it: delete it from the "
        "text; see docs/content.md, 'Raw HTML and links')",
        "chapters/oslo/posts/hostile.md:4:55: warning: removed from the HTML: a "
        "javascript: link (the page is published without it: delete it from the "
        "text; see docs/content.md, 'Raw HTML and links')",
    ]
    assert any(
        line.startswith(
            "chapters/oslo/posts/hostile.md:14:14: warning: removed from the HTML: "
            "an iframe from 'evil.example' (allowed hosts: none)"
        )
        for line in lines
    )
    assert "8 warnings in 1 file" in lines
    code, built = hostile.build()
    assert code == 0
    assert built.splitlines()[:9] == lines[:9]


def test_removed_html_is_an_annotation_in_a_pull_request_and_an_error_when_strict(
    hostile,
):
    code, out = hostile.check(fmt="github")
    assert code == 0
    assert out.splitlines()[2] == (
        "::warning file=chapters/oslo/posts/hostile.md,line=6,col=1::removed from "
        "the HTML: a <script> element (the page is published without it: delete "
        "it from the text; see docs/content.md, 'Raw HTML and links')"
    )
    from plugins.runner import check

    assert check(hostile.settings(), out=io.StringIO(), strict=True) == 1


def test_a_picture_from_another_site_is_refused_and_nothing_is_published(norway):
    norway.write(
        {
            "chapters/oslo/posts/tracking.md": """
            ---
            title: Tracking
            date: "2014-10-05"
            summary: 'Hi ![s](https://evil.example/s.png)'
            ---
            ![x](https://evil.example/t.png)

            <img src="http://evil.example/u.gif">

            [a link to another site is fine](https://example.org/)
        """,
        }
    )
    code, out = norway.build()
    assert code == 1
    where = "chapters/oslo/posts/tracking.md"
    assert f"{where}:4:19: picture 'https://evil.example/s.png' is on another" in out
    assert f"{where}:6:6: picture 'https://evil.example/t.png' is on another" in out
    assert f"{where}:8:11: picture 'http://evil.example/u.gif' is on another" in out
    assert out.count("download the picture into images/") == 3
    assert not norway.output.exists()


def test_text_from_yaml_is_always_escaped(site):
    site.write(
        {
            "chapters/evil/chapter.yaml": """
            name: '<script>alert(1)</script> Evil'
            level: national
            country: GB
            summary: '<img src=x onerror=alert(1)>'
            city: '"><b>bold</b>'
        """,
        }
    )
    code, out = site.build()
    assert code == 0, out
    raw = (site.output / "chapters/evil/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil" in raw
    assert "<img src=x" not in raw
    assert "<b>bold</b>" not in raw


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<a href="https://example.org/">x</a>', 'href="https://example.org/"'),
        ('<a href="mailto:a@example.org">x</a>', 'href="mailto:a@example.org"'),
        ('<img src="images/a.png" alt="a">', 'src="{static}images/a.png"'),
        ('<a href="../posts/other.md">o</a>', 'href="{filename}../posts/other.md"'),
        ('<a href="#notes">n</a>', 'href="#user-content-notes"'),
        ('<a href="o.md#next">o</a>', 'href="{filename}o.md#user-content-next"'),
        ('<a href="o.md?a=1">o</a>', 'href="{filename}o.md?a=1"'),
        ('<a href="p.pdf#page=2">p</a>', 'href="{static}p.pdf#page=2"'),
        ("<table><tr><td>1</td></tr></table>", "<td>1</td>"),
    ],
)
def test_harmless_markup_and_links_survive(html, kept):
    assert kept in sanitize_html(html)


@pytest.mark.parametrize(
    ("html", "gone"),
    [
        ("<script>x()</script>", "<script"),
        ("<svg><script>x()</script></svg>", "<script"),
        ('<a href="javascript:x()">a</a>', "javascript"),
        ('<a href="  javascript:x()">a</a>', "javascript"),
        ('<img src="data:text/html,x">', "data:"),
        ('<div style="background:url(x)">a</div>', "style"),
        ("<object data='x'></object>", "<object"),
        ("<form action='x'><input></form>", "<form"),
        ('<p onload="x()">a</p>', "onload"),
        ("<iframe src='https://any.example/'></iframe>", "any.example"),
        # Pictures only from the site itself: check refuses the others too.
        ('<img src="https://evil.example/t.png">', "evil.example"),
        ('<img src="//evil.example/t.png">', "evil.example"),
        ('<img src="\\\\evil.example/t.png">', "evil.example"),
        ('<img src="&#x09;https://evil.example/t.png">', "evil.example"),
        ('<video poster="https://evil.example/p.png"></video>', "evil.example"),
        ('<img srcset="https://evil.example/t.png 2x">', "evil.example"),
        ('<audio src="https://evil.example/a.mp3"></audio>', "evil.example"),
        ('<picture><source srcset="https://evil.example/t.png"></picture>', "evil"),
        ('<table background="https://evil.example/t.png"></table>', "evil"),
    ],
)
def test_dangerous_markup_is_removed(html, gone):
    assert gone not in sanitize_html(html).lower()


@pytest.mark.parametrize(
    "link",
    [
        "{author}javascript:g?1:alert(document.domain)",
        "|author|javascript:alert(1)",
        "{tag}javascript:alert(1)",
        "{index}javascript:alert(1)",
        "{static}javascript:alert(1)",
    ],
)
def test_pelican_link_markers_are_refused_and_reach_no_page(norway, link):
    norway.write(
        {
            "chapters/oslo/posts/marker.md": f"""
            ---
            title: Marker
            date: "2014-10-06"
            summary: '<a href="{link}">s</a>'
            ---
            <a href="{link}">click</a> and [md]({link})
        """,
        }
    )
    code, out = norway.build()
    assert code == 1
    assert f"chapters/oslo/posts/marker.md:6:10: link '{link}' uses Pelican's" in out
    assert "(and 1 more time(s) in this file)" in out
    assert not norway.output.exists()
    # The sanitiser removes them on its own too, should one come another way.
    assert "javascript" not in sanitize_html(f'<a href="{link}">x</a>').lower()


def test_relative_links_in_summary_and_about_are_resolved(norway):
    norway.write(
        {
            "chapters/oslo/images/map.png": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "chapters/oslo/about.md": "![Map](images/map.png)\n",
            "chapters/oslo/posts/summary.md": """
            ---
            title: With summary
            date: "2014-10-07"
            summary: 'See ![the map](../images/map.png)'
            ---
            Body.
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    page = norway.page("chapters/oslo/")
    assert page.xpath("//section[@class='about']//img/@src") == [
        "/chapters/oslo/images/map.png"
    ]
    summary = page.xpath("//li[.//a[text()='With summary']]//img/@src")
    assert summary == ["/chapters/oslo/images/map.png"]
    raw = (norway.output / "chapters/oslo/index.html").read_text(encoding="utf-8")
    assert "{static}" not in raw


def test_contributor_ids_and_classes_cannot_take_the_themes(norway):
    norway.write(
        {
            "chapters/oslo/posts/fake.md": """
            ---
            title: Fake banner
            date: "2014-10-04"
            ---
            <div class="banner stale" id="main">This page is out of date</div>

            ## Agenda {: #main .badge }

            [Back to the agenda](#main)
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    page = norway.page("chapters/oslo/posts/fake/")
    assert len(page.xpath("//*[@id='main']")) == 1  # the theme's, for the skip link
    assert page.xpath("//main//*[contains(@class, 'stale')]") == []
    assert page.xpath("//main//*[contains(@class, 'badge')]") == []
    assert page.xpath("//main//h2/@id") == ["user-content-main"]
    assert page.xpath("//main//a[text()='Back to the agenda']/@href") == [
        "#user-content-main"
    ]


HOSTILE_TEXT = "<b>x</b> & <img src=y onerror=z> &amp;"


def test_rss_text_reads_the_same_as_text_and_as_html(site):
    site.write(
        {
            "chapters/evil/chapter.yaml": f"""
            name: '{HOSTILE_TEXT} chapter'
            level: national
            country: NO
        """,
            "chapters/evil/posts/p.md": f"""
            ---
            title: '{HOSTILE_TEXT} title'
            date: "2014-10-01"
            tags: ['{HOSTILE_TEXT} tag']
            authors: ['{HOSTILE_TEXT} author']
            ---
            Text.
        """,
        }
    )
    code, out = site.build()
    assert code == 0, out
    rss = feedparser.parse((site.output / "chapters/evil/rss.xml").read_bytes())
    assert not rss.bozo, rss.get("bozo_exception")
    (entry,) = rss.entries
    texts = [rss.feed.title, entry.title, entry.tags[0].term, entry.author]
    shown = plain_text(HOSTILE_TEXT)
    assert texts == [
        f"{shown} chapter",
        f"{shown} title",
        f"{shown} tag",
        f"{shown} author",
    ]
    for text in texts:
        # feedparser takes RSS text as HTML, as many readers do: no tag forms.
        fragment = lxml.html.fragment_fromstring(text, create_parent="p")
        assert fragment.text_content() == text
        assert len(fragment) == 0


def test_each_call_hears_only_its_own_removals_and_links_even_in_threads():
    """The cleaner is made once; whom it tells is each call's (and each thread's)."""
    from concurrent.futures import ThreadPoolExecutor

    def clean(n: int) -> tuple[str, list, list]:
        removed, links = [], []
        html = sanitize_html(
            f'<a href="../posts/p{n}.md">x</a><img src="https://other{n}.example/i.png">',
            removed=lambda reason, _found: removed.append(reason),
            found_link=lambda *link: links.append(link),
        )
        return html, removed, links

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(clean, range(40)))
    for n, (html, removed, links) in enumerate(results):
        assert f'href="{{filename}}../posts/p{n}.md"' in html
        assert removed == [f"a picture from another site ('other{n}.example')"]
        assert links == [
            ("a", "href", f"../posts/p{n}.md"),
            ("img", "src", f"https://other{n}.example/i.png"),
        ]
    # and a call without listeners afterwards tells no one, and still removes
    assert sanitize_html('<img src="https://other.example/i.png">') == "<img>"


def test_a_listener_that_sanitises_in_turn_leaves_the_outer_call_its_listeners():
    outer: list[str] = []

    def hears(reason: str, found: str) -> None:
        outer.append(reason)
        sanitize_html('<img src="https://inner.example/i.png">')  # tells no one

    html = sanitize_html(
        '<img src="https://one.example/i.png"><img src="https://two.example/i.png">',
        removed=hears,
    )
    assert html == "<img><img>"
    assert outer == [
        "a picture from another site ('one.example')",
        "a picture from another site ('two.example')",
    ]


SCANNED = {reason for _pattern, _held, reason in _UNSAFE}


@given(
    st.lists(
        st.sampled_from(
            [
                *"<>=\"' \tdDaAtTsS:",
                *("src", "SrC", "href", "HREF", "data:", "DaTa:", "<img ", "<a "),
                *("on", "ONclick", "script", "\u017fcript", "javascript:", "STYLE"),
                *(
                    "\u212a",
                    "\u0130",
                    "\u017f",
                    "\u0131",
                    "é",
                ),  # the Kelvin sign, capital I with a dot, the long s, the dotless i
            ]
        ),
        max_size=24,
    ).map("".join)
)
@example("<\u017fcript>")  # re.IGNORECASE takes the long s for "s"
@example('<img src="DATA:x">')
@settings(max_examples=300)
def test_what_is_reported_is_what_each_pattern_finds_in_the_html(html):
    heard: list[str] = []
    sanitize_html(html, removed=lambda reason, _found: heard.append(reason))
    found = [reason for pattern, _held, reason in _UNSAFE if pattern.search(html)]
    assert [reason for reason in heard if reason in SCANNED] == found


@pytest.mark.parametrize(
    "html",
    [
        '<img src="data:image/png;base64,AA">',
        "<img SRC = ' DATA:image/png,x'>",
        '<a HREF="Data:text/html,x">x</a>',
    ],
)
def test_a_data_url_is_reported_whatever_its_case(html):
    heard: list[str] = []
    sanitize_html(html, removed=lambda reason, _found: heard.append(reason))
    assert "a data: URL" in heard


def test_every_table_takes_the_keyboards_focus_whatever_was_written():
    html = sanitize_html(
        '<table tabindex="-1"><tr><td>x</td></tr></table><p tabindex="2">y</p>'
    )
    assert (
        html == '<table tabindex="0"><tbody><tr><td>x</td></tr></tbody></table><p>y</p>'
    )
