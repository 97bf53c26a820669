"""Finding chapters in a real browser: the header's search, /search/ and the directory."""

from __future__ import annotations

import threading
import time

import pytest

from plugins.search.records import FILTER_NAMES
from tests.browser.conftest import CHROMIUM, _QuietHandler, load_and_settle, served
from tests.conftest import FEDERATION_SITE

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package"
)

CHAPTERS = len([p for p in (FEDERATION_SITE / "chapters").iterdir() if p.is_dir()])
RESULT_LINKS = "#search .pagefind-ui__result-link"


def search_from_the_header(page, start_url: str, words: str) -> list[str]:
    """Type into the header's box on any page; the URLs of the results, best first."""
    page.goto(start_url)
    page.fill("header form.site-search input[name=q]", words)
    page.press("header form.site-search input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator(RESULT_LINKS).first.wait_for()
    return result_paths(page)


def result_paths(page) -> list[str]:
    return page.locator(RESULT_LINKS).evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


def test_a_city_named_only_in_a_chapters_profile_finds_that_chapter_first(
    page, federation_url
):
    results = search_from_the_header(
        page, federation_url + "chapters/oslo/", "Milwaukee"
    )
    assert results[0] == "/chapters/us-midwest/"


def test_a_word_from_a_post_body_finds_that_post_first(page, federation_url):
    results = search_from_the_header(page, federation_url, "dared")  # only there
    assert results[0] == "/chapters/nottingham/posts/housing-workshop/"


def test_a_result_shows_the_writers_words_not_the_pages_labels(page, federation_url):
    search_from_the_header(page, federation_url, "workshop")
    result = page.locator("#search .pagefind-ui__result", has_text="Housing workshop")
    excerpt = result.first.locator(".pagefind-ui__result-excerpt").first.inner_text()
    for label in ("Post by", "published", "International"):  # the labels
        assert label not in excerpt
    # the authors and tags are the writer's: they are still found
    found = search_from_the_header(page, federation_url, "Achebe")
    assert "/chapters/nottingham/posts/housing-workshop/" in found


def test_the_footer_stays_put_while_the_results_arrive(browser, federation_url):
    """Pagefind writes the results after the first paint: the page keeps room
    for them, so nothing below moves in view (Lighthouse counted a layout
    shift of 0.2, all of it the footer's)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(
        "window.moved = [];"
        "new PerformanceObserver(list => { for (const shift of list.getEntries())"
        "  for (const source of shift.sources || [])"
        "    window.moved.push(source.node ? source.node.nodeName + '.'"
        "      + (source.node.className || '') : '?'); })"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(federation_url + "search/?q=workshop")
    page.locator(RESULT_LINKS).first.wait_for()
    page.wait_for_timeout(500)
    moved = page.evaluate("window.moved")
    context.close()
    assert not [node for node in moved if "footer" in node.lower()], moved


def test_a_country_in_its_own_language_finds_its_chapters(page, federation_url):
    results = search_from_the_header(page, federation_url, "Noreg")
    assert set(results) >= {"/chapters/norway/", "/chapters/oslo/", "/chapters/bergen/"}


def test_filtering_by_country_narrows_the_results(page, federation_url):
    everywhere = search_from_the_header(page, federation_url, "meeting")
    page.locator("#search summary", has_text="Country").click()
    page.locator("#search label", has_text="Norway").click()
    # Pagefind's UI empties the list while it searches again: wait for the
    # narrowed list itself, not for the moment it is empty.
    page.wait_for_function(
        "n => { const k = document.querySelectorAll("
        "'#search .pagefind-ui__result-link').length; return k > 0 && k < n; }",
        arg=len(everywhere),
    )
    in_norway = result_paths(page)
    assert in_norway
    assert all(
        path.startswith(("/chapters/norway/", "/chapters/oslo/", "/chapters/bergen/"))
        for path in in_norway
    )


class _LateFilterFiles(_QuietHandler):
    """Sends the first of Pagefind's filter files at once and every other one
    seconds later, as a slow connection may: the results are shown before
    most filters have arrived."""

    lock = threading.Lock()
    asked = 0
    sent = 0

    def do_GET(self):
        if "/pagefind/filter/" not in self.path:
            return super().do_GET()
        with self.lock:
            first = type(self).asked == 0
            type(self).asked += 1
        if not first:
            time.sleep(3)
        super().do_GET()
        with self.lock:
            type(self).sent += 1


def test_every_filter_is_offered_when_filter_files_arrive_after_the_results(
    page, federation_output
):
    # Pagefind's interface keeps the filters it knew when its first search
    # ended: a filter whose file came later was never offered.
    _LateFilterFiles.asked = _LateFilterFiles.sent = 0
    with served(federation_output, _LateFilterFiles) as url:
        page.goto(url + "search/?q=meeting")
        page.locator(RESULT_LINKS).first.wait_for(timeout=20_000)
        deadline = time.monotonic() + 20
        late = _LateFilterFiles
        while not 2 <= late.asked == late.sent and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        page.wait_for_timeout(500)  # the page has read the last one
        offered = page.locator("#search summary").all_inner_texts()
    assert 2 <= late.asked == late.sent  # some filter files came late
    assert sorted(offered) == sorted(name.capitalize() for name in FILTER_NAMES)


def test_without_javascript_the_header_box_leads_to_the_directory(
    browser, federation_url
):
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(federation_url + "chapters/oslo/")
    plain.fill("header form.site-search input[name=q]", "Milwaukee")
    plain.press("header form.site-search input[name=q]", "Enter")
    plain.wait_for_url("**/chapters/?q=Milwaukee")
    assert plain.locator("table.directory tbody tr:visible").count() == CHAPTERS
    assert plain.locator("td", has_text="Milwaukee").is_visible()
    context.close()


def test_the_directory_filters_by_city_and_reads_the_query_it_is_sent(
    page, federation_url
):
    page.goto(federation_url + "chapters/?q=milwaukee")
    assert (
        page.locator("#directory-controls input[name=q]").input_value() == "milwaukee"
    )
    visible = page.locator("table.directory tbody tr:visible th a").all_inner_texts()
    assert visible == ["US Midwest"]
    page.fill("#directory-controls input[name=q]", "Wien")
    visible = page.locator("table.directory tbody tr:visible th a").all_inner_texts()
    assert visible == ["IOPS Wien"]


def test_the_directory_filters_by_a_countrys_code_and_own_name(page, federation_url):
    page.goto(federation_url + "chapters/")
    box = page.locator("#directory-controls input[name=q]")
    box.fill("at")  # Austria's code, and any name with "at" in it
    by_code = set(page.locator("tbody tr:visible th a").all_inner_texts())
    box.fill("osterreich")  # Österreich, without its accent
    by_name = page.locator("tbody tr:visible").evaluate_all(
        "rows => rows.map(r => r.dataset.country)"
    )
    assert by_name and set(by_name) == {"AT"}
    assert len(by_code) >= len(by_name)


def test_sorting_by_distance_puts_the_nearest_chapter_first(browser, federation_url):
    # In Oslo: Oslo's chapter (and Norway's, also placed there) before any other.
    context = browser.new_context(
        geolocation={"latitude": 59.91, "longitude": 10.75}, permissions=["geolocation"]
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    load_and_settle(page, federation_url + "chapters/")
    page.click("#sort-by-distance")
    page.locator("#distance-status", has_text="Nearest first").wait_for()
    first = page.locator("section.area-group").first
    assert first.get_attribute("id") == "area-nord-neth"
    assert first.locator("tbody tr th a").first.inner_text() == "IOPS Oslo"
    assert first.locator("tbody tr .distance").first.inner_text() == "0 km"
    # the list of areas at the top follows the new order of the page
    listed = page.locator("nav.toc li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    shown = page.locator("section.area-group").evaluate_all(
        "sections => sections.map(s => '#' + s.id)"
    )
    assert listed == shown
    assert not any("59.9" in url for url in requests)  # the position went nowhere
    context.close()


def test_the_number_of_results_is_said_not_only_shown(page, federation_url):
    page.goto(federation_url + "search/?q=meeting")
    page.locator(RESULT_LINKS).first.wait_for()
    page.wait_for_function(
        "document.getElementById('search-status').textContent.length > 0"
    )
    shown = page.locator("#search .pagefind-ui__message").text_content().strip()
    assert page.locator("#search-status").text_content() == shown
    assert "meeting" in shown
    assert page.locator("#search-status").get_attribute("role") == "status"


def test_loading_more_results_moves_the_focus_to_the_first_new_one(
    page, federation_url
):
    page.goto(federation_url + "search/?q=meeting")
    more = page.locator("#search .pagefind-ui__button")
    more.wait_for()
    before = page.locator("#search .pagefind-ui__result").count()
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.activeElement.classList.contains('pagefind-ui__result-link')"
    )
    focused = page.evaluate(
        "[...document.querySelectorAll('#search .pagefind-ui__result')]"
        ".findIndex(result => result.contains(document.activeElement))"
    )
    assert focused == before


def test_a_result_is_read_in_its_pages_language(page, federation_url):
    """Oslo's Norwegian event on the English search page: its title and excerpt
    carry lang="nb"; the tag that says so is not shown."""
    page.goto(federation_url + "search/?q=organisasjon")
    result = page.locator("#search .pagefind-ui__result", has_text="Åpent møte").first
    result.locator(".pagefind-ui__result-title[lang='nb']").first.wait_for()
    assert (
        result.locator(".pagefind-ui__result-excerpt").first.get_attribute("lang")
        == "nb"
    )
    assert not result.locator("[data-pagefind-ui-meta='lang']").is_visible()
    english = page.locator("#search .pagefind-ui__result-title[lang='en']")
    assert (
        english.count()
        + page.locator("#search .pagefind-ui__result-title[lang='nb']").count()
        == page.locator("#search .pagefind-ui__result-title").count()
    )
