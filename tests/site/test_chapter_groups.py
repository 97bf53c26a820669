"""Chapters grouped by area or country: one function (site.streams.grouped) for the
directory, the area pages, /exchange/ and the map."""

from __future__ import annotations

from types import SimpleNamespace

from plugins.map.places import by_country
from plugins.site.streams import (
    by_level_and_name,
    by_name,
    directory_groups,
    grouped,
    in_order,
)
from plugins.site.words import country_name


def chapter(slug, name, level="local", area=None, country="NO"):
    return SimpleNamespace(
        slug=slug, name=name, level=level, area=area, country=country
    )


OSLO = chapter("oslo", "IOPS Oslo", area="nord")
BERGEN = chapter("bergen", "iops Bergen", area="nord")  # lower case sorts by letter
NORWAY = chapter("norway", "IOPS Norway", "national", area="nord")
LEEDS = chapter("leeds", "IOPS Leeds", area="uki", country="GB")
PERTH = chapter("perth", "IOPS Perth", country="AU")
CANADA = chapter("canada", "IOPS Canada", "national", country="CA")
STRAY = chapter("stray", "IOPS Stray", area="gone")  # an area the settings lack
EVERY = [PERTH, OSLO, STRAY, LEEDS, CANADA, BERGEN, NORWAY]


def slugs(groups):
    return [(key, [c.slug for c in members]) for key, members in groups]


def test_groups_follow_their_order_and_members_theirs_and_empty_groups_are_left_out():
    found = grouped(EVERY, lambda c: c.country, lambda code: code, by_name)
    assert slugs(found) == [
        ("AU", ["perth"]),
        ("CA", ["canada"]),
        ("GB", ["leeds"]),
        ("NO", ["bergen", "norway", "oslo", "stray"]),
    ]
    assert grouped([], lambda c: c.country, str, by_name) == []


def test_keys_in_the_given_order_then_none_then_the_rest_as_met():
    order = in_order(["uki", "nord", "empty"])
    found = grouped(EVERY, lambda c: c.area, order, by_name)
    assert [key for key, _ in found] == ["uki", "nord", None, "gone"]


def test_the_directory_groups_by_area_outermost_chapters_first():
    assert slugs(directory_groups(EVERY, ["nord", "uki"])) == [
        ("nord", ["norway", "bergen", "oslo"]),
        ("uki", ["leeds"]),
        (None, ["canada", "perth"]),
        ("gone", ["stray"]),
    ]
    assert by_level_and_name(NORWAY) < by_level_and_name(BERGEN)


def test_the_map_groups_by_country_named_and_sorted_by_name():
    found = [
        (c.code, c.name, [ch.slug for ch in c.chapters])
        for c in by_country(EVERY, country_name)
    ]
    assert found == [
        ("AU", "Australia", ["perth"]),
        ("CA", "Canada", ["canada"]),
        ("NO", "Norway", ["bergen", "norway", "oslo", "stray"]),
        ("GB", "United Kingdom", ["leeds"]),
    ]
