"""Each chapter's neighbours: the closest other chapters and its siblings, once per build.

Pure functions of the chapters' profiles. Distances are great-circle
distances between the chapters' ``location`` (a sphere of the Earth's mean
radius: good to about half a percent, more than a "Chapters nearby" list needs).

The work is quadratic: every chapter is compared with every other, N(N-1)
comparisons (for 300 chapters about 0.6 s on a 2-core machine, measured in
docs/map.md; 1,000 chapters under one parent about 4 s).
That is fine for the few hundred chapters a federation has; a federation of
many thousands would want a spatial index here. What is written stays
linear: each page lists at most NEARBY_LIMIT closest chapters and
SIBLINGS_LIMIT siblings.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
# At most this many closest chapters; within this distance a chapter is
# "nearby" wherever it is; beyond it only one in the same country or area is.
NEARBY_LIMIT = 5
NEARBY_KM = 1000
# At most this many siblings listed, nearest first; the parent's page lists
# them all. Every chapter page listing every sibling made a site of 1,000
# local chapters under one parent 258 MB (4.4 MB with this limit).
SIBLINGS_LIMIT = 12

# Why a chapter counts as nearby, best first.
BY_DISTANCE, SAME_COUNTRY, SAME_AREA = "distance", "country", "area"
SIBLING = "sibling"
_TIERS = {BY_DISTANCE: 0, SAME_COUNTRY: 1, SAME_AREA: 2}


@dataclass(frozen=True)
class Neighbour:
    slug: str
    km: int | None  # rounded; None where either chapter gives no location
    why: str  # BY_DISTANCE, SAME_COUNTRY, SAME_AREA, or SIBLING


@dataclass(frozen=True)
class Nearby:
    closest: tuple[Neighbour, ...]  # other open chapters, nearest first
    siblings: tuple[Neighbour, ...]  # the same parent's other chapters, closed too
    more_siblings: int = 0  # siblings beyond SIBLINGS_LIMIT, not listed


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The haversine distance in km between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def neighbour(chapter, other, within_km: float = NEARBY_KM) -> Neighbour | None:
    """How ``other`` relates to ``chapter`` by place, or None if it is not near.

    Within ``within_km`` (both with a location) it is near by distance; else
    in the same country; else in the same area.
    """
    km = _km(chapter, other)
    if km is not None and km <= within_km:
        return Neighbour(other.slug, km, BY_DISTANCE)
    if other.country == chapter.country:
        return Neighbour(other.slug, km, SAME_COUNTRY)
    if chapter.area is not None and other.area == chapter.area:
        return Neighbour(other.slug, km, SAME_AREA)
    return None


def _order(chapters: Mapping):
    def key(found: Neighbour):
        name = chapters[found.slug].name.casefold()
        km = found.km if found.km is not None else math.inf
        return (_TIERS[found.why], km, name, found.slug)

    return key


def _ancestors(slug: str, parents: Mapping[str, str | None]) -> set[str]:
    seen: set[str] = set()
    parent = parents.get(slug)
    while parent is not None and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent)
    return seen


def nearby_chapters(
    chapters: Mapping,
    limit: int = NEARBY_LIMIT,
    within_km: float = NEARBY_KM,
) -> dict[str, Nearby]:
    """Every chapter's closest chapters and siblings.

    The closest leave out what the chapter page already links (the chapter's
    ancestors, its descendants, its siblings, listed apart) and closed
    chapters (a reader looks for a chapter to meet). Siblings are the other
    chapters of the same parent, closed ones too; chapters without a parent
    have none listed (they would be every national chapter).
    """
    parents = {slug: chapter.parent for slug, chapter in chapters.items()}
    ancestors = {slug: _ancestors(slug, parents) for slug in chapters}
    order = _order(chapters)
    sibling_order = _sibling_order(chapters)
    result = {}
    for slug, chapter in chapters.items():
        closest, siblings = [], []
        for other_slug, other in chapters.items():
            if other_slug == slug:
                continue
            if chapter.parent is not None and other.parent == chapter.parent:
                siblings.append(Neighbour(other_slug, _km(chapter, other), SIBLING))
                continue
            if (
                other.is_closed
                or other_slug in ancestors[slug]
                or slug in ancestors[other_slug]
            ):
                continue
            found = neighbour(chapter, other, within_km)
            if found is not None:
                closest.append(found)
        shown = heapq.nsmallest(SIBLINGS_LIMIT, siblings, key=sibling_order)
        result[slug] = Nearby(
            tuple(heapq.nsmallest(limit, closest, key=order)),
            tuple(shown),
            len(siblings) - len(shown),
        )
    return result


def _km(chapter, other) -> int | None:
    if chapter.location is None or other.location is None:
        return None
    return round(_haversine_km(_point(chapter.location), _point(other.location)))


@functools.lru_cache(maxsize=65536)
def _point(location: tuple[float, float]) -> tuple[float, float, float]:
    """(lat, lon) in radians and the cosine of the latitude, worked out once."""
    lat, lon = math.radians(location[0]), math.radians(location[1])
    return lat, lon, math.cos(lat)


def _haversine_km(
    a: tuple[float, float, float], b: tuple[float, float, float]
) -> float:
    """great_circle_km of two _point()s: the same formula, fewer conversions."""
    h = (
        math.sin((b[0] - a[0]) / 2) ** 2
        + a[2] * b[2] * math.sin((b[1] - a[1]) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _sibling_order(chapters: Mapping):
    def key(found: Neighbour):
        km = found.km if found.km is not None else math.inf
        return (km, chapters[found.slug].name.casefold(), found.slug)

    return key
