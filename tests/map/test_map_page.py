"""/map/ of the fixture federation: every located chapter a named link, nothing from another host."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import _log_afresh, federation_copy

# Attributes that can make a browser fetch or go somewhere.
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "poster", "data", "xlink:href")


@pytest.fixture(scope="module")
def federation(tmp_path_factory):
    _log_afresh()
    site = federation_copy(tmp_path_factory.mktemp("map"))
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site


@pytest.fixture(scope="module")
def rows(federation):
    text = (federation.output / "data/chapters.json").read_text(encoding="utf-8")
    return {row["slug"]: row for row in json.loads(text)}


def located(rows):
    return {slug: row for slug, row in rows.items() if row["lat"] is not None}


def marker_links(page, figure_class="world-map"):
    return page.xpath(f"//figure[@class='{figure_class}']//svg//a")


def test_every_chapter_with_a_location_is_one_named_marker_linked_to_its_page(
    federation, rows
):
    links = marker_links(federation.page("map/"))
    expected = located(rows)
    assert 0 < len(expected) < len(rows)  # the fixture has chapters without one
    assert sorted(a.get("href") for a in links) == sorted(
        f"/chapters/{slug}/" for slug in expected
    )
    by_href = {a.get("href"): a for a in links}
    for slug, row in expected.items():
        link = by_href[f"/chapters/{slug}/"]
        assert link.get("aria-label") == f"{row['name']}, {row['activity']}"
        assert (federation.output / "chapters" / slug / "index.html").is_file()


def test_the_list_by_country_holds_the_same_chapters_and_the_rest_are_named(
    federation, rows
):
    page = federation.page("map/")
    listed = page.xpath(
        "//section[@aria-labelledby='by-country-heading']//li/a[1]/@href"
    )
    assert sorted(listed) == sorted(f"/chapters/{slug}/" for slug in located(rows))
    countries = page.xpath("//section[@aria-labelledby='by-country-heading']//h3")
    names = [h.text_content() for h in countries]
    assert names == sorted(names) and "Norway" in names
    unplaced = page.xpath("//section[@aria-labelledby='unplaced-heading']//li/a/@href")
    assert sorted(unplaced) == sorted(
        f"/chapters/{slug}/" for slug in rows if rows[slug]["lat"] is None
    )


def test_every_listed_chapter_shows_its_activity_and_whether_it_is_out_of_date(
    federation, rows
):
    items = federation.page("map/").xpath("//main//ul[contains(@class, 'chapters')]/li")
    assert len(items) == len(rows)
    for item in items:
        row = rows[item.xpath("string(a[1]/@href)").split("/")[-2]]
        badges = item.xpath(".//span[contains(@class, 'badge')]/@class")
        assert f"badge activity-{row['activity']}" in badges
        assert ("badge stale" in badges) == row["stale"]


def test_the_legend_names_each_activity_with_its_shape(federation):
    legend = federation.page("map/").xpath("//ul[@class='map-legend']/li")
    words = [" ".join(li.text_content().split()) for li in legend]
    assert [w.split(" (")[0] for w in words] == ["Active", "Quiet", "Dormant", "Closed"]
    assert all(li.xpath(".//svg[@aria-hidden='true']") for li in legend)


def other_hosts(page, own_host: str) -> list[str]:
    found = []
    for element in page.iter():
        for name, value in element.attrib.items():
            if name not in URL_ATTRIBUTES and name != "style":
                continue
            for url in (
                re.findall(r"url\(([^)]*)\)", value) if name == "style" else [value]
            ):
                host = urlsplit(url.strip("'\" ")).netloc
                if host and host != own_host:
                    found.append(f"{element.tag} {name}={value}")
    return found


def test_no_url_in_the_page_its_svg_or_its_css_points_at_another_host(federation):
    own_host = "localhost:8000"  # CHAPTERS_LOCAL_SITEURL: the page's canonical address
    page = federation.page("map/")
    assert other_hosts(page, own_host) == []
    svg = (federation.output / "map/index.html").read_text(encoding="utf-8")
    world = svg[svg.index("<svg") : svg.index("</svg>")]
    assert "//" not in world  # not even the SVG namespace's address
    css = (federation.output / "theme/css/site.css").read_text(encoding="utf-8")
    assert "@import" not in css
    for url in re.findall(r"url\(([^)]*)\)", css):
        assert not urlsplit(url.strip("'\" ")).netloc, url


def test_the_home_page_shows_every_located_chapter_and_links_the_map(federation, rows):
    page = federation.page("")
    links = marker_links(page, "map-part")
    assert len(links) == len(located(rows))
    assert page.xpath("//figure[@class='map-part']//a[@href='/map/']")


def test_an_area_page_shows_only_its_own_chapters_on_its_part_of_the_map(
    federation, rows
):
    links = marker_links(federation.page("areas/uki/"), "map-part")
    expected = {slug for slug, row in located(rows).items() if row["area"] == "uki"}
    assert {a.get("href") for a in links} == {f"/chapters/{s}/" for s in expected}
    assert "london" in expected and "oslo" not in expected


def test_a_chapter_page_lists_the_chapters_nearby_with_distances(federation):
    near = federation.page("chapters/london/").xpath("//section[@class='nearby']")[0]
    closest = [
        " ".join(li.text_content().split())
        for li in near.xpath(".//ul[@class='nearby-closest']/li")
    ]
    # within 1,000 km of London, nearest first; the UK chapter (London's parent)
    # and North of England (a sibling, listed apart) are not repeated here
    assert [c.split(" · ")[0] for c in closest] == [
        "IOPS Nottingham, Nottingham",
        "IOPS (County) Dublin, Dublin",
        "IOPS Ireland",
    ]
    assert re.match(
        r"IOPS Nottingham, Nottingham · 1\d\d km (Active|Quiet)", closest[0]
    )
    siblings = near.xpath(".//ul[@class='nearby-siblings']/li/a/@href")
    assert siblings == ["/chapters/england-north/"]
    assert near.xpath(".//a[@href='/map/']")
    # the parent's other chapters first, then the others nearby, each under
    # its own heading
    assert [ul.get("class") for ul in near.xpath(".//ul")] == [
        "nearby-siblings",
        "nearby-closest",
    ]
    assert near.xpath("string(.//h3[@id='closest-heading'])") == (
        "Other chapters nearby"
    )
