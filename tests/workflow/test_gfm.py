"""Markdown for GitHub written from contributor text (plugins/gfm.py): shown as the text.

The digest, the check's step summary and `invoke changes` once had a code span
each: the digest turned backticks into apostrophes (an address that is not
the admin's), `invoke changes` dropped them from a revision's name and left
out a changed URL that held one, and the step summary's was right.
"""

from __future__ import annotations

import lxml.html
import pytest
from markdown_it import MarkdownIt

from plugins.changes import Changes, changes_markdown
from plugins.digest import _unreachable
from plugins.gfm import code_span


def rendered(markdown: str) -> lxml.html.HtmlElement:
    html = MarkdownIt("commonmark").render(markdown)
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("chapters/oslo/chapter.yaml", "`chapters/oslo/chapter.yaml`"),
        ("a`b", "``a`b``"),
        ("a``b`c", "```a``b`c```"),
        ("`starts`", "`` `starts` ``"),  # a backtick at an end: padded
        ("ends`", "`` ends` ``"),
        ("two\nlines  and\ttabs", "`two\\nlines and tabs`"),  # stays on its line
        ("zero\u200bwidth", "`zero\\u200bwidth`"),
        ("@octocat #1 [x](https://e.example)", "`@octocat #1 [x](https://e.example)`"),
    ],
)
def test_a_code_span_holds_any_text_and_shows_it_as_it_is(text, span):
    assert code_span(text) == span


@pytest.mark.parametrize("text", ["a`b", "`x`", "a``b`c", "@eve `code` [x](y)"])
def test_a_code_span_renders_as_exactly_its_text(text):
    (code,) = rendered(f"- {code_span(text)}").xpath("//code")
    assert code.text_content() == text


def test_an_admins_address_with_a_backtick_is_written_as_it_is():
    class Admin:
        name, github, email = "Eve", None, "e`ve@example.org"

    class Chapter:
        name, slug, admins, contact = "IOPS Bergen", "bergen", [Admin()], {}

    text = _unreachable([Chapter()], ())
    *_, code = rendered(text).xpath("//code")
    assert code.text_content() == "e`ve@example.org"  # was e've@example.org


def test_invoke_changes_names_a_revision_and_shows_a_url_with_a_backtick():
    text = changes_markdown(Changes(added=("/odd`name.png", "/chapters/oslo/")), "v1`")
    assert "`` v1` ``" not in text  # nothing changed: the base is not named here
    assert [c.text_content() for c in rendered(text).xpath("//code")] == [
        "/odd`name.png",  # once left out of the list
        "/chapters/oslo/",
    ]
    text = changes_markdown(Changes(), "v1`")
    (code,) = rendered(text).xpath("//code")
    assert code.text_content() == "v1`"  # was v1
