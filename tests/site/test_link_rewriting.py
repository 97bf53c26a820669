"""What Pelican's link rewriting puts into a page is sanitised again unless it is a plain address."""

from __future__ import annotations

import os
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.utils import posixize_path

from plugins.content.contents import relative_to_content, safe_replacement


@pytest.mark.parametrize(
    "url",
    [
        "/chapters/oslo/posts/first-meeting/",
        "/chapters/oslo/images/photo.png",
        "/chapters/oslo/posts/first-meeting/#user-content-agenda",
        "/chapters/oslo/posts/a/?page=2&amp;lang=nb",
        "https://iops.example.org/chapters/oslo/",
        "http://localhost:8000/chapters/oslo/",
        "../../images/photo.png",  # RELATIVE_URLS
        "/chapters/oslo/posts/time-12:30/",  # a colon inside the path
        "{static}../images/missing.png",  # a marker Pelican could not resolve
    ],
)
def test_addresses_of_this_site_need_no_second_pass(url):
    assert safe_replacement(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "javascript&#58;alert(1)",  # a browser decodes the reference
        "data:text/html,<script>",
        "vbscript:x",
        '/a" onmouseover="alert(1)',  # ends the attribute
        "/a' onmouseover='alert(1)",
        "/a&quot; onmouseover=&quot;x",
        "/a><script>alert(1)</script>",
        "/a b",
        "/a\tb",
        "\\\\evil.example/x",
    ],
)
def test_anything_else_sends_the_page_through_the_sanitiser(url):
    assert not safe_replacement(url)


def character_by_character(url: str) -> bool:
    """What ``safe_replacement`` says of the characters, written out one by one."""
    read = unescape(url)
    ends = "\"'<>`\\"
    return not (
        any(c in text for text in (url, read) for c in ends)
        or any(ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in read)
    )


@given(
    st.lists(
        st.sampled_from(
            [
                *"/:ajvs#?&;x1 \t\n\"'<>`\\\x00\x1f\x7f\x85\x9f\xa0\u2028é",
                *("&#58;", "&quot;", "&#x3c;", "&#0;", "&#x85;", "&amp;", "&lt;"),
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_no_character_a_browser_would_read_as_an_end_slips_through(url):
    if not character_by_character(url):
        assert not safe_replacement(url)
    elif ":" not in unescape(url):
        assert safe_replacement(url)


def test_every_character_up_to_latin_extended_gets_the_same_verdict():
    for code in range(0x250):
        url = f"/a{chr(code)}b"
        assert safe_replacement(url) == character_by_character(url), hex(code)


def pelicans_relative_path(path: str, content_path: str) -> str:
    """Pelican's own ``get_relative_source_path``, which ours must equal."""
    return posixize_path(
        os.path.relpath(
            os.path.abspath(os.path.join(content_path, path)),
            os.path.abspath(content_path),
        )
    )


@pytest.mark.parametrize("content_path", ["/srv/site", "/srv/site/", "site", "/"])
@pytest.mark.parametrize(
    "path",
    [
        "chapters/oslo/posts/first.md",
        "chapters/oslo/posts/../images/photo.png",
        "./chapters//oslo/./about.md",
        "/srv/site/chapters/oslo/about.md",
        "/srv/site",
        "/srv/sitewide/page.md",  # beside the content folder, not in it
        "../elsewhere/page.md",
        "/etc/passwd",
        "chapters/oslo/posts/caf%C3%A9 menu.md",
    ],
)
def test_paths_relative_to_the_content_folder_are_pelicans(path, content_path):
    assert relative_to_content(path, content_path) == pelicans_relative_path(
        path, content_path
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "..", ".", "", "site", "x y"]), max_size=6),
    st.booleans(),
)
def test_any_path_relative_to_the_content_folder_is_pelicans(parts, absolute):
    path = ("/" if absolute else "") + "/".join(parts)
    assert relative_to_content(path, "/srv/site") == pelicans_relative_path(
        path, "/srv/site"
    )
