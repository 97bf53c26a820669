"""What Pelican's link rewriting puts into a page is sanitised again unless it is a plain address."""

from __future__ import annotations

import pytest

from plugins.content.contents import safe_replacement


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
