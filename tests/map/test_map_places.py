"""The markers of the map link each chapter's page with urls.absolute, as pages do."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plugins.map.places import by_country, markers


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
