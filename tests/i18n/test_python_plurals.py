"""Counts Python writes outside templates take the language's plural forms too:
the exchange feed's entry titles and the report chart's description (once
hand-rolled English: "1 offers" could not be translated)."""

from __future__ import annotations

import datetime as dt
import io

import feedparser
import lxml.etree
import pytest

from plugins.exchange.board import listings
from plugins.exchange.feed import entry_title
from plugins.i18n.catalogues import load_catalogues
from plugins.model.chapters import Chapter
from plugins.report.chart import bar_chart, chart_description
from plugins.runner import build
from tests.conftest import Site

CATALOGUES = load_catalogues()
SVG = "{http://www.w3.org/2000/svg}"


def said_in(lang: str):
    return lambda message: message.translate(CATALOGUES[lang])


def listing(offers=(), asks=()):
    chapter = Chapter(
        slug="wien",
        path="chapters/wien/chapter.yaml",
        name="IOPS Wien",
        level="local",
        country="AT",
        offers=offers,
        asks=asks,
    )
    return listings({"wien": chapter}, {}, dt.date(2015, 1, 15))[0]


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("en", "IOPS Wien: 1 offer, 2 asks", "IOPS Wien: 2 offers, 1 ask"),
        ("de", "IOPS Wien: 1 Angebot, 2 Gesuche", "IOPS Wien: 2 Angebote, 1 Gesuch"),
        ("nb", "IOPS Wien: 1 tilbud, 2 ønsker", "IOPS Wien: 2 tilbud, 1 ønske"),
        ("es", "IOPS Wien: 1 oferta, 2 peticiones", "IOPS Wien: 2 ofertas, 1 petición"),
    ],
)
def test_an_exchange_entry_counts_offers_and_asks_in_the_feeds_language(
    lang, one, many
):
    say = said_in(lang)
    assert entry_title(listing(("a",), ("b", "c")), say) == one
    assert entry_title(listing(("a", "b"), ("c",)), say) == many


MONTHS = [f"2014-{m:02d}" for m in range(1, 13)]


def test_the_chart_description_reads_as_before_in_english():
    counts = [0] * 11 + [1]
    assert str(chart_description(MONTHS, counts)) == (
        "1 item in 12 months; busiest month Dec 2014 with 1."
    )
    assert str(chart_description(MONTHS, [0] * 12)) == "0 items in 12 months."
    # One month is no longer "1 months".
    assert str(chart_description(["2014-12"], [3])) == (
        "3 items in 1 month; busiest month Dec 2014 with 3."
    )


@pytest.mark.parametrize(
    ("lang", "desc"),
    [
        ("de", "3 Beiträge in 12 Monaten; aktivster Monat Dec 2014 mit 2."),
        ("nb", "3 innlegg på 12 måneder; travleste måned Dec 2014 med 2."),
        ("es", "3 publicaciones en 12 meses; el mes más activo fue Dec 2014, con 2."),
    ],
)
def test_the_chart_is_described_in_the_pages_language(lang, desc):
    svg = bar_chart(MONTHS, [0] * 10 + [1, 2], "Title", "c", say=said_in(lang))
    assert lxml.etree.fromstring(svg.encode()).findtext(f"{SVG}desc") == desc


def test_a_site_in_german_writes_the_chart_and_the_exchange_feed_in_german(tmp_path):
    site = Site(tmp_path).write(
        {
            "chapters/austria/chapter.yaml": """
                name: IOPS Österreich
                level: national
                country: AT
                offers: [Vorträge, Workshops]
                asks: [Übersetzungen]
            """,
            "chapters/austria/posts/hallo.md": """
                ---
                title: Hallo
                date: "2015-01-02"
                ---
                Wir sind da.
            """,
        }
    )
    settings = site.settings()
    settings["DEFAULT_LANG"] = "de"
    code = build(settings, out=io.StringIO())
    assert code == 0
    feed = feedparser.parse((site.output / "exchange/atom.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["IOPS Österreich: 2 Angebote, 1 Gesuch"]
    report = lxml.etree.HTML((site.output / "report/index.html").read_bytes())
    [desc] = report.xpath("//*[local-name()='desc']")
    assert desc.text.startswith("1 Beitrag in 24 Monaten; aktivster Monat")
