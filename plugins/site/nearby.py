"""Each chapter's neighbours: the closest other chapters and its siblings, once per build.

Pure functions of the chapters' profiles. Distances are great-circle
distances between the chapters' ``location`` (a sphere of the Earth's mean
radius: good to about half a percent, more than a "Chapters nearby" list needs).

The work is about linear in the number of chapters, not quadratic: no
chapter is compared with every other. The chapters are put once into lists
sorted by name and into k-d trees of their locations as unit vectors
(chapters at the same location share one point); each chapter then asks them
only for its few best candidates, nearest first, and a search stops as soon
as nothing left can be as close, to the rounded km, as what it holds. Its
siblings and, in the "same area" tier, its own country's chapters are
skipped by whole runs of a sorted list and whole subtrees, not one by one, so
that 1,000 chapters under one parent cost no more than 1,000 spread over the
world. That is log N steps and about 25 distances a chapter: 10,000 chapters
in 30 countries take about 2 s, 1,000 under one parent 0.11 s (docs/map.md
gives the figures, those of comparing every pair, and the command). The
result is exactly that of comparing every pair:
tests/site/test_nearby_chapters.py checks it against that on random
federations, and tests/site/test_nearby_scaling.py counts the work.

What still grows faster than the chapters, in shapes no federation has:

* M chapters at *different* points within about a kilometre of one another:
  km are rounded and chapters at the same km are ordered by name, so each of
  them computes its km to every other, M² in all (chapters at the *same*
  point cost nothing extra).
* In the "same area" tier, many siblings in another country than the
  chapter's own, interleaved by name with chapters of its own country: they
  are skipped one run at a time, their number for each of them. (A chapter's
  descendants are skipped one by one too, but in all that is the number of
  chapters times the depth of the tree: linear.)

What is written stays linear: each page lists at most NEARBY_LIMIT closest
chapters and SIBLINGS_LIMIT siblings.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

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

    The closest are ranked by why they are near (within ``within_km``, then the
    same country, then the same area), then by km (unknown last), then by
    name (casefolded), then by slug; siblings by km, name and slug. ``chapters``
    is keyed by the chapters' slugs.
    """
    places = _Places(chapters, within_km)
    return {
        slug: Nearby(
            places.closest(slug, chapter, limit), *places.siblings(slug, chapter)
        )
        for slug, chapter in chapters.items()
    }


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


# --- The indexes ------------------------------------------------------------
#
# An entry is (name casefolded, slug, parent, country): sorted, the order of
# every listing here. A sorted list of entries comes with two arrays of jumps:
# from each entry to the next one with another parent, and with another
# country, so that a run of siblings (or of the chapter's own country, in the
# "same area" tier) is skipped in one step.
#
# A point is one location and the entries there:
#   [x, y, z, (lat, lon, cos lat), entries, parent jumps, country jumps,
#    parent of them all or _MIXED, country of them all or _MIXED]
# A node of a k-d tree over points:
#   [xmin, xmax, ymin, ymax, zmin, zmax, parent of them all or _MIXED,
#    country of them all or _MIXED, left, right, points (None but in leaves)]
#
# The searches compare squared chords between the unit vectors (cheap) with
# bounds in km turned into chords, one km wider than needed: a chord only
# decides what to skip, never a km (those are _haversine_km's, rounded, as
# neighbour() gives them), and one km is far more than the float error between
# the two.

_MIXED = object()  # the entries under a node or point differ in parent or country
_NOTHING = object()  # equal to no parent and no country: nothing to skip
_LEAF = 8  # points in a leaf
_WHOLE_SPHERE = 5.0  # a squared chord beyond every one (at most 4)


def _chord_sq(km: float) -> float:
    """The squared chord between unit vectors this many km apart on the sphere."""
    if km <= 0:
        return -1.0  # nearer than everything
    angle = km / EARTH_RADIUS_KM
    if angle >= math.pi:
        return _WHOLE_SPHERE
    return (2 * math.sin(angle / 2)) ** 2


def _entries(members) -> tuple[list, list[int], list[int]]:
    """Sorted entries of (slug, chapter, name) and their jumps."""
    entries = sorted(
        (name, slug, chapter.parent, chapter.country) for slug, chapter, name in members
    )
    n = len(entries)
    parent_jumps, country_jumps = [n] * n, [n] * n
    for i in range(n - 2, -1, -1):
        here, after = entries[i], entries[i + 1]
        parent_jumps[i] = parent_jumps[i + 1] if after[2] == here[2] else i + 1
        country_jumps[i] = country_jumps[i + 1] if after[3] == here[3] else i + 1
    return entries, parent_jumps, country_jumps


def _same(values):
    """The one value of them all, or _MIXED."""
    values = iter(values)
    first = next(values)
    for value in values:
        if value != first:
            return _MIXED
    return first


