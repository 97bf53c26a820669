"""A Norwegian chapter page in Chromium: no English interface text unless marked lang="en"."""

from __future__ import annotations

import pytest

from plugins.i18n.catalogues import load_catalogues
from plugins.i18n.extract import extract
from tests.browser.conftest import CHROMIUM
from tests.conftest import ROOT, built_site
from tests.i18n.sites import LANGUAGES_REPOSITORY

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package"
)

# Every text node and label the reader meets, with the language it is read in.
READ_TEXTS = """
() => {
  const found = [];
  const langOf = (el) => (el.closest('[lang]') || document.documentElement).getAttribute('lang');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) found.push([langOf(node.parentElement), text]);
  }
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    for (const name of ['aria-label', 'title']) {
      if (el.hasAttribute(name)) found.push([langOf(el), el.getAttribute(name).trim()]);
    }
  }
  return found;
}
"""


def english_interface_words() -> set[str]:
    """Plain interface messages (no placeholders, no markup) whose Norwegian differs."""
    norwegian = load_catalogues()["nb"]
    words = set()
    for message in extract(ROOT):
        if not message.id or not isinstance(message.id, str) or message.context:
            continue
        text = message.id
        if "%(" in text or "{" in text or "<" in text:
            continue
        if norwegian.gettext(text) != text:
            words.add(text.rstrip(":"))
    return words


@pytest.fixture(scope="module")
def languages(tmp_path_factory):
    return built_site(
        tmp_path_factory.mktemp("browser-languages"), LANGUAGES_REPOSITORY
    )


@pytest.mark.parametrize("url", ["chapters/oslo/", "chapters/oslo/posts/forste-mote/"])
def test_norwegian_page_has_no_english_interface_text_without_lang_en(
    page, languages, url
):
    page.goto((languages.output / url / "index.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "nb"
    english = english_interface_words()
    assert {"Profile", "Skip to content", "Members", "Meetings"} <= english
    leaks = [
        (lang, text)
        for lang, text in page.evaluate(READ_TEXTS)
        if lang != "en" and text.rstrip(":") in english
    ]
    assert leaks == []
    # the same check finds English where the page has no catalogue, marked as English
    page.goto((languages.output / "chapters/lyon/index.html").as_uri())
    marked = [t for lang, t in page.evaluate(READ_TEXTS) if t.rstrip(":") in english]
    assert "Profile" in marked
    unmarked = [
        t
        for lang, t in page.evaluate(READ_TEXTS)
        if lang != "en" and t.rstrip(":") in english
    ]
    assert unmarked == []
