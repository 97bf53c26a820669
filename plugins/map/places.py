"""Which chapters the map shows, in what order, and the parts of it each page shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..model import urls
from ..site.streams import by_name, grouped
from .drawing import Marker


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    chapters: tuple  # model Chapters, by name


def by_country(chapters: Iterable, country_name: Callable[[str], str]) -> list[Country]:
    """Chapters grouped by country, countries by name, chapters by name within one."""
    return [
        Country(code, country_name(code), tuple(found))
        for code, found in grouped(
            chapters,
            lambda chapter: chapter.country,
            lambda code: (country_name(code).casefold(), code),
            by_name,
        )
    ]


def markers(countries: Iterable[Country], facts: Mapping, siteurl: str) -> list[Marker]:
    """One marker per chapter with a location, in list order.

    ``siteurl`` is the SITEURL the pages link with (SiteSettings.siteurl: ""
    in a local build, so the links stay on whatever host serves the site).
    """
    return [
        _marker(chapter, facts, siteurl)
        for country in countries
        for chapter in country.chapters
        if chapter.location is not None
    ]


def area_markers(
    countries: Iterable[Country], facts: Mapping, siteurl: str
) -> dict[str, list[Marker]]:
    """Each area's markers, in list order, in one pass: the map parts of area pages."""
    found: dict[str, list[Marker]] = {}
    for country in countries:
        for chapter in country.chapters:
            if chapter.location is not None and chapter.area is not None:
                found.setdefault(chapter.area, []).append(
                    _marker(chapter, facts, siteurl)
                )
    return found


def _marker(chapter, facts: Mapping, siteurl: str) -> Marker:
    return Marker(
        lat=chapter.location[0],
        lon=chapter.location[1],
        name=chapter.name,
        activity=facts[chapter.slug].activity,
        href=urls.absolute(siteurl, urls.chapter(chapter.slug)),
    )