def _points(members) -> list[list]:
    """The points of (slug, chapter, name) with a location, one per location."""
    at: dict = {}
    for member in members:
        at.setdefault(member[1].location, []).append(member)
    points = []
    for location, here in at.items():
        lat, lon, cos_lat = place = _point(location)
        entries, parent_jumps, country_jumps = _entries(here)
        points.append(
            [
                cos_lat * math.cos(lon),
                cos_lat * math.sin(lon),
                math.sin(lat),
                place,
                entries,
                parent_jumps,
                country_jumps,
                _same(entry[2] for entry in entries),
                _same(entry[3] for entry in entries),
            ]
        )
    return points


def _tree(points: list[list]) -> list | None:
    """A k-d tree of the points: split at the median of the widest axis."""
    if not points:
        return None
    box = []
    for axis in range(3):
        values = [point[axis] for point in points]
        box += [min(values), max(values)]
    parent = _same(point[7] for point in points)
    country = _same(point[8] for point in points)
    if len(points) <= _LEAF:
        return [*box, parent, country, None, None, points]
    axis = max(range(3), key=lambda axis: box[2 * axis + 1] - box[2 * axis])
    points.sort(key=itemgetter(axis))
    middle = len(points) // 2
    return [*box, parent, country, _tree(points[:middle]), _tree(points[middle:]), None]


class _Skip(NamedTuple):
    """What a chapter leaves out of a listing: itself; the entries of a parent
    and of a country (_NOTHING: none); with ``ancestors`` (every chapter's),
    its own ancestors and its descendants."""

    own: str
    parent: object = _NOTHING
    country: object = _NOTHING
    own_ancestors: Collection[str] = ()
    ancestors: Mapping[str, Collection[str]] | None = None


def _take(listed, need: int, km: int | None, skip: _Skip, found: list) -> int:
    """Add to ``found`` (km, name, slug) for the first ``need`` entries of a
    sorted list that ``skip`` leaves; how many were added."""
    entries, parent_jumps, country_jumps = listed
    own, skip_parent, skip_country, own_ancestors, ancestors = skip
    i, end, taken = 0, len(entries), 0
    while i < end and taken < need:
        name, slug, parent, country = entries[i]
        if parent == skip_parent:
            i = parent_jumps[i]
        elif country == skip_country:
            i = country_jumps[i]
        elif slug == own or (
            ancestors is not None and (slug in own_ancestors or own in ancestors[slug])
        ):
            i += 1
        else:
            found.append((km, name, slug))
            taken += 1
            i += 1
    return taken


def _nearest(
    tree,
    at,
    need: int,
    skip: _Skip,
    within: float = math.inf,
    beyond: float = -math.inf,
) -> list[tuple[int, str, str]]:
    """The ``need`` best (km, name, slug) of the tree's entries that ``skip``
    leaves, from the point ``at``, with km (rounded) at most ``within`` and
    above ``beyond``: nearest first, then by name and slug.

    Best-first: nodes come off a heap by their least possible distance, and
    the search stops when that is over a km more than the ``need``-th best km
    found (a tie at the rounded km may still win by name)."""
    distance = _haversine_km  # looked up per call: the tests count its calls
    heappush, heappop = heapq.heappush, heapq.heappop
    own, skip_parent, skip_country, own_ancestors, ancestors = skip
    qx, qy, qz, place = at
    stop = _chord_sq(within + 1)
    inside = _chord_sq(beyond - 1)
    found: list[tuple[int, str, str]] = []
    worst: list[int] = []  # the best `need` km so far, negated: a max-heap
    kth = math.inf  # the need-th best km so far
    heap = [(0.0, 0, tree)]
    pushed = 1
    while heap:
        least, _, node = heappop(heap)
        if least > stop:
            break
        points = node[10]
        if points is None:
            for child in (node[8], node[9]):
                if child[6] == skip_parent or child[7] == skip_country:
                    continue
                low, high = child[0], child[1]
                dx = low - qx if qx < low else (qx - high if qx > high else 0.0)
                low, high = child[2], child[3]
                dy = low - qy if qy < low else (qy - high if qy > high else 0.0)
                low, high = child[4], child[5]
                dz = low - qz if qz < low else (qz - high if qz > high else 0.0)
                least = dx * dx + dy * dy + dz * dz
                if least > stop:
                    continue
                if inside > 0:
                    dx = max(qx - child[0], child[1] - qx)
                    dy = max(qy - child[2], child[3] - qy)
                    dz = max(qz - child[4], child[5] - qz)
                    if dx * dx + dy * dy + dz * dz < inside:
                        continue  # every point there is within `beyond`
                heappush(heap, (least, pushed, child))
                pushed += 1
            continue
        for point in points:
            if point[7] == skip_parent or point[8] == skip_country:
                continue
            dx, dy, dz = point[0] - qx, point[1] - qy, point[2] - qz
            chord = dx * dx + dy * dy + dz * dz
            if chord > stop or chord < inside:
                continue
            km = round(distance(place, point[3]))
            if km > kth or not km <= within or km <= beyond:
                continue
            entries = point[4]
            if len(entries) == 1:  # most points: its parent and country passed
                slug = entries[0][1]
                if slug == own or (
                    ancestors is not None
                    and (slug in own_ancestors or own in ancestors[slug])
                ):
                    continue
                found.append((km, entries[0][0], slug))
                taken = 1
            else:
                taken = _take(point[4:7], need, km, skip, found)
            for _ in range(taken):
                if len(worst) < need:
                    heappush(worst, -km)
                elif km < -worst[0]:
                    heapq.heapreplace(worst, -km)
            if taken and len(worst) == need and -worst[0] < kth:
                kth = -worst[0]
                stop = min(stop, _chord_sq(kth + 1))
    found.sort()
    return found[:need]


