"""Nearby chapters: nearest first by great-circle distance, else same country, then area."""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import replace

import pytest

from plugins.model.chapters import Chapter
from plugins.site import nearby
from plugins.site.nearby import (
    BY_DISTANCE,
    EARTH_RADIUS_KM,
    SAME_AREA,
    SAME_COUNTRY,
    SIBLING,
    Nearby,
    Neighbour,
    great_circle_km,
    nearby_chapters,
    neighbour,
)

LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)


def chapter(slug, country="GB", location=None, parent=None, area="uki", **more):
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=more.pop("name", slug.title()),
        level=more.pop("level", "local"),
        country=country,
        parent=parent,
        area=area,
        location=location,
        **more,
    )


def by_slug(*chapters):
    return {c.slug: c for c in chapters}


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        (LONDON, LONDON, 0),
        (LONDON, PARIS, 344),
        ((0.0, 0.0), (90.0, 0.0), 10008),  # a quarter of a meridian
        (
            (0.0, 179.5),
            (0.0, -179.5),
            111,
        ),  # across the antimeridian, not round the world
    ],
)
def test_great_circle_distance_in_km(a, b, km):
    assert round(great_circle_km(a, b)) == km


def test_a_chapter_within_1000_km_is_near_by_distance_whatever_its_country():
    london = chapter("london", location=LONDON)
    paris = chapter("paris", "FR", PARIS, area="eur-nw")
    assert neighbour(london, paris) == Neighbour("paris", 344, BY_DISTANCE)


def test_beyond_1000_km_only_the_same_country_or_area_counts():
    london = chapter("london", location=LONDON)
    lerwick = chapter("lerwick", location=(60.155, -1.145))  # Shetland, 964 km
    far_same_area = chapter("galway", "IE", (53.27, -9.05))  # 620 km: by distance
    rome = chapter("rome", "IT", (41.9, 12.5), area="eur-se")
    assert neighbour(london, lerwick).why == BY_DISTANCE
    assert neighbour(london, lerwick, within_km=500) == Neighbour(
        "lerwick", 964, SAME_COUNTRY
    )
    assert neighbour(london, far_same_area, within_km=500).why == SAME_AREA
    assert neighbour(london, rome) is None


def test_without_a_location_the_same_country_then_the_same_area_is_near():
    london = chapter("london", location=LONDON)
    leeds = chapter("leeds")  # no location
    dublin = chapter("dublin", "IE")  # no location, same area
    assert neighbour(london, leeds) == Neighbour("leeds", None, SAME_COUNTRY)
    assert neighbour(london, dublin) == Neighbour("dublin", None, SAME_AREA)


def test_closest_are_ordered_by_distance_then_country_then_area_and_limited():
    chapters = by_slug(
        chapter("london", location=LONDON),
        chapter("paris", "FR", PARIS, area="eur-nw"),
        chapter("brighton", location=(50.8225, -0.1372)),
        chapter("leeds"),
        chapter("dublin", "IE"),
        chapter("york"),
        chapter("rome", "IT", (41.9, 12.5), area="eur-se"),
    )
    closest = nearby_chapters(chapters, limit=5)["london"].closest
    assert [(n.slug, n.km, n.why) for n in closest] == [
        ("brighton", 76, BY_DISTANCE),
        ("paris", 344, BY_DISTANCE),
        ("leeds", None, SAME_COUNTRY),
        ("york", None, SAME_COUNTRY),
        ("dublin", None, SAME_AREA),
    ]
    assert [n.slug for n in nearby_chapters(chapters, limit=2)["london"].closest] == [
        "brighton",
        "paris",
    ]


def test_closed_chapters_and_the_chapters_own_family_are_not_listed_as_nearby():
    chapters = by_slug(
        chapter("uk", location=(54.0, -2.0), level="national"),
        chapter("england", location=(53.0, -1.5), parent="uk", level="regional"),
        chapter("london", location=LONDON, parent="england"),
        chapter("camden", location=(51.54, -0.14), parent="london"),
        chapter("kent", location=(51.28, 0.52), parent="england"),
        chapter("croydon", location=(51.37, -0.1), status="closed"),
        chapter("paris", "FR", PARIS, area="eur-nw"),
    )
    nearby = nearby_chapters(chapters)
    # uk and england are ancestors, camden a descendant, kent a sibling, croydon closed
    assert [n.slug for n in nearby["london"].closest] == ["paris"]
    assert nearby["london"].siblings == (Neighbour("kent", 52, SIBLING),)
    # a closed chapter's page still points its readers to open chapters nearby
    assert [n.slug for n in nearby["croydon"].closest][:2] == ["london", "camden"]


