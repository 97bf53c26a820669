"""The site in a real browser: accessible, responsive, local-only, usable without JS."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import CHROMIUM, load_and_settle
from tests.conftest import FEDERATION_SITE

# Debian's Chromium is installed by .ci/run; a newcomer without it sees these skipped.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package"
)

PAGES = [
    "",
    "chapters/",
    "chapters/uk/",
    "chapters/oslo/",
    "chapters/vienna/",
    "areas/uki/",
    "reports/what-happened-2014/",
    "events/",
    "chapters/oslo/events/",
    "report/",
    "chapters/dublin/events/bridge-opening-solidarity/",
    "chapters/norway/pages/bylaws/",
    "chapters/london/",
    "chapters/bergen/",
    "chapters/london/events/reading-group-winter-2015/",
    "chapters/dallas/",
    "chapters/london/posts/",
    "chapters/norway/pages/",
    "pages/join/",
    "pages/contact/",
    "404.html",
    "exchange/",
    "chapters/dublin/",
    "search/",
    "map/",
]
CHAPTERS = len([p for p in (FEDERATION_SITE / "chapters").iterdir() if p.is_dir()])


def chapters_declaring(lang: str) -> list[str]:
    """The names of the fixture's chapters whose chapter.yaml lists ``lang``."""
    profiles = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (FEDERATION_SITE / "chapters").glob("*/chapter.yaml")
    ]
    return sorted(p["name"] for p in profiles if lang in p.get("languages", []))


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Only violations are asserted: axe then details one passing node per rule, not all.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}


# The widest screen the tests use: a laptop's (the layout is the same from 68rem up).
LAPTOP = {"width": 1366, "height": 740}


@pytest.fixture(scope="module")
def context(browser):
    """One browser context, a laptop's screen, for the tests that only load a
    page and look at it."""
    context = browser.new_context(viewport=LAPTOP)
    yield context
    context.close()


@pytest.fixture
def tab(context):
    tab = context.new_page()
    yield tab
    tab.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(tab, federation_url, path):
    response = tab.goto(federation_url + path)
    assert response.status == 200
    result = Axe().run(tab, options=AXE_OPTIONS)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
    ]
    assert violations == []


# A context of its own (the page fixture): nothing comes from another page's cache.
@pytest.mark.parametrize("path", PAGES)
def test_page_makes_no_request_to_another_host(page, federation_url, path):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    load_and_settle(page, federation_url + path)
    assert hosts == {"127.0.0.1"}


WIDTHS = [320, 390, 1366]