class _Group:
    """Some chapters (a parent's, a country's or an area's open ones, every
    open one): all of them and those without a location as sorted lists, those
    with one as a k-d tree, made when first asked for."""

    def __init__(self, members: list):
        self.members = members
        self.everyone = _entries(members)
        self.unlocated = _entries(m for m in members if m[1].location is None)
        self._tree = False

    def tree(self):
        if self._tree is False:
            located = [m for m in self.members if m[1].location is not None]
            self._tree = _tree(_points(located))
        return self._tree


class _Places:
    """The chapters sorted and indexed once, for every chapter's questions."""

    def __init__(self, chapters: Mapping, within_km: float):
        self.within_km = within_km
        parents = {slug: chapter.parent for slug, chapter in chapters.items()}
        self.ancestors = {slug: _ancestors(slug, parents) for slug in chapters}
        self.at = {}  # location: (x, y, z, (lat, lon, cos lat))
        groups, countries, areas, opened = {}, {}, {}, []
        for slug, chapter in chapters.items():
            member = (slug, chapter, chapter.name.casefold())
            if chapter.location is not None and chapter.location not in self.at:
                lat, lon, cos_lat = place = _point(chapter.location)
                self.at[chapter.location] = (
                    cos_lat * math.cos(lon),
                    cos_lat * math.sin(lon),
                    math.sin(lat),
                    place,
                )
            if chapter.parent is not None:
                groups.setdefault(chapter.parent, []).append(member)
            if chapter.is_closed:
                continue
            opened.append(member)
            countries.setdefault(chapter.country, []).append(member)
            if chapter.area is not None:
                areas.setdefault(chapter.area, []).append(member)
        self.groups = {parent: _Group(members) for parent, members in groups.items()}
        self.countries = {key: _Group(members) for key, members in countries.items()}
        self.areas = {key: _Group(members) for key, members in areas.items()}
        self.opened = _Group(opened)

    def siblings(self, slug: str, chapter) -> tuple[tuple[Neighbour, ...], int]:
        """The nearest SIBLINGS_LIMIT siblings, and how many more there are:
        by km where both have a location, then those without, by name."""
        if chapter.parent is None:
            return (), 0
        group = self.groups[chapter.parent]
        need, skip = SIBLINGS_LIMIT, _Skip(slug)
        found: list = []
        if need > 0 and chapter.location is None:
            _take(group.everyone, need, None, skip, found)
        elif need > 0:
            tree = group.tree()
            if tree is not None:
                found = _nearest(tree, self.at[chapter.location], need, skip)
            if len(found) < need:
                _take(group.unlocated, need - len(found), None, skip, found)
        shown = tuple([Neighbour(other, km, SIBLING) for km, _, other in found])
        return shown, len(group.everyone[0]) - 1 - len(shown)

    def closest(self, slug: str, chapter, limit: int) -> tuple[Neighbour, ...]:
        """The ``limit`` closest open chapters, as neighbour() and the tiers rank
        them: within ``within_km``, then the same country, then the same area;
        in each, by km where both have a location, then those without, by name."""
        ancestors = self.ancestors
        parent = _NOTHING if chapter.parent is None else chapter.parent
        skip = _Skip(slug, parent, _NOTHING, ancestors[slug], ancestors)
        abroad = skip._replace(country=chapter.country)  # the same area's others
        country = self.countries.get(chapter.country)
        area = self.areas.get(chapter.area) if chapter.area is not None else None
        if chapter.location is None:  # no km to anyone: each tier by name
            asks = [
                (country, "everyone", skip, SAME_COUNTRY),
                (area, "everyone", abroad, SAME_AREA),
            ]
        else:
            at = self.at[chapter.location]
            asks = [
                (self.opened, "within", skip, BY_DISTANCE),
                (country, "beyond", skip, SAME_COUNTRY),
                (country, "unlocated", skip, SAME_COUNTRY),
                (area, "beyond", abroad, SAME_AREA),
                (area, "unlocated", abroad, SAME_AREA),
            ]
        shown: list[Neighbour] = []
        for group, ask, rules, why in asks:
            need = limit - len(shown)
            if need <= 0:
                break
            if group is None:
                continue
            found: list = []
            if ask == "everyone":
                _take(group.everyone, need, None, rules, found)
            elif ask == "unlocated":
                _take(group.unlocated, need, None, rules, found)
            elif group.tree() is not None:
                bounds = (self.within_km, -math.inf)
                if ask == "beyond":
                    bounds = (math.inf, self.within_km)
                found = _nearest(group.tree(), at, need, rules, *bounds)
            shown += [Neighbour(other, km, why) for km, _, other in found]
        return tuple(shown)
