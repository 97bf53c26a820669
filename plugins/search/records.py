"""What the search index learns about each public page: its kind, filters and place names.

Pure functions of the site index. Pages without a record are not indexed
(docs/search.md lists which and why).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..model import urls
from ..model.languages import chapter_language, item_language
from ..site.words import (
    RESULT_LABELS,
    country_name,
    country_names,
    language_name,
    long_date,
)

if TYPE_CHECKING:
    from ..model.chapters import Chapter
    from ..site.index import SiteIndex

# The "kind" filter: an item's folder name in the singular, a chapter, an area.
KIND_NAMES = {"posts": "post", "reports": "report", "events": "event", "pages": "page"}
FILTER_NAMES = ("kind", "level", "country", "area", "language")
# The meta that carries a page's language (a BCP 47 tag): not shown, search.js
# puts it on the result as its lang, so a screen reader reads a Norwegian
# result in Norwegian on an English search page (WCAG 3.1.2).
LANG_META = "lang"


@dataclass(frozen=True)
class SearchRecord:
    """How one page is indexed: filter values, in FILTER_NAMES order, and extra words.

    ``terms`` are words a reader may search for that the page does not show
    (a country's own names, "Norge" for Norway); base.html puts them in a
    hidden paragraph that weighs more than a heading (data-pagefind-weight).
    """

    filters: tuple[tuple[str, str], ...]
    terms: tuple[str, ...] = ()
    # shown under a result by Pagefind's interface ("Chapter: IOPS Oslo",
    # "Date: 20 November 2014"): whose it is and when, which the title and
    # the excerpt do not say; each label a message, translated by base.html
    meta: tuple[tuple[str, str], ...] = ()


def search_records(site: SiteIndex) -> dict[str, SearchRecord]:
    """The record of every page the search indexes, by URL."""
    return {url: make() for url, make in record_makers(site).items()}


def record_makers(site: SiteIndex) -> dict[str, Callable[[], SearchRecord]]:
    """How to make the record of every page the search indexes, by URL, in the
    order ``search_records`` lists them."""
    default_lang = site.settings.default_lang
    makers: dict[str, Callable[[], SearchRecord]] = {}

    def chapter_record(chapter: Chapter) -> SearchRecord:
        lang = chapter_language(chapter, default_lang)
        return SearchRecord(
            filters=_filters("chapter", lang, chapter, site.area_name, default_lang),
            terms=place_terms(
                chapter, str(site.area_name(chapter.area)) if chapter.area else None
            ),
            meta=((LANG_META, lang),),
        )

    def item_record(item) -> SearchRecord:
        # a translation is indexed like its original, under its own language
        chapter = site.chapters.get(item.chapter) if item.chapter else None
        # labels in the page's language (base.html translates them), values in
        # the site's, like the filters' (one interface)
        meta = [(RESULT_LABELS["chapter"], chapter.name)] if chapter else []
        if item.kind == "events" and item.starts is not None:
            meta.append((RESULT_LABELS["when"], long_date(item.starts, default_lang)))
        elif item.date is not None:
            meta.append((RESULT_LABELS["date"], long_date(item.date, default_lang)))
        lang = item_language(item, site.chapters, default_lang)
        meta.append((LANG_META, lang))
        return SearchRecord(
            filters=_filters(
                KIND_NAMES[item.kind], lang, chapter, site.area_name, default_lang
            ),
            meta=tuple(meta),
        )

    for slug, chapter in site.chapters.items():
        makers[urls.chapter(slug)] = partial(chapter_record, chapter)
    for area in site.settings.chapters.areas:
        makers[urls.area(area.key)] = partial(
            SearchRecord, filters=(("kind", "area"), ("area", area.name))
        )
    translations = [t for shown in site.translations.values() for t in shown]
    for item in [*site.items, *translations]:
        makers[item.url] = partial(item_record, item)
    return makers


def _filters(
    kind: str, language: str, chapter: Chapter | None, area_name, shown_in: str
):
    """The filter values, named in ``shown_in`` (the site's language: one index, one UI)."""
    values = {"kind": kind, "language": language_name(language, shown_in)}
    if chapter is not None:
        values["level"] = chapter.level
        values["country"] = country_name(chapter.country, shown_in)
        if chapter.area:
            values["area"] = str(area_name(chapter.area))  # not translated per page
    return tuple((name, values[name]) for name in FILTER_NAMES if name in values)


def place_terms(chapter: Chapter, area: str | None) -> tuple[str, ...]:
    """Where a chapter is, in every name a reader may type: city, country, area.

    The country is named in English, in its official languages ("Norge",
    "Noreg") and in the chapter's own languages, from the CLDR data Babel
    ships; each name once, in that order.
    """
    names = [chapter.city, country_name(chapter.country)]
    names += country_names(chapter.country, chapter.languages)
    names.append(area)
    return tuple(dict.fromkeys(name for name in names if name))