@pytest.fixture(scope="module")
def screens(browser):
    """A page per screen width, for the tests that only load a page and look at it."""
    contexts = {
        width: browser.new_context(viewport={"width": width, "height": 740})
        for width in WIDTHS
    }
    yield {width: context.new_page() for width, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_page_fits_the_screen_without_sideways_scrolling(
    screens, federation_url, path, width
):
    screen = screens[width]
    screen.goto(federation_url + path)
    overflow = screen.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


# One page of every kind the site writes.
PAGE_KINDS = {
    "home": "",
    "chapter": "chapters/london/",
    "listing": "chapters/london/posts/",
    "item": "chapters/norway/pages/bylaws/",
    "event": "chapters/london/events/reading-group-winter-2015/",
    "area": "areas/uki/",
    "directory": "chapters/",
    "events": "events/",
    "report": "report/",
    "404": "404.html",
    "exchange": "exchange/",
    "map": "map/",
}


def test_every_kind_of_page_is_among_the_pages_checked_at_a_laptops_width():
    assert set(PAGE_KINDS.values()) <= set(PAGES)


# The laptop's width is test_page_has_no_accessibility_violations', every
# violation of every page; the phones' widths are here, the serious ones.
@pytest.mark.parametrize("width", [w for w in WIDTHS if w < LAPTOP["width"]])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_serious_accessibility_violation_at_any_width(
    screens, federation_url, kind, width
):
    screen = screens[width]
    screen.goto(federation_url + PAGE_KINDS[kind])
    result = Axe().run(screen, options=AXE_OPTIONS)
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# What has the keyboard focus: its name, and whether all of it is on the screen.
FOCUSED = """() => {
  const e = document.activeElement, box = e.getBoundingClientRect();
  const name = e.getAttribute('aria-label') || e.name || e.textContent.trim();
  return [name, box.left >= 0 && box.right <= innerWidth && box.width > 0];
}"""
MENU = ["About", "Chapters", "Events", "Join", "Contact", "Report"]


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_walks_the_header_in_order_and_brings_each_menu_link_on_screen(
    browser, federation_url, width
):
    context = browser.new_context(viewport={"width": width, "height": 740})
    screen = context.new_page()
    screen.goto(federation_url + "chapters/london/")
    walked = []
    for _ in range(10):
        screen.keyboard.press("Tab")
        walked.append(screen.evaluate(FOCUSED))
    names = [name for name, _ in walked]
    assert names[0] == "Skip to content"
    assert names[2:] == [*MENU, "q", "Search"]
    assert [name for name, on_screen in walked if not on_screen] == []
    nav = screen.get_by_role("navigation", name="Site")
    nav.get_by_role("link", name="Join", exact=True).click()
    assert screen.url.endswith("/pages/join/")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_header_has_one_height_on_every_page_of_a_language(
    browser, federation_url, width
):
    context = browser.new_context(viewport={"width": width, "height": 740})
    screen = context.new_page()
    heights, languages = {}, set()
    for url in [
        "",
        "chapters/",
        "chapters/oslo/",
        "chapters/vienna/",
        "events/",
        "report/",
    ]:
        screen.goto(federation_url + url)
        lang = screen.evaluate("document.documentElement.lang")
        heights.setdefault(lang, set()).add(
            screen.locator("header.site-header").bounding_box()["height"]
        )
        languages.add(lang)
    assert {"en", "nb", "de"} <= languages
    # Longer labels may wrap the menu onto a second line sooner: one height
    # for every page of a language.
    assert all(len(seen) == 1 for seen in heights.values()), heights
    # A phone keeps most of its first screen for the content.
    tallest = max(max(seen) for seen in heights.values())
    assert tallest <= (130 if width < 600 else 80), heights
    context.close()


@pytest.mark.parametrize("url", ["report/", "chapters/oslo/", "chapters/vienna/"])
def test_a_phone_shows_every_menu_link_whatever_the_language(
    browser, federation_url, url
):
    context = browser.new_context(
        viewport={"width": 320, "height": 740}, java_script_enabled=False
    )
    screen = context.new_page()
    screen.goto(federation_url + url)
    nav = screen.locator("header.site-header nav")
    links = nav.locator("a").all()
    assert len(links) == len(MENU)
    for link in links:  # on screen, not scrolled out of sight
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, link.inner_text()
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")
    assert screen.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_chapter_page_shows_how_to_join_first(browser, federation_url, width):
    context = browser.new_context(viewport={"width": width, "height": 740})
    screen = context.new_page()
    screen.goto(federation_url + "chapters/london/")
    first = screen.locator("article.chapter > section").first
    assert first.get_attribute("class") == "join"
    assert "Next meeting" in first.inner_text()
    # Reachable without scrolling past anything else: its heading is on the first screen.
    heading = screen.locator("#join-heading").bounding_box()
    assert heading and heading["y"] < 740
    context.close()


def test_directory_is_complete_without_javascript(browser, federation_url):
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(federation_url + "chapters/")
    rows = plain.locator("table.directory tbody tr")
    assert rows.count() == CHAPTERS
    assert plain.locator("#directory-controls").is_hidden()
    assert not plain.get_by_label("Language").is_visible()
    assert plain.locator("select:visible").count() == 0
    plain.click("text=United Kingdom and Ireland")
    assert plain.url.endswith("#area-uki")
    context.close()


def test_directory_filter_narrows_the_rows(page, federation_url):
    page.goto(federation_url + "chapters/")
    page.fill("#directory-controls input[name=q]", "oslo")  # a name and a city
    visible = page.locator("table.directory tbody tr:visible th a").all_inner_texts()
    assert sorted(visible) == ["IOPS Norge", "IOPS Oslo"]
    page.fill("#directory-controls input[name=q]", "")
    page.select_option("select[name=activity]", "dormant")
    visible = page.locator("table.directory tbody tr:visible th a").all_inner_texts()
    assert "IOPS Chicago" in visible
    assert all(row != "IOPS Oslo" for row in visible)
    assert (
        page.locator("output[name=count]")
        .inner_text()
        .endswith(f"of {CHAPTERS} chapters shown")
    )


def test_a_directory_search_that_matches_nothing_offers_the_site_search(
    page, federation_url
):
    page.goto(federation_url + "chapters/")
    none = page.locator("#no-match")
    assert not none.is_visible()
    page.fill("#directory-controls input[name=q]", "Sheffield")
    assert none.is_visible()
    assert none.locator("a").get_attribute("href") == "/search/?q=Sheffield"
    page.fill("#directory-controls input[name=q]", "oslo")
    assert not none.is_visible()


def visible_chapters(page) -> list[str]:
    return sorted(
        page.locator("table.directory tbody tr:visible th a").all_inner_texts()
    )


def test_directory_language_filter_shows_the_chapters_declaring_it(
    page, federation_url
):
    norwegian = chapters_declaring("nb")
    assert 0 < len(norwegian) < CHAPTERS  # the fixture must let the filter show
    page.goto(federation_url + "chapters/")
    choice = page.get_by_label("Language")
    assert choice.locator("option").all_inner_texts() == [
        "any language",
        "English",
        "German",
        "Norwegian Bokmål",
    ]
    choice.select_option("nb")
    assert visible_chapters(page) == norwegian
    assert page.locator("output[name=count]").inner_text() == (
        f"{len(norwegian)} of {CHAPTERS} chapters shown"
    )
    # Areas with no Norwegian chapter disappear with their heading.
    assert page.locator("section#area-uki").is_hidden()
    choice.select_option("")
    assert len(visible_chapters(page)) == CHAPTERS


def test_directory_language_filter_and_text_box_must_both_match(page, federation_url):
    page.goto(federation_url + "chapters/")
    page.get_by_label("Language").select_option("nb")
    page.fill("#directory-controls input[name=q]", "bergen")
    assert visible_chapters(page) == ["IOPS Bergen"]
    page.get_by_label("Language").select_option("de")
    assert visible_chapters(page) == []
    assert page.locator("output[name=count]").inner_text() == (
        f"0 of {CHAPTERS} chapters shown"
    )


def test_directory_reads_the_language_from_the_address(page, federation_url):
    page.goto(federation_url + "chapters/?lang=de&q=wien")
    assert page.get_by_label("Language").input_value() == "de"
    assert visible_chapters(page) == ["IOPS Wien"]
    page.goto(federation_url + "chapters/?lang=de")
    assert visible_chapters(page) == chapters_declaring("de")
    # A language no chapter declares leaves the filter on "any language".
    page.goto(federation_url + "chapters/?lang=xx")
    assert page.get_by_label("Language").input_value() == ""
    assert len(visible_chapters(page)) == CHAPTERS


def test_directory_columns_sort_on_click(page, federation_url):
    page.goto(federation_url + "chapters/")
    table = page.locator("section#area-uki table")
    last_updated = table.locator("thead th", has_text="Last updated")
    last_updated.locator("button").click()
    dates = table.locator("tbody tr td[data-label='Last updated']").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)"
    )
    assert dates == sorted(dates)
    assert last_updated.get_attribute("aria-sort") == "ascending"


