"""A chapter's time zone: one rule (chapters.chapter_zone) for the check and the pages."""

from __future__ import annotations

import pytest

from plugins.model.chapters import Chapter, Meetings, chapter_zone


def chapter(slug, country, zone=None, parent=None, level="local") -> Chapter:
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=slug.title(),
        level=level,
        country=country,
        parent=parent,
        meetings=Meetings("weekly", "tuesday", "19:00", zone) if zone else None,
    )


TREE = {
    c.slug: c
    for c in [
        chapter("us", "US", "America/Chicago", level="national"),
        chapter("midwest", "US", parent="us", level="regional"),
        chapter("detroit", "US", "America/Detroit", parent="midwest"),
        chapter("peoria", "US", parent="midwest"),
        chapter("online", "US", "UTC", parent="midwest"),
        chapter("no-zone", "US", level="national"),
        chapter("reno", "US", parent="no-zone"),
        chapter("orphan", "US", parent="gone"),  # its parent's profile is broken
        chapter("norway", "NO", level="national"),
        chapter("oslo", "NO", parent="norway"),
        chapter("bergen", "NO", "Europe/Berlin", parent="norway"),
        chapter("uk", "GB", "Europe/London", level="national"),
        chapter("leeds", "GB", "GMT", parent="uk"),
        chapter("iceland", "IS", "UTC", level="national"),
    ]
}


@pytest.mark.parametrize(
    ("slug", "zone"),
    [
        ("detroit", "America/Detroit"),  # its own meetings' zone
        ("bergen", "Europe/Berlin"),  # its own, even against its country's
        ("oslo", "Europe/Oslo"),  # none given: its country has one zone
        ("peoria", "America/Chicago"),  # none, several in its country: inherited
        ("midwest", "America/Chicago"),
        ("online", "America/Chicago"),  # UTC names no local zone
        ("leeds", "Europe/London"),  # GMT in a country with summer time
        ("iceland", "Atlantic/Reykjavik"),  # UTC all year: its country's zone
        ("reno", None),  # several zones in its country, none up the tree
        ("orphan", None),
    ],
)
def test_a_chapters_zone_is_its_own_else_its_countrys_only_else_the_nearest_enclosing(
    slug, zone
):
    assert chapter_zone(TREE[slug], TREE) == zone