def test_siblings_include_closed_ones_nearest_first_and_top_level_chapters_have_none():
    chapters = by_slug(
        chapter("norway", "NO", level="national", area="nord-neth"),
        chapter("oslo", "NO", (59.91, 10.75), parent="norway", area="nord-neth"),
        chapter("bergen", "NO", (60.39, 5.32), parent="norway", area="nord-neth"),
        chapter("tromso", "NO", (69.65, 18.96), parent="norway", area="nord-neth"),
        chapter("moss", "NO", parent="norway", area="nord-neth", status="closed"),
        chapter("sweden", "SE", level="national", area="nord-neth"),
    )
    nearby = nearby_chapters(chapters)
    assert [(n.slug, n.km) for n in nearby["oslo"].siblings] == [
        ("bergen", 305),
        ("tromso", 1148),
        ("moss", None),
    ]
    assert nearby["norway"].siblings == ()
    assert [n.slug for n in nearby["norway"].closest] == ["sweden"]


def test_a_lone_chapter_has_no_neighbours():
    nearby = nearby_chapters(by_slug(chapter("london", location=LONDON)))
    assert nearby["london"].closest == () and nearby["london"].siblings == ()


def test_a_chapter_lists_its_nearest_siblings_and_counts_the_rest():
    from plugins.site.nearby import SIBLINGS_LIMIT

    locals_ = [
        chapter(f"l{n:02d}", "NO", (60.0 + n / 10, 10.0), parent="norway")
        for n in range(SIBLINGS_LIMIT + 5)
    ]
    nearby = nearby_chapters(
        by_slug(chapter("norway", "NO", level="national"), *locals_)
    )
    first = nearby["l00"]
    assert [n.slug for n in first.siblings] == [
        f"l{n:02d}" for n in range(1, SIBLINGS_LIMIT + 1)
    ]
    assert first.more_siblings == 4  # the parent's page lists every one


# --- The same result as comparing every pair ---------------------------------
#
# reference_nearby is nearby_chapters as it was before the spatial indexes: every
# chapter compared with every other, N(N-1) distances. nearby_chapters must give
# exactly what it gives, to the order, the rounded km and the count of siblings
# left out, on any federation.


def _reference_km(chapter, other):
    if chapter.location is None or other.location is None:
        return None
    lat1, lon1 = map(math.radians, chapter.location)
    lat2, lon2 = map(math.radians, other.location)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h))))


def _reference_neighbour(chapter, other, within_km):
    km = _reference_km(chapter, other)
    if km is not None and km <= within_km:
        return Neighbour(other.slug, km, BY_DISTANCE)
    if other.country == chapter.country:
        return Neighbour(other.slug, km, SAME_COUNTRY)
    if chapter.area is not None and other.area == chapter.area:
        return Neighbour(other.slug, km, SAME_AREA)
    return None


def _reference_ancestors(slug, parents):
    seen = set()
    parent = parents.get(slug)
    while parent is not None and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent)
    return seen


def reference_nearby(chapters, limit=5, within_km=1000, siblings_limit=12):
    tiers = {BY_DISTANCE: 0, SAME_COUNTRY: 1, SAME_AREA: 2}

    def order(found):
        km = found.km if found.km is not None else math.inf
        return (tiers[found.why], km, chapters[found.slug].name.casefold(), found.slug)

    def sibling_order(found):
        km = found.km if found.km is not None else math.inf
        return (km, chapters[found.slug].name.casefold(), found.slug)

    parents = {slug: chapter.parent for slug, chapter in chapters.items()}
    ancestors = {slug: _reference_ancestors(slug, parents) for slug in chapters}
    result = {}
    for slug, chapter in chapters.items():
        closest, siblings = [], []
        for other_slug, other in chapters.items():
            if other_slug == slug:
                continue
            if chapter.parent is not None and other.parent == chapter.parent:
                km = _reference_km(chapter, other)
                siblings.append(Neighbour(other_slug, km, SIBLING))
                continue
            if (
                other.is_closed
                or other_slug in ancestors[slug]
                or slug in ancestors[other_slug]
            ):
                continue
            found = _reference_neighbour(chapter, other, within_km)
            if found is not None:
                closest.append(found)
        shown = heapq.nsmallest(siblings_limit, siblings, key=sibling_order)
        result[slug] = Nearby(
            tuple(heapq.nsmallest(limit, closest, key=order)),
            tuple(shown),
            len(siblings) - len(shown),
        )
    return result


