"""The markers of the map link each chapter's page with urls.absolute, as pages do."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plugins.map.places import area_markers, by_country, markers


def located(slug: str, area: str | None = None):
    return SimpleNamespace(
        slug=slug, name=slug.title(), country="NO", area=area, location=(59.9, 10.7)
    )


FACTS = {"oslo": SimpleNamespace(activity="active")}


@pytest.mark.parametrize(
    ("siteurl", "href"),
    [
        ("", "/chapters/oslo/"),  # a local build: the host that serves it
        ("https://iops.example", "https://iops.example/chapters/oslo/"),
        ("https://iops.example/", "https://iops.example/chapters/oslo/"),
        ("https://example.org/iops", "https://example.org/iops/chapters/oslo/"),
    ],
)
def test_a_marker_links_its_chapters_page_under_the_siteurl(siteurl, href):
    countries = by_country([located("oslo")], lambda code: "Norway")
    [marker] = markers(countries, FACTS, siteurl)
    assert marker.href == href


def test_each_area_has_its_located_chapters_markers_in_list_order():
    chapters = [
        located("oslo", "nord"),
        located("bergen", "nord"),
        located("leeds", "uki"),
        located("nowhere"),
    ]
    chapters.append(
        SimpleNamespace(**{**vars(located("tromso", "nord")), "location": None})
    )
    facts = {c.slug: SimpleNamespace(activity="active") for c in chapters}
    countries = by_country(chapters, lambda code: "Norway")
    every = markers(countries, facts, "")
    by_area = area_markers(countries, facts, "")
    assert {area: [m.name for m in found] for area, found in by_area.items()} == {
        "nord": ["Bergen", "Oslo"],
        "uki": ["Leeds"],
    }
    assert [m.name for m in every] == ["Bergen", "Leeds", "Nowhere", "Oslo"]
