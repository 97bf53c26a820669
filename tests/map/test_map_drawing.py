"""The map's pure parts: projection, window, simplification, path text and markers."""

from __future__ import annotations

import math
import re

import lxml.html
import pytest

from plugins.map import drawing
from plugins.map.atlas import Country
from plugins.map.drawing import (
    WORLD,
    Land,
    Marker,
    View,
    equal_earth,
    legend_svg,
    map_svg,
    project,
    ring_path,
    simplify,
    spread,
    unwrap,
    view_around,
    view_of,
)


def test_equal_earth_maps_the_origin_to_the_origin_and_keeps_symmetry():
    assert equal_earth(0, 0) == (0.0, 0.0)
    x, y = equal_earth(30, 45)
    assert equal_earth(-30, -45) == pytest.approx((-x, -y))
    assert x > 0 and y > 0


def test_equal_earth_matches_the_published_extent():
    # Šavrič et al. 2018: the map is about 2.7066 units from centre to edge and
    # 1.3173 from the equator to a pole, on the unit sphere.
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-4)
    assert equal_earth(0, 90)[1] == pytest.approx(1.3174, abs=1e-4)
    # the poles are lines, shorter than the equator
    assert equal_earth(180, 90)[0] < equal_earth(180, 0)[0]


def test_a_view_places_its_corners_at_the_drawings_corners():
    view = View(west=-1.0, north=1.0, span_x=2.0, span_y=1.0, width=1000)
    assert view.height == 500
    assert view.place((-1.0, 1.0)) == (0, 0)
    assert view.place((1.0, 0.0)) == (1000, 500)
    assert view.contains((0.5, 0.2, 3.0, 0.4))
    assert not view.contains((1.5, 0.2, 3.0, 0.4))


def test_the_world_view_spans_every_longitude():
    view = view_of(WORLD)
    assert view.place(equal_earth(-180, 0))[0] == pytest.approx(0)
    assert view.place(equal_earth(180, 0))[0] == pytest.approx(1000)


def test_view_around_frames_every_location_with_room_and_the_same_shape():
    places = [(59.9, 10.7), (60.4, 5.3), (63.4, 10.4)]
    view = view_around(places, width=600, aspect=0.62)
    assert view.height == pytest.approx(600 * 0.62, abs=0.1)
    for lat, lon in places:
        x, y = view.place(equal_earth(lon, lat))
        assert 0 < x < 600 and 0 < y < view.height


def test_view_around_one_place_still_shows_its_surroundings():
    view = view_around([(51.5, -0.1)], min_degrees=12)
    north = view.place(equal_earth(-0.1, 51.5 + 5))[1]
    south = view.place(equal_earth(-0.1, 51.5 - 5))[1]
    assert 0 < north < south < view.height


def test_simplify_drops_points_on_a_straight_line_and_keeps_corners():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 0), (3, 3)]
    assert simplify(line, 0.5) == [(0, 0), (3, 0), (3, 3)]
    assert simplify(line, 0.001) == line
    assert simplify([(0, 0), (1, 1)], 5) == [(0, 0), (1, 1)]


def test_simplify_keeps_a_closed_ring_closed():
    ring = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert simplify(ring, 1) == ring


def test_ring_path_is_one_move_then_relative_steps_without_drift():
    path = ring_path([(0.04, 0.04), (1.06, 0.0), (2.12, 0.0), (2.12, 0.0), (0.0, 1.0)])
    assert path == "M0 0l1.1 0 1 0 -2.1 1z"
    # adding the steps up lands on the last rounded point, whatever the rounding
    steps = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    assert round(sum(steps[0::2]), 6) == 0.0 and round(sum(steps[1::2]), 6) == 1.0


def test_ring_path_of_a_single_point_is_empty():
    assert ring_path([(1.0, 1.0), (1.0, 1.0)]) == ""


def test_unwrap_keeps_a_ring_crossing_the_antimeridian_in_one_piece():
    fiji = [(179.0, -16.0), (180.0, -16.1), (-180.0, -16.5), (-179.5, -16.0)]
    lons = [lon for lon, _ in unwrap(fiji)]
    assert lons == [179.0, 180.0, 180.0, 180.5]


SQUARE = Country(
    id="999",
    name="Squareland",
    rings=(((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)),),
)
ELSEWHERE = Country(
    id="998",
    name="Farland",
    rings=(((100.0, -40.0), (110.0, -40.0), (110.0, -30.0), (100.0, -40.0)),),
)


def markers():
    return [
        Marker(5.0, 5.0, "IOPS Middle", "active", "/chapters/middle/"),
        Marker(2.0, 8.0, "IOPS <Edge> & Co", "closed", "/chapters/edge/"),
        Marker(8.0, 2.0, "IOPS Quiet", "quiet", "/chapters/quiet/"),
        Marker(1.0, 1.0, "IOPS Sleepy", "dormant", "/chapters/sleepy/"),
    ]


def parsed(svg: str):
    return lxml.html.fragment_fromstring(svg)


def test_each_marker_is_a_named_link_in_the_order_given():
    svg = parsed(
        map_svg(
            Land(project([SQUARE])),
            markers(),
            view_around([(5, 5)]),
            "Chapters",
            "test",
        )
    )
    links = svg.findall(".//a")
    assert [a.get("href") for a in links] == [m.href for m in markers()]
    assert [a.get("aria-label") for a in links] == [
        "IOPS Middle, active",
        "IOPS <Edge> & Co, closed",
        "IOPS Quiet, quiet",
        "IOPS Sleepy, dormant",
    ]
    assert [a.findtext("title") for a in links] == [a.get("aria-label") for a in links]


def distances(points):
    return [math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :]]


