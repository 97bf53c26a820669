"""Nearby chapters: the work grows with the chapters, not with their square.

Counted, not timed: the distances computed (each one a call of the module's
_haversine_km) and the entries looked at one by one (each one a look into a
chapter's set of ancestors), for federations of 2,000 chapters shaped as the
quadratic comparison of every pair found hardest. docs/map.md gives timings,
of federations made here.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from plugins.model.chapters import Chapter
from plugins.site import nearby

SIZE = 2000
PER_CHAPTER = 60  # far below the SIZE - 1 of comparing every pair


def chapter(slug, country, location, parent, level="local", area="nord", closed=False):
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=slug.title(),
        level=level,
        country=country,
        parent=parent,
        area=area,
        location=location,
        status="closed" if closed else "active",
    )


def spread_over_countries(rng, size=SIZE, countries=2, regions=10):
    """Countries in six areas, each a national chapter and regional chapters
    under it, and local chapters under those in four cities a region; one
    local in twenty has no location, one in twenty is closed."""
    chapters = {}
    cities = []
    for c in range(countries):
        country, area = f"C{c:02d}", f"area{c % 6}"
        lat, lon = rng.uniform(-45, 65), rng.uniform(-120, 150)
        national = country.lower()
        chapters[national] = chapter(
            national, country, (lat, lon), None, "national", area
        )
        for r in range(regions):
            region = f"{national}-{r}"
            here = (lat + rng.uniform(-5, 5), lon + rng.uniform(-7, 7))
            chapters[region] = chapter(
                region, country, here, national, "regional", area
            )
            cities += [
                (
                    region,
                    country,
                    area,
                    (here[0] + rng.gauss(0, 1), here[1] + rng.gauss(0, 1.5)),
                )
                for _ in range(4)
            ]
    for n in range(size - len(chapters)):
        region, country, area, (lat, lon) = rng.choice(cities)
        location = (
            None
            if rng.random() < 0.05
            else (lat + rng.gauss(0, 0.1), lon + rng.gauss(0, 0.1))
        )
        closed = rng.random() < 0.05
        chapters[f"l{n}"] = chapter(
            f"l{n}", country, location, region, area=area, closed=closed
        )
    return chapters


def under_one_parent(rng, size=SIZE):
    """Every local under one national chapter, all over its country."""
    chapters = {"no": chapter("no", "NO", (61.0, 9.0), None, "national")}
    for n in range(size - 1):
        location = (rng.uniform(58.0, 70.5), rng.uniform(5.0, 30.0))
        chapters[f"l{n}"] = chapter(f"l{n}", "NO", location, "no")
    return chapters


def at_a_few_points(rng):
    """Under one parent, two hundred chapters at each of twenty points."""
    points = [(rng.uniform(58.0, 70.5), rng.uniform(5.0, 30.0)) for _ in range(20)]
    chapters = {"no": chapter("no", "NO", None, None, "national")}
    for n in range(SIZE - 1):
        chapters[f"l{n}"] = chapter(f"l{n}", "NO", points[n % 20], "no")
    return chapters


def mostly_without_a_location(rng):
    """Under one parent, most without a location: each of those has no km to
    anyone, and looks past its thousands of siblings for the others of its
    country and area."""
    chapters = {
        "no": chapter("no", "NO", None, None, "national"),
        "se": chapter("se", "SE", (60.0, 16.0), None, "national"),
    }
    for n in range(SIZE - 2):
        location = (rng.uniform(58.0, 70.5), rng.uniform(5.0, 30.0))
        chapters[f"l{n}"] = chapter(
            f"l{n}", "NO", location if n % 4 == 0 else None, "no"
        )
    for n in range(20):  # chapters of the country that are no siblings
        chapters[f"o{n}"] = chapter(f"o{n}", "NO", None, "se")
    return chapters


class _Counted(set):
    looks = 0

    def __contains__(self, item):
        _Counted.looks += 1
        return super().__contains__(item)


@pytest.mark.parametrize(
    "federation",
    [
        spread_over_countries,
        under_one_parent,
        at_a_few_points,
        mostly_without_a_location,
    ],
)
def test_the_work_per_chapter_is_bounded(federation, monkeypatch):
    chapters = federation(random.Random(1))
    distances = 0
    haversine = nearby._haversine_km

    def counted(a, b):
        nonlocal distances
        distances += 1
        return haversine(a, b)

    ancestors = nearby._ancestors
    monkeypatch.setattr(nearby, "_haversine_km", counted)
    monkeypatch.setattr(nearby, "_ancestors", lambda *a: _Counted(ancestors(*a)))
    _Counted.looks = 0
    result = nearby.nearby_chapters(chapters)
    assert len(result) == len(chapters)
    children = Counter(found.parent for found in chapters.values())
    for slug, found in chapters.items():
        if found.parent is not None:
            shown = result[slug]
            siblings = children[found.parent] - 1
            assert len(shown.siblings) == min(siblings, nearby.SIBLINGS_LIMIT)
            assert len(shown.siblings) + shown.more_siblings == siblings
    assert distances < PER_CHAPTER * len(chapters)
    assert _Counted.looks < PER_CHAPTER * len(chapters)
