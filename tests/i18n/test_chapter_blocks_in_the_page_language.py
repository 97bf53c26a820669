"""The chapter page's newer blocks speak the page's language: listings, exchange,
nearby chapters (distances with the language's digit grouping) and the
working-chapters sentence, with the language's plural forms."""

from __future__ import annotations

import pytest

from tests.conftest import built_site

REPOSITORY = {
    "chapters/norway/chapter.yaml": """
        name: IOPS Norge
        level: national
        country: NO
        languages: [nb]
    """,
    "chapters/oslo/chapter.yaml": """
        name: IOPS Oslo
        level: local
        parent: norway
        country: NO
        city: Oslo
        languages: [nb]
        location: {lat: 59.9139, lon: 10.7522}
        offers:
          - Foredrag om deltakende økonomi
        asks:
          - Noen som kan oversette til samisk
    """,
    "chapters/tromso/chapter.yaml": """
        name: IOPS Tromsø
        level: local
        parent: norway
        country: NO
        city: Tromsø
        languages: [nb]
        location: {lat: 69.6492, lon: 18.9553}
    """,
    "chapters/oslo/posts/forste-mote.md": """
        ---
        title: Første møte
        date: "2014-10-01"
        ---
        Vi møttes.
    """,
    "chapters/oslo/reports/rapport.md": """
        ---
        title: Rapport
        date: "2014-11-01"
        ---
        Vi skrev.
    """,
    "chapters/germany/chapter.yaml": """
        name: IOPS Deutschland
        level: national
        country: DE
        languages: [de]
    """,
    "chapters/hamburg/chapter.yaml": """
        name: IOPS Hamburg
        level: local
        parent: germany
        country: DE
        languages: [de]
    """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory.mktemp("blocks"), REPOSITORY)


def text_of(page, xpath: str) -> str:
    return " ".join(page.xpath(xpath)[0].text_content().split())


def test_listing_links_are_in_norwegian(site):
    page = site.page("chapters/oslo/")
    links = [
        " ".join(a.text_content().split())
        for a in page.xpath("//nav[@class='listings']//a")
    ]
    assert links == ["Alle innlegg fra IOPS Oslo", "Alle rapporter fra IOPS Oslo"]
    label = page.xpath("//nav[@class='listings']")[0].get("aria-label")
    assert label == "Alt IOPS Oslo har publisert, etter type"


def test_listing_page_is_in_norwegian(site):
    page = site.page("chapters/oslo/posts/")
    assert page.get("lang") == "nb"
    assert text_of(page, "//h1") == "Innlegg fra IOPS Oslo"


def test_exchange_block_is_in_norwegian_and_keeps_the_chapters_words(site):
    page = site.page("chapters/oslo/")
    assert text_of(page, "//h2[@id='exchange-heading']") == "Hjelp mellom avdelinger"
    assert (
        text_of(page, "//section[@id='exchange']//div[@class='offers']/h3")
        == "Vi kan tilby"
    )
    assert "Foredrag om deltakende økonomi" in text_of(
        page, "//section[@id='exchange']"
    )


def test_nearby_distances_follow_the_languages_digit_grouping(site):
    page = site.page("chapters/oslo/")
    assert text_of(page, "//h2[@id='nearby-heading']") == "Avdelinger i nærheten"
    distance = page.xpath("//ul[@class='nearby-siblings']//span[@class='distance']")[
        0
    ].text_content()
    # 1,148 km in a straight line; Norwegian groups thousands with a no-break space
    assert distance == "1\u00a0148 km"
    assert "Andre avdelinger i IOPS Norge" in text_of(
        page, "//section[@class='nearby']"
    )


def test_working_chapters_sentence_takes_the_languages_plural(site):
    norway = text_of(site.page("chapters/norway/"), "//section[@class='working']/p")
    assert norway == "0 av de 2 lokalavdelingene i IOPS Norge er arbeidende avdelinger."
    germany = text_of(site.page("chapters/germany/"), "//section[@class='working']/p")
    assert (
        germany
        == "Die einzige Ortsgruppe in IOPS Deutschland ist noch keine arbeitende Gruppe."
    )


def test_exchange_page_keeps_its_interface_in_the_sites_language(site):
    """The chapter of each listing gives the listing's lang, not the page's interface."""
    page = site.page("exchange/")
    assert page.get("lang") == "en"
    listing = page.xpath("//article[@id='chapter-oslo']")[0]
    assert listing.get("lang") == "nb"
    heading = listing.xpath(".//div[@class='offers']/h4")[0]
    assert (heading.text_content(), heading.get("lang")) == ("Can offer", "en")
    meta = listing.xpath(".//p[@class='meta']")[0]
    assert (
        " ".join(meta.text_content().split()) == "Local chapter in Oslo, Norway Active"
    )
