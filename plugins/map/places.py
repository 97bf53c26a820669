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


def markers(
    countries: Iterable[Country],
    facts: Mapping,
    siteurl: str,
    area: str | None = None,
) -> list[Marker]:
    """One marker per chapter with a location (of one area, if given), in list order.

    ``siteurl`` is the SITEURL the pages link with (SiteSettings.siteurl: ""
    in a local build, so the links stay on whatever host serves the site).
    """
    return [
        Marker(
            lat=chapter.location[0],
            lon=chapter.location[1],
            name=chapter.name,
            activity=facts[chapter.slug].activity,
            href=urls.absolute(siteurl, urls.chapter(chapter.slug)),
        )
        for country in countries
        for chapter in country.chapters
        if chapter.location is not None and (area is None or chapter.area == area)
    ]
