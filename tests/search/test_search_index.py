"""The search index a build writes: which pages, which filters, which words; and when it fails."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from plugins.model.chapters import Chapter
from plugins.search.indexer import IndexingError
from plugins.search.records import place_terms
from plugins.site.words import country_names
from tests.conftest import (
    NORWAY_REPOSITORY,
    built_site,
    federation_copy,
    invoke_build_command,
)


@pytest.fixture(scope="module")
def federation(tmp_path_factory):
    site = federation_copy(tmp_path_factory.mktemp("federation"))
    code, out = site.build()
    assert code == 0, out
    return site


def indexed(site, url: str) -> bool:
    return bool(site.page(url).xpath("//main[@data-pagefind-body]"))


def filters(site, url: str) -> dict[str, str]:
    return {
        span.get("data-pagefind-filter"): span.text_content()
        for span in site.page(url).xpath("//main//*[@data-pagefind-filter]")
    }


def test_the_index_and_pagefinds_own_interface_are_published_under_pagefind(
    federation,
):
    bundle = federation.output / "pagefind"
    for name in (
        "pagefind.js",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-entry.json",
    ):
        assert (bundle / name).is_file(), name
    html = [p for p in federation.output.rglob("*.html") if "pagefind" not in p.parts]
    marked = [p for p in html if b"data-pagefind-body" in p.read_bytes()]
    assert len(list((bundle / "fragment").iterdir())) == len(marked)


def test_chapters_items_and_areas_are_indexed_listings_and_the_search_page_are_not(
    federation,
):
    for url in (
        "chapters/oslo/",
        "chapters/us-midwest/",
        "chapters/nottingham/posts/housing-workshop/",
        "chapters/norway/pages/bylaws/",
        "pages/about/",
        "areas/uki/",
    ):
        assert indexed(federation, url), url
    for url in ("", "chapters/", "events/", "report/", "search/", "404.html"):
        assert not indexed(federation, url), url


def test_a_chapter_is_filtered_by_kind_level_country_area_and_language(federation):
    assert filters(federation, "chapters/oslo/") == {
        "kind": "chapter",
        "level": "local",
        "country": "Norway",
        "area": "Nordic countries and the Netherlands",
        "language": "Norwegian Bokmål",
    }


def test_an_item_takes_its_chapters_place_and_its_own_kind(federation):
    assert filters(federation, "chapters/nottingham/posts/housing-workshop/") == {
        "kind": "post",
        "level": "local",
        "country": "United Kingdom",
        "area": "United Kingdom and Ireland",
        "language": "English",
    }
    assert filters(federation, "pages/about/") == {
        "kind": "page",
        "language": "English",
    }


def test_a_result_shows_whose_item_it_is_and_when(federation):
    def meta(url):
        return {
            span.get("data-pagefind-meta"): span.text_content()
            for span in federation.page(url).xpath("//main//*[@data-pagefind-meta]")
        }

    assert meta("chapters/nottingham/posts/housing-workshop/") == {
        "Chapter": "IOPS Nottingham",
        "Date": "5 April 2014",
        "lang": "en",  # not shown: search.js marks the result with it
    }
    assert meta("chapters/chicago/events/teach-in-2013/") == {
        "Chapter": "IOPS Chicago",
        "When": "5 October 2013",  # the day it is held, not announced
        "lang": "en",
    }
    # the labels in the page's language: Vienna writes in German
    vienna = meta("chapters/vienna/posts/offenes-fruehstueck/")
    assert set(vienna) == {"Gruppe", "Datum", "lang"}
    assert vienna["lang"] == "de"
    assert meta("pages/about/") == {"lang": "en"}
    assert meta("chapters/oslo/")["lang"] == "nb"


def test_a_chapters_city_and_its_countrys_own_names_are_searchable_not_shown(
    federation,
):
    (terms,) = federation.page("chapters/oslo/").xpath(
        "//main/p[@hidden][@data-pagefind-weight]"
    )
    assert terms.text_content().split(" · ") == [
        "Oslo",
        "Norway",
        "Norge",
        "Noreg",
        "Nordic countries and the Netherlands",
    ]


def test_a_label_and_its_value_are_separate_words_in_the_index(federation):
    """Pagefind joins the text of adjacent `<dt>` and `<dd>` as it stands: a
    profile read "Part ofIOPS Norway CountryNorway" and matched neither word."""
    from tests.search.test_index_rebuilds import fragments

    texts = {f["url"]: f["content"] for f in fragments(federation.output).values()}
    checked = 0
    for url, content in texts.items():
        page = federation.page(url.lstrip("/"))
        for term in page.xpath("//main[@data-pagefind-body]//dl/dt"):
            value = term.getnext()
            if (
                value is None
                or value.tag != "dd"
                or value.xpath("ancestor-or-self::*[@data-pagefind-ignore]")
            ):
                continue
            label = " ".join(term.text_content().split())
            start = " ".join(value.text_content().split())[:12]
            assert label + start not in content, url
            assert f"{label} {start}" in content, url
            checked += 1
    assert checked > 10


def test_other_chapters_items_listed_on_a_page_are_not_its_text(federation):
    lists = federation.page("chapters/uk/").xpath("//ol[contains(@class, 'items')]")
    assert lists
    assert all(ol.get("data-pagefind-ignore") is not None for ol in lists)


def test_the_next_events_listed_on_a_chapter_page_are_not_its_text(federation):
    """Each event is found by its own page; its title and 'Add to calendar'
    words on the chapter page would only repeat it."""
    lists = [
        ul
        for slug in sorted(p.name for p in (federation.root / "chapters").iterdir())
        for ul in federation.page(f"chapters/{slug}/").xpath(
            "//ul[contains(@class, 'next-events')]"
        )
    ]
    assert lists
    assert all(ul.get("data-pagefind-ignore") is not None for ul in lists)


def test_email_addresses_stay_out_of_the_index_whose_files_are_plain_text(
    federation,
):
    from tests.search.test_index_rebuilds import fragments

    pages = [federation.page(f.removeprefix("/")) for f in ("/chapters/oslo/",)]
    shown = {
        " ".join(a.text_content().split())
        for page in pages
        for a in page.xpath("//main//a[starts-with(@href, 'mailto:')]")
    }
    assert shown  # the fixture publishes addresses
    text = " ".join(f["content"] for f in fragments(federation.output).values())
    assert not re.findall(r"[\w.+-]+@[\w-]+\.\w+", text)
    assert not any(address in text for address in shown)


def test_no_page_loads_anything_from_another_host(federation):
    """Scripts, styles, pictures and frames: every one from this site."""
    for path in federation.output.rglob("*.html"):
        document = lxml.html.fromstring(path.read_bytes())
        for element in document.xpath(
            "//script[@src] | //link[@rel='stylesheet'] | //img | //iframe"
            " | //source | //video | //audio"
        ):
            for attribute in ("src", "href", "srcset"):
                value = element.get(attribute)
                if value:
                    assert urlsplit(value).hostname in (None, "localhost"), (
                        path.relative_to(federation.output),
                        value,
                    )
    for path in (federation.output / "pagefind").glob("*.css"):
        assert "url(http" not in path.read_text(encoding="utf-8").replace(" ", "")


@pytest.mark.parametrize(
    ("code", "languages", "names"),
    [
        ("NO", (), ["Norge", "Noreg"]),
        ("AT", (), ["Österreich"]),
        ("IE", (), ["Ireland", "Éire"]),
        ("US", ("es",), ["United States", "Estados Unidos"]),
        ("US", ("xx-unknown",), ["United States"]),
    ],
)
def test_a_country_is_named_in_its_own_languages_and_the_chapters(
    code, languages, names
):
    assert country_names(code, languages) == names


def test_a_chapter_without_a_city_or_area_is_found_by_its_country():
    chapter = Chapter(
        slug="austria", path="", name="IOPS Österreich", level="national", country="AT"
    )
    assert place_terms(chapter, None) == ("Austria", "Österreich")


def test_skipping_the_index_is_said_and_publishes_no_index(tmp_path, caplog):
    site = federation_copy(tmp_path)
    settings = site.settings()
    settings["SEARCH_INDEX"] = False
    from plugins.runner import build

    with caplog.at_level(logging.WARNING):
        assert build(settings) == 0
    assert not (site.output / "pagefind").exists()
    assert (site.output / "search" / "index.html").is_file()
    assert "Search index skipped" in caplog.text


def test_a_bad_search_setting_stops_the_build_with_its_name(tmp_path):
    site = federation_copy(tmp_path)
    settings = site.settings()
    settings["SEARCH_INDEX"] = "yes"
    import io

    from plugins.runner import build

    out = io.StringIO()
    assert build(settings, out=out) == 2
    assert "SEARCH_INDEX = 'yes' (True or False)" in out.getvalue()


def test_a_failed_index_publishes_nothing(tmp_path, monkeypatch):
    site = federation_copy(tmp_path)

    def fail(folder: Path, language: str, **options):
        raise IndexingError("Pagefind failed: disk on fire")

    monkeypatch.setattr("plugins.search.generator.index_site", fail)
    code, out = site.build()
    assert code == 1
    assert "nothing was published" in out
    assert not site.output.exists()


def test_a_contributor_cannot_set_the_search_filters_of_a_page(tmp_path):
    site = built_site(
        tmp_path,
        {
            **NORWAY_REPOSITORY,
            "chapters/oslo/posts/spoof.md": """
                ---
                title: Spoof
                date: "2014-11-01"
                ---
                <div data-pagefind-body data-pagefind-filter="country:Narnia">
                <span data-pagefind-meta="title:Not this">Text</span>
                <p data-pagefind-ignore="all">hidden</p></div>
            """,
        },
    )
    html = (site.output / "chapters/oslo/posts/spoof/index.html").read_text("utf-8")
    assert "Narnia" not in html and "Not this" not in html
    assert html.count("data-pagefind-body") == 1  # the theme's <main> only
    assert filters(site, "chapters/oslo/posts/spoof/")["country"] == "Norway"


def test_invoke_build_skips_the_index_only_when_told(tmp_path):
    import subprocess

    site = federation_copy(tmp_path)
    root = Path(__file__).resolve().parents[2]
    said = {}
    for output, extra in (("skipped", ["--no-search-index"]), ("indexed", [])):
        result = subprocess.run(
            invoke_build_command(site, tmp_path / output, *extra),
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        said[output] = result.stdout + result.stderr
    assert not (tmp_path / "skipped" / "pagefind").exists()
    assert "Search index skipped" in said["skipped"]
    assert (tmp_path / "indexed" / "pagefind" / "pagefind-entry.json").is_file()
    assert "Search index skipped" not in said["indexed"]


def test_a_translation_is_indexed_under_its_own_language(tmp_path):
    site = built_site(
        tmp_path,
        {
            **NORWAY_REPOSITORY,
            "chapters/oslo/posts/first-meeting.en.md": """
                ---
                title: First meeting
                ---
                We met at a **café**.
            """,
        },
    )
    original = "chapters/oslo/posts/first-meeting/"
    translation = "chapters/oslo/posts/first-meeting/en/"
    assert indexed(site, original) and indexed(site, translation)
    assert site.page(translation).get("lang") == "en"
    assert filters(site, translation)["language"] == "English"
    assert filters(site, original)["language"] == "Norwegian Bokmål"
    assert filters(site, translation)["kind"] == "post"
