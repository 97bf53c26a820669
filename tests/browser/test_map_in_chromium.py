"""/map/ and the map's parts in Chromium: accessible, local-only, no sideways scroll, by keyboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import CHROMIUM, load_and_settle
from tests.browser.test_pages_in_chromium import AXE_OPTIONS

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package"
)

MAP_PAGES = ["map/", "", "areas/nord-neth/", "chapters/oslo/"]


@pytest.mark.parametrize("width", [320, 1366])
@pytest.mark.parametrize("path", MAP_PAGES)
def test_map_pages_have_no_serious_accessibility_violation_and_fit_the_screen(
    browser, federation_url, path, width
):
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    load_and_settle(page, federation_url + path)
    result = Axe().run(page, options=AXE_OPTIONS)
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert serious == []
    assert overflow <= 0
    assert hosts == {"127.0.0.1"}


def test_a_marker_is_reached_by_keyboard_and_announced_by_name(page, federation_url):
    page.goto(federation_url + "map/")
    marker = page.get_by_role("link", name="IOPS Oslo, active")
    assert marker.count() == 1
    marker.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "IOPS Oslo, active"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/chapters/oslo/")