def test_sorting_a_column_is_said_as_well_as_shown(page, federation_url):
    page.goto(federation_url + "chapters/")
    page.locator("section#area-uki thead th button", has_text="Last updated").click()
    status = page.locator("#distance-status")
    status.filter(has_text="Sorted by").wait_for()
    assert status.inner_text() == "Sorted by Last updated, ascending."
    assert page.locator("#distance-status").get_attribute("role") == "status"


def test_filtering_hides_the_areas_that_lead_nowhere_from_the_list_of_areas(
    page, federation_url
):
    page.goto(federation_url + "chapters/")
    page.fill("#directory-controls input[name=q]", "oslo")
    listed = page.locator("nav.toc li:visible a").all_inner_texts()
    assert listed == ["Nordic countries and the Netherlands"]
    page.fill("#directory-controls input[name=q]", "")
    assert (
        page.locator("nav.toc li:visible").count()
        == page.locator("section.area-group").count()
    )


def test_on_a_phone_the_directorys_sort_buttons_take_no_unseen_focus(
    screens, federation_url
):
    screen = screens[390]
    screen.goto(federation_url + "chapters/")
    screen.locator("#sort-by-distance").focus()
    for _ in range(5):
        screen.keyboard.press("Tab")
        box = screen.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return [r.width, r.height]; })()"
        )
        assert min(box) > 2, screen.evaluate("document.activeElement.outerHTML")