# Places that make trouble: the poles, both sides of the antimeridian, and the
# same point written two ways (-180 and 180, or any longitude at a pole).
_CENTRES = [
    (59.91, 10.75),
    (60.39, 5.32),
    (51.5074, -0.1278),
    (89.99, 0.0),
    (90.0, 45.0),
    (-89.995, 120.0),
    (-90.0, -60.0),
    (0.0, 180.0),
    (0.0, -180.0),
    (-17.7, 179.99),
    (-17.7, -179.99),
    (64.0, -179.5),
    (0.0, 0.0),
]
_NAMES = ["Oslo", "oslo", "OSLO", "Bergen", "Straße", "STRASSE", "Ås", "ås", "Zed", "a"]


def random_federation(rng, size):
    """Nationals, regionals under them and locals under either (some with a parent
    not among the chapters), in a few countries and areas, clustered at a few
    places (many at the same point, others a few km apart), some without a
    location, some closed."""
    countries = rng.sample(
        ["NO", "SE", "GB", "FR", "FJ", "NZ", "AQ"], rng.randint(1, 4)
    )
    areas = [None, "nord", "eur", "pacific"]
    centres = rng.sample(_CENTRES, rng.randint(1, 5))
    spread = rng.choice([0.0, 0.001, 0.01, 0.05, 0.5, 5.0])
    points = [
        (
            max(-90.0, min(90.0, lat + rng.uniform(-spread, spread))),
            max(-180.0, min(180.0, lon + rng.uniform(-spread, spread) * 3)),
        )
        for lat, lon in centres
        for _ in range(rng.randint(1, 4))
    ]

    def location():
        roll = rng.random()
        if roll < 0.15:
            return None
        if roll < 0.2:
            return (rng.uniform(-90, 90), rng.uniform(-180, 180))
        if roll < 0.6:
            return rng.choice(points)  # the same point as others
        lat, lon = rng.choice(points)
        km = rng.choice([0.3, 1, 3, 20, 300])
        return (
            max(-90.0, min(90.0, lat + rng.uniform(-km, km) / 111)),
            max(-180.0, min(180.0, lon + rng.uniform(-km, km) / 111)),
        )

    chapters = {}
    levels = {}
    for n in range(size):
        slug = f"c{n:03d}"
        higher = [s for s, level in levels.items() if level != "local"]
        roll = rng.random()
        if not higher or roll < 0.15:
            level, parent = rng.choice(["national", "local"]), None
        elif roll < 0.18:
            level, parent = "local", "gone"  # a parent not among the chapters
        else:
            parent = rng.choice(higher)
            level = (
                "regional" if levels[parent] == "national" and roll < 0.4 else "local"
            )
        levels[slug] = level
        country = (
            chapters[parent].country
            if parent in chapters and rng.random() < 0.85
            else rng.choice(countries)
        )
        chapters[slug] = chapter(
            slug,
            country,
            location(),
            parent,
            rng.choice(areas),
            name=rng.choice(_NAMES) if rng.random() < 0.7 else slug.upper(),
            level=level,
            status="closed" if rng.random() < 0.15 else "active",
        )
    if rng.random() < 0.1:  # a parent made wrong by hand: even a cycle
        for slug in rng.sample(list(chapters), min(2, len(chapters))):
            chapters[slug] = replace(chapters[slug], parent=rng.choice(list(chapters)))
    keys = list(chapters)
    rng.shuffle(keys)
    return {key: chapters[key] for key in keys}


@pytest.mark.parametrize("seed", range(40))
def test_the_same_result_as_comparing_every_pair(seed, monkeypatch):
    rng = random.Random(seed)
    for _ in range(10):
        chapters = random_federation(rng, rng.choice([1, 2, 5, 20, 60, 150]))
        limit = rng.choice([0, 1, 2, 5, 8])
        within_km = rng.choice(
            [-1, 0, 0.5, 1, 2.5, 10, 300, 1000, 5000, 20016, math.inf, math.nan]
        )
        siblings_limit = rng.choice([0, 1, 3, 12])
        monkeypatch.setattr(nearby, "SIBLINGS_LIMIT", siblings_limit)
        found = nearby_chapters(chapters, limit, within_km)
        expected = reference_nearby(chapters, limit, within_km, siblings_limit)
        assert list(found.items()) == list(expected.items())


@pytest.mark.parametrize("seed", range(3))
def test_the_same_result_as_comparing_every_pair_in_a_larger_federation(seed):
    chapters = random_federation(random.Random(seed), 400)
    found, expected = nearby_chapters(chapters), reference_nearby(chapters)
    assert list(found.items()) == list(expected.items())
