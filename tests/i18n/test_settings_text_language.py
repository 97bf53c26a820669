"""Text from the site's settings (the tagline, areas it names) is marked with the
default language on pages in another; the default areas' names are translated."""

from __future__ import annotations

import io

import pytest

from plugins.runner import build
from tests.conftest import Site, federation_copy


@pytest.fixture(scope="module")
def federation(tmp_path_factory):
    site = federation_copy(tmp_path_factory.mktemp("settings-text"))
    code, out = site.build()
    assert code == 0, out
    return site


def read_in(element) -> str:
    """The language a reader's software reads ``element`` in: its nearest lang."""
    return element.xpath("ancestor-or-self::*[@lang][1]/@lang")[0]


def test_the_tagline_on_a_german_page_is_marked_english(federation):
    page = federation.page("chapters/vienna/")
    assert page.get("lang") == "de"
    # a default area's name is in the catalogue: German, read as German
    area = page.xpath("//dt[text()='Gebiet']/following-sibling::dd[1]")[0]
    assert area.text_content() == "Nordwesteuropa"
    assert read_in(area) == "de"
    tagline = page.xpath("//footer//p[@class='org']")[0]
    assert tagline.text_content().strip()
    assert read_in(tagline) == "en"
    # the German interface around them stays German
    assert read_in(page.xpath("//dt[text()='Gebiet']")[0]) == "de"


def test_settings_text_on_an_english_page_needs_no_mark(federation):
    page = federation.page("chapters/london/")
    assert page.get("lang") == "en"
    assert page.xpath("//footer//p[@class='org']")[0].get("lang") is None
    assert not page.xpath("//dd[@lang]")


def test_meeting_time_names_the_zones_city_in_the_pages_language(federation):
    text = federation.text("chapters/vienna/")
    assert "(Ortszeit Wien)" in text
    assert "Ortszeit Vienna" not in text


def test_a_german_site_writes_the_default_areas_names_in_german(tmp_path):
    """DEFAULT_LANG de: the directory, the area page and the report say the
    default areas' names in German, inside sentences too; an English chapter
    page says them in English, unmarked."""
    site = Site(tmp_path).write(
        {
            "chapters/usa/chapter.yaml": "name: IOPS USA\nlevel: national\n"
            "country: US\n",
            "chapters/london/chapter.yaml": "name: IOPS London\nlevel: local\n"
            "country: GB\nlanguages: [en]\n",
        }
    )
    settings = site.settings()
    settings["DEFAULT_LANG"] = "de"
    out = io.StringIO()
    assert build(settings, out=out) == 0, out.getvalue()
    uk = "Vereinigtes Königreich und Irland"
    assert site.page("chapters/").xpath("string(//section[@id='area-uki']/h2)") == uk
    assert site.page("areas/uki/").xpath("string(//h1)") == uk
    report = site.page("report/")
    captions = [" ".join(c.text_content().split()) for c in report.xpath("//caption")]
    assert f"Gruppen in {uk}" in captions
    assert "Gruppen über mehrere Gebiete" in captions
    london = site.page("chapters/london/").xpath(
        "//section[@class='profile']//dd[a[@href='/areas/uki/']]"
    )[0]
    assert (london.text_content(), london.get("lang")) == (
        "United Kingdom and Ireland",
        None,
    )
