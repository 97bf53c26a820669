"""Tables in posts on a phone: words stay whole, and a table too wide scrolls by itself."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import CHROMIUM, served
from tests.browser.test_pages_in_chromium import AXE_OPTIONS
from tests.conftest import built_site

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)

NARROW = """
| Month | Attended | Main item |
|---|---|---|
| January | 9 | planning the year |
| February | 11 | housing and the bedroom tax |
| April | no meeting | |
"""
WIDE = """
| Chapter | Founded | How often we met | Active members (June 2014) | Women | Admins |
|---|---|---|---|---|---|
| Melbourne | February 2013 | fortnightly | 12 | 5 | 2 |
| Missoula | November 2012 | monthly, plus a weekly study circle | 19 | 9 | 1 |
"""

# Words of the table's cells that the browser broke across lines.
BROKEN_WORDS = """table => {
  const broken = [];
  for (const cell of table.querySelectorAll("th, td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def tables_url(tmp_path_factory):
    site = built_site(
        tmp_path_factory.mktemp("tables"),
        {
            "chapters/oslo/chapter.yaml": "name: IOPS Oslo\nlevel: local\ncountry: NO\n",
            "chapters/oslo/reports/spring.md": (
                '---\ntitle: Spring report\ndate: "2014-06-28"\n---\n\n'
                f"{NARROW}\nBetween the tables.\n{WIDE}"
            ),
        },
    )
    with served(site.output) as url:
        yield url + "chapters/oslo/reports/spring/"


def test_on_a_phone_table_words_stay_whole_and_a_wide_table_scrolls_alone(
    browser, tables_url
):
    context = browser.new_context(viewport={"width": 320, "height": 740})
    screen = context.new_page()
    screen.goto(tables_url)
    narrow, wide = screen.locator(".body table").all()
    assert narrow.evaluate(BROKEN_WORDS) == []
    assert narrow.evaluate("t => t.scrollWidth <= t.clientWidth")
    assert wide.evaluate(BROKEN_WORDS) == []
    assert wide.evaluate("t => t.scrollWidth > t.clientWidth")  # scrolls itself
    assert screen.evaluate("document.documentElement.scrollWidth") <= 320
    # it scrolls with the keyboard: the table takes the focus, and axe agrees
    for _ in range(40):  # the skip link, the header, the breadcrumbs...
        screen.keyboard.press("Tab")
        if screen.evaluate("document.activeElement.tagName") == "TABLE":
            break
    assert screen.evaluate("document.activeElement.tagName") == "TABLE"
    violations = Axe().run(screen, options=AXE_OPTIONS).response["violations"]
    assert [v["id"] for v in violations] == []
    context.close()
