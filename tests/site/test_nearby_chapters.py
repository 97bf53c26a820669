"""Nearby chapters: nearest first by great-circle distance, else same country, then area."""

from __future__ import annotations

import pytest

from plugins.model.chapters import Chapter
from plugins.site.nearby import (
    BY_DISTANCE,
    SAME_AREA,
    SAME_COUNTRY,
    SIBLING,
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