def test_markers_far_enough_apart_stay_on_their_places():
    places = [(10.0, 10.0), (40.0, 10.0), (10.0, 40.0)]
    assert spread(places, 24) == places


def test_markers_on_one_place_move_aside_each_visible_and_the_first_stays():
    places = [(500.0, 300.0)] * 7
    drawn = spread(places, 24)
    assert drawn[0] == places[0]
    assert len(set(drawn)) == len(places)  # the first ring holds six
    assert min(distances(drawn)) >= 24 - 1e-6
    assert all(math.dist(spot, places[0]) <= 24 + 1e-6 for spot in drawn)
    assert spread(places, 24) == drawn  # the same places, the same drawing


def test_a_crowded_marker_moves_away_from_its_neighbours_not_across_them():
    drawn = spread([(100.0, 100.0), (110.0, 100.0)], 24)
    assert drawn[1][0] > 110.0  # pushed east, the side away from the first
    assert math.isclose(math.dist(drawn[1], (110.0, 100.0)), 24)


def test_a_moved_marker_stays_inside_the_frame():
    drawn = spread([(5.0, 5.0), (5.0, 5.0)], 24, (1000.0, 500.0), 13)
    assert all(13 <= x <= 987 and 13 <= y <= 487 for x, y in drawn[1:])


def test_beyond_the_rings_a_marker_stays_on_its_place_and_the_work_is_bounded():
    places = [(500.0, 500.0)] * 3000
    drawn = spread(places, 24)
    moved = {spot for spot in drawn if spot != places[0]}
    rings = drawing.MAX_RINGS
    assert 0 < len(moved) <= 3 * rings * (rings + 1)  # the spots of the rings
    assert min(distances([places[0], *moved])) >= 24 - 1e-6
    assert drawn[-1] == places[0]
    # a mark never goes farther than the last ring: it stays near its place
    assert max(math.dist(spot, places[0]) for spot in moved) <= rings * 24 + 1e-6


def test_a_moved_marker_has_a_line_to_its_place():
    close = [
        Marker(5.0, 5.0, "IOPS One", "active", "/chapters/one/"),
        Marker(5.0, 5.0, "IOPS Two", "quiet", "/chapters/two/"),
    ]
    view = view_around([(0, 0), (10, 10)])
    svg = parsed(map_svg(Land(project([SQUARE])), close, view, "Chapters", "t"))
    first, second = svg.findall(".//a")
    assert first.find("path") is None
    (line,) = second.findall("path")
    assert line.get("class") == "leader"
    x, y = view.place(equal_earth(5.0, 5.0))
    assert line.get("d").startswith(f"M{round(x, 1):g} {round(y, 1):g}L")


def test_activities_differ_in_shape_not_only_in_colour():
    svg = parsed(
        map_svg(
            Land(project([SQUARE])),
            markers(),
            view_around([(5, 5)]),
            "Chapters",
            "test",
        )
    )
    shapes = [
        (a.get("aria-label").split(", ")[1], a[-1].tag, a[-1].get("class"))
        for a in svg.findall(".//a")
    ]
    assert shapes == [
        ("active", "circle", "marker marker-active"),
        ("closed", "polygon", "marker marker-closed"),
        ("quiet", "rect", "marker marker-quiet"),
        ("dormant", "polygon", "marker marker-dormant"),
    ]
    assert legend_svg("dormant").count("polygon") == 1


def test_the_outlines_are_hidden_from_screen_readers_and_the_map_is_titled():
    svg = parsed(
        map_svg(
            Land(project([SQUARE])),
            markers(),
            view_around([(5, 5)]),
            "Chapters in X",
            "x",
        )
    )
    assert svg.get("aria-labelledby") == "x-title"
    assert svg.find("title").text == "Chapters in X"
    assert svg.find(".//g[@class='land']").get("aria-hidden") == "true"


def test_a_cropped_map_draws_only_the_countries_in_its_window():
    svg = parsed(
        map_svg(
            Land(project([SQUARE, ELSEWHERE])),
            markers(),
            view_around([(5, 5)]),
            "Chapters",
            "t",
        )
    )
    assert len(svg.findall(".//g[@class='land']/path")) == 1


def test_the_svg_names_no_other_host():
    svg = map_svg(Land(project([SQUARE])), markers(), view_of(WORLD), "Chapters", "t")
    assert "http" not in svg and "//" not in svg


def test_islands_smaller_than_the_scale_shows_are_left_out():
    speck = Country("1", "Speck", (((0.0, 0.0), (0.01, 0.0), (0.0, 0.01), (0.0, 0.0)),))
    svg = parsed(map_svg(Land(project([speck])), [], view_of(WORLD), "Chapters", "t"))
    assert svg.findall(".//path") == []
    width = svg.get("viewbox").split()[2]  # HTML parsing lower-cases the name
    assert math.isclose(float(width), 1000)


def test_land_draws_each_view_once_and_the_same_map_again(monkeypatch):
    land = Land(project([SQUARE, ELSEWHERE]))
    world, near = view_of(WORLD), view_around([(5, 5)])
    first = map_svg(land, markers(), world, "Chapters", "t")
    cropped = map_svg(land, markers(), near, "Chapters", "t")
    drawn = []
    country_path = drawing.country_path
    monkeypatch.setattr(
        drawing, "country_path", lambda *a: drawn.append(a[0].name) or country_path(*a)
    )
    assert map_svg(land, markers(), world, "Chapters", "t") == first
    assert map_svg(land, markers(), near, "Chapters", "t") == cropped
    assert drawn == []
    assert map_svg(
        Land(project([SQUARE, ELSEWHERE])), markers(), near, "Chapters", "t"
    ) == (cropped)
    assert drawn == ["Squareland", "Farland"]  # outlines of their own: drawn afresh