@pytest.mark.parametrize("url", ["", "map/"])
def test_one_tab_and_enter_skip_the_maps_marks(page, federation_url, url):
    page.goto(federation_url + url)
    where = "document.querySelector('svg.map').getBoundingClientRect().top + scrollY"
    before = page.evaluate(where)
    skip = page.locator("a.skip-map")
    skip.focus()
    assert skip.is_visible()  # shown when it has the focus
    assert page.evaluate(where) == before  # over the map: nothing moves
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('svg') === null")
    assert focused, "the next Tab went to a mark of the map"


def test_keyboard_focus_is_visible(page, federation_url):
    page.goto(federation_url + "chapters/uk/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


@pytest.mark.parametrize("width", [320, 1366])
def test_report_chart_labels_stay_readable(screens, federation_url, width):
    screen = screens[width]
    screen.goto(federation_url + "report/")
    heights = screen.locator("svg.chart text.label").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert heights
    assert min(heights) >= 12  # CSS pixels on the screen, not units of the drawing


@pytest.mark.parametrize("width", [320, 390])
def test_report_tables_become_labelled_cards_on_a_phone(screens, federation_url, width):
    screen = screens[width]
    screen.goto(federation_url + "report/")
    table = screen.locator("section#area-uki table.report")
    assert table.locator("thead").bounding_box()["height"] <= 1  # hidden, still read
    label = table.locator("tbody tr >> nth=0").locator("td >> nth=0")
    before = label.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert before == '"Level: "'


@pytest.mark.parametrize("path", ["report/", "chapters/norway/pages/bylaws/"])
def test_dark_mode_follows_the_readers_setting(browser, federation_url, path):
    def colours(scheme):
        context = browser.new_context(color_scheme=scheme)
        screen = context.new_page()
        screen.goto(federation_url + path)
        found = screen.evaluate(
            "[getComputedStyle(document.documentElement).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
        context.close()
        return found

    assert colours("light") == ["rgb(255, 255, 255)", "rgb(27, 27, 27)"]
    background, text = colours("dark")
    assert background != "rgb(255, 255, 255)" and text != "rgb(27, 27, 27)"


@pytest.fixture(scope="module")
def dark(browser):
    """A laptop's screen whose reader chose a dark colour scheme."""
    context = browser.new_context(viewport=LAPTOP, color_scheme="dark")
    yield context.new_page()
    context.close()


# Every kind of page, and a chapter whose membership figure is flagged.
@pytest.mark.parametrize("path", [*PAGE_KINDS.values(), "chapters/chicago/"])
def test_every_text_keeps_its_contrast_in_dark_mode(dark, federation_url, path):
    dark.goto(federation_url + path)
    result = Axe().run(
        dark,
        options={
            "runOnly": {"type": "rule", "values": ["color-contrast"]},
            "resultTypes": ["violations"],
        },
    )
    assert [
        [n["target"] for n in v["nodes"]][:3] for v in result.response["violations"]
    ] == []


@pytest.mark.parametrize("path", ["report/", "chapters/norway/pages/bylaws/"])
def test_print_leaves_out_the_navigation_and_keeps_the_content(
    page, federation_url, path
):
    page.goto(federation_url + path)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Site").is_visible()
    assert page.locator("main h1").is_visible()
    if path == "report/":
        assert (
            page.locator("table.report >> nth=0").evaluate(
                "table => getComputedStyle(table).display"
            )
            == "table"
        )
