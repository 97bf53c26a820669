"""Which chapters the map shows, in what order, and the parts of it each page shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..model import urls
from .drawing import Marker


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    chapters: tuple  # model Chapters, by name


def by_country(chapters: Iterable, country_name: Callable[[str], str]) -> list[Country]:
    """Chapters grouped by country, countries by name, chapters by name within one."""
    groups: dict[str, list] = {}
    for chapter in chapters:
        groups.setdefault(chapter.country, []).append(chapter)
    countries = [
        Country(code, country_name(code), tuple(sorted(group, key=_by_name)))
        for code, group in groups.items()
    ]
    return sorted(
        countries, key=lambda country: (country.name.casefold(), country.code)
    )


def _by_name(chapter) -> tuple[str, str]:
    return chapter.name.casefold(), chapter.slug


def markers(
    countries: Iterable[Country],
    facts: Mapping,
    siteurl: str,
    area: str | None = None,
) -> list[Marker]:
    """One marker per chapter with a location (of one area, if given), in list order."""
    return [
        Marker(
            lat=chapter.location[0],
            lon=chapter.location[1],
            name=chapter.name,
            activity=facts[chapter.slug].activity,
            href=f"{siteurl}/{urls.chapter(chapter.slug)}",
        )
        for country in countries
        for chapter in country.chapters
        if chapter.location is not None and (area is None or chapter.area == area)
    ]
