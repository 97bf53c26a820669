"""The map as inline SVG, drawn at build time: projection, simplification, paths, markers.

Pure functions, no Pelican. Coordinates go from (lon, lat) in degrees through
the Equal Earth projection (Šavrič, Patterson and Jenny, 2018: an equal-area
projection whose formulas fit in a few lines) to the SVG's own units, where the
drawing is ``width`` units wide whatever part of the world it shows. Outlines
are simplified to what that scale can show, so a cropped map of one area
carries no more path data than it draws.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .atlas import Country

# Equal Earth's polynomial coefficients.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2

# What the world map shows: Antarctica and the far north hold no chapter.
WORLD = (-180.0, -56.0, 180.0, 84.0)
ACTIVITIES = ("active", "quiet", "dormant", "closed")
SHAPES = {
    "active": "circle",
    "quiet": "square",
    "dormant": "triangle",
    "closed": "cross",
}

Point = tuple[float, float]


def equal_earth(lon: float, lat: float) -> Point:
    """Projected (x, y), y growing northwards; x spans about ±2.71 at the equator."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


@dataclass(frozen=True)
class View:
    """A window on the projected plane, drawn ``width`` units wide (y pointing down)."""

    west: float  # projected x of the left edge
    north: float  # projected y of the top edge
    span_x: float
    span_y: float
    width: float = 1000.0

    @property
    def height(self) -> float:
        return round(self.width * self.span_y / self.span_x, 1)

    @property
    def scale(self) -> float:
        return self.width / self.span_x

    def place(self, point: Point) -> Point:
        """A projected point in the drawing's units."""
        x, y = point
        return (x - self.west) * self.scale, (self.north - y) * self.scale

    def contains(self, box: tuple[float, float, float, float]) -> bool:
        """Whether a projected box (x0, y0, x1, y1) overlaps the window."""
        x0, y0, x1, y1 = box
        south = self.north - self.span_y
        return not (
            x1 < self.west
            or x0 > self.west + self.span_x
            or y1 < south
            or y0 > self.north
        )


def view_of(bounds: tuple[float, float, float, float], width: float = 1000.0) -> View:
    """The view of a box in degrees (west, south, east, north), projected."""
    west, south, east, north = bounds
    corners = [
        equal_earth(lon, lat)
        for lon in (west, (west + east) / 2, east)
        for lat in (south, 0.0 if south < 0 < north else south, north)
    ]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return View(min(xs), max(ys), max(xs) - min(xs), max(ys) - min(ys), width)


def view_around(
    locations: Sequence[Point],
    width: float = 600.0,
    margin: float = 0.25,
    min_degrees: float = 12.0,
    aspect: float = 0.62,
) -> View:
    """A window framing some (lat, lon) locations with room around them.

    At least ``min_degrees`` of latitude tall, so one chapter shows its
    surroundings, widened or heightened to ``aspect`` (height / width) so
    every cropped map has the same shape on a page.
    """
    projected = [equal_earth(lon, lat) for lat, lon in locations]
    xs = [x for x, _ in projected]
    ys = [y for _, y in projected]
    floor = equal_earth(0, min_degrees / 2)[1] * 2
    span_x = max(max(xs) - min(xs), floor)
    span_y = max(max(ys) - min(ys), floor * aspect)
    span_x, span_y = span_x * (1 + 2 * margin), span_y * (1 + 2 * margin)
    if span_y / span_x > aspect:
        span_x = span_y / aspect
    else:
        span_y = span_x * aspect
    middle_x = (max(xs) + min(xs)) / 2
    middle_y = (max(ys) + min(ys)) / 2
    return View(middle_x - span_x / 2, middle_y + span_y / 2, span_x, span_y, width)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Ramer-Douglas-Peucker: drop points nearer than ``tolerance`` to the line kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / length
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack.extend(((first, farthest), (farthest, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def ring_path(points: Sequence[Point]) -> str:
    """An SVG path of a closed ring: one absolute move, then relative lines.

    Each step is taken between rounded points, so rounding never drifts.
    """
    rounded = [(round(x, 1), round(y, 1)) for x, y in points]
    steps = []
    previous = rounded[0]
    for point in rounded[1:]:
        if point == previous:
            continue
        steps.append(
            f"{_number(point[0] - previous[0])} {_number(point[1] - previous[1])}"
        )
        previous = point
    if not steps:
        return ""
    return (
        f"M{_number(rounded[0][0])} {_number(rounded[0][1])}l" + " ".join(steps) + "z"
    )


def unwrap(ring: Sequence[Point]) -> list[Point]:
    """A ring of (lon, lat) without jumps across the antimeridian.

    Natural Earth cuts Russia and Fiji at ±180°, so one step of a ring can go
    from 179.9 to -180: drawn as is, that is a line across the whole world.
    Each longitude is shifted by whole turns to stay next to the one before;
    the part past 180° then lies outside the world map and is clipped.
    """
    if not ring:
        return []
    points = [ring[0]]
    for lon, lat in ring[1:]:
        turns = round((points[-1][0] - lon) / 360)
        points.append((lon + 360 * turns, lat))
    return points


@dataclass(frozen=True)
class Outline:
    """A country's rings, projected once per build, each with its box (x0, y0, x1, y1)."""

    name: str
    rings: tuple[tuple[tuple[Point, ...], tuple[float, float, float, float]], ...]


def project(countries: Iterable[Country]) -> tuple[Outline, ...]:
    """Every country projected with Equal Earth, for as many maps as a build draws."""
    outlines = []
    for country in countries:
        rings = []
        for ring in country.rings:
            points = tuple(equal_earth(lon, lat) for lon, lat in unwrap(ring))
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            rings.append((points, (min(xs), min(ys), max(xs), max(ys))))
        outlines.append(Outline(country.name, tuple(rings)))
    return tuple(outlines)


def country_path(outline: Outline, view: View, tolerance: float = 0.8) -> str:
    """The path data of a country's rings inside the view, simplified to its scale."""
    parts = []
    for points, box in outline.rings:
        if not view.contains(box):
            continue
        if max(box[2] - box[0], box[3] - box[1]) * view.scale < tolerance * 2:
            continue  # an island smaller than what this scale shows
        placed = [view.place(point) for point in points]
        path = ring_path(simplify(placed, tolerance))
        if path:
            parts.append(path)
    return "".join(parts)


# How many views a ``Land`` keeps drawn: a build draws the world, the home
# and each area with chapters; more are dropped, all at once.
_VIEWS_KEPT = 64


class Land:
    """Projected country outlines, with each view's path data kept once drawn.

    A process that draws a view again (the world map, in every build of a
    script or test run that builds several sites) draws its land once.
    """

    def __init__(self, outlines: tuple[Outline, ...]):
        self.outlines = outlines
        self._drawn: dict[tuple[View, float], tuple[str, ...]] = {}

    def paths(self, view: View, tolerance: float) -> tuple[str, ...]:
        """The path data of every country inside ``view``, in the outlines' order."""
        key = (view, tolerance)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= _VIEWS_KEPT:
                self._drawn.clear()
            drawn = tuple(
                d
                for outline in self.outlines
                if (d := country_path(outline, view, tolerance))
            )
            self._drawn[key] = drawn
        return drawn


@dataclass(frozen=True)
class Marker:
    """A chapter on the map."""

    lat: float
    lon: float
    name: str  # what the marker says: "Oslo"
    activity: str  # active, quiet, dormant or closed
    href: str

    @property
    def label(self) -> str:
        """The marker's accessible name, e.g. "IOPS Oslo, active"."""
        return f"{self.name}, {self.activity}"


def marker_shape(parent: ET.Element, activity: str, x: float, y: float, size: float):
    """One activity's shape centred on (x, y): circle, square, triangle or cross."""
    shape = SHAPES.get(activity, "circle")
    attrs = {"class": f"marker marker-{activity}"}
    if shape == "circle":
        return ET.SubElement(
            parent,
            "circle",
            {**attrs, "cx": _number(x), "cy": _number(y), "r": _number(size)},
        )
    if shape == "square":
        side = size * 1.7
        return ET.SubElement(
            parent,
            "rect",
            {
                **attrs,
                "x": _number(x - side / 2),
                "y": _number(y - side / 2),
                "width": _number(side),
                "height": _number(side),
            },
        )
    if shape == "triangle":
        r = size * 1.25
        points = [(x, y - r), (x + r * 0.87, y + r * 0.5), (x - r * 0.87, y + r * 0.5)]
    else:  # a cross: a closed chapter
        a, b = size * 1.1, size * 0.4
        points = [
            (x - a, y - a + b), (x - a + b, y - a), (x, y - b), (x + a - b, y - a),
            (x + a, y - a + b), (x + b, y), (x + a, y + a - b), (x + a - b, y + a),
            (x, y + b), (x - a + b, y + a), (x - a, y + a - b), (x - b, y),
        ]  # fmt: skip
    return ET.SubElement(
        parent,
        "polygon",
        {
            **attrs,
            "points": " ".join(f"{_number(px)},{_number(py)}" for px, py in points),
        },
    )


def map_svg(
    land: Land,
    markers: Sequence[Marker],
    view: View,
    title: str,
    map_id: str,
    marker_size: float | None = None,
) -> str:
    """The map: country outlines, then one linked, named marker per chapter.

    The outlines are decoration (hidden from screen readers); each marker is
    an ``<a>`` whose accessible name says the chapter and its activity, in
    the order given (the list's beside the map, so keyboard order follows it).
    The SVG is meant for inline use in HTML, so it names no namespace: the
    page names no other host, not even the SVG namespace's.
    """
    size = marker_size if marker_size is not None else view.width / 100
    svg = ET.Element(
        "svg",
        {
            "viewBox": f"0 0 {_number(view.width)} {_number(view.height)}",
            "class": "map",
            "role": "group",
            "aria-labelledby": f"{map_id}-title",
            "id": map_id,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{map_id}-title"}).text = title
    ET.SubElement(
        svg,
        "rect",
        {"class": "sea", "width": _number(view.width), "height": _number(view.height)},
    )
    ground = ET.SubElement(svg, "g", {"class": "land", "aria-hidden": "true"})
    for d in land.paths(view, view.width / 800):
        ET.SubElement(ground, "path", {"d": d})
    layer = ET.SubElement(svg, "g", {"class": "markers"})
    places = [view.place(equal_earth(m.lon, m.lat)) for m in markers]
    for marker, (x, y), (mx, my) in zip(
        markers,
        places,
        spread(places, size * SPACING, (view.width, view.height), size * 1.3),
        strict=True,
    ):
        link = ET.SubElement(
            layer, "a", {"href": marker.href, "aria-label": marker.label}
        )
        ET.SubElement(link, "title").text = marker.label
        if (mx, my) != (x, y):  # moved aside: a line points at the place
            ET.SubElement(
                link,
                "path",
                {
                    "class": "leader",
                    "d": f"M{_number(x)} {_number(y)}L{_number(mx)} {_number(my)}",
                },
            )
        marker_shape(link, marker.activity, mx, my, size)
    return ET.tostring(svg, encoding="unicode")


# Two markers' centres are at least this many marker sizes apart: circles
# touch, squares' corners may (a circle reaches 1 size from its centre, a
# square's corner 1.2).
SPACING = 2.0
# Beyond this many rings a marker stays on its place, over the others: a mark
# moved farther would stand for another country (London's in Brittany, on
# the world map), the list below the map names every chapter, and the work
# stays bounded.
MAX_RINGS = 1


def spread(
    places: Sequence[Point],
    distance: float,
    frame: tuple[float, float] | None = None,
    margin: float = 0.0,
) -> list[Point]:
    """Where to draw a marker at each of ``places`` so that no two centres
    are closer than ``distance``: each in turn keeps its place if it is free,
    else takes the first free spot on rings around it (six spots on the
    first ring, twelve on the second, ...), those that point away from the
    markers already placed nearby first, so that crowded markers move
    outwards and their lines do not cross; never closer than ``margin`` to the edges of a ``frame`` of
    that width and height; where the first ``MAX_RINGS`` rings are full, on
    its place.
    The same places give the same drawing.

    A grid of ``distance``-sized cells holds what is placed (at most a few
    spots a cell, since placed spots keep their distance), so each test
    looks at nine small cells and each marker at most 7 spots: linear in
    the number of markers.
    """
    placed: dict[tuple[int, int], list[Point]] = {}

    def free(x: float, y: float) -> bool:
        column, row = math.floor(x / distance), math.floor(y / distance)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, py in placed.get((column + dx, row + dy), ()):
                    if (px - x) ** 2 + (py - y) ** 2 < distance * distance - 1e-9:
                        return False
        return True

    def inside(x: float, y: float) -> bool:
        if frame is None:
            return True
        width, height = frame
        return margin <= x <= width - margin and margin <= y <= height - margin

    def away(x: float, y: float) -> float:
        """The angle (0 = up, clockwise) from the spots placed near (x, y) to it."""
        near = [
            (px, py)
            for dx in (-2, -1, 0, 1, 2)
            for dy in (-2, -1, 0, 1, 2)
            for px, py in placed.get(
                (math.floor(x / distance) + dx, math.floor(y / distance) + dy), ()
            )
        ]
        cx = sum(px for px, _ in near) / len(near) if near else x
        cy = sum(py for _, py in near) / len(near) if near else y
        if math.isclose(cx, x) and math.isclose(cy, y):
            return 0.0
        return math.atan2(x - cx, cy - y)

    def first_free(x: float, y: float) -> Point | None:
        if free(x, y):
            return x, y
        start = away(x, y)
        for ring in range(1, MAX_RINGS + 1):
            count = 6 * ring
            # Nearest the outward direction first, then alternately either side.
            for step in sorted(range(count), key=lambda k: (min(k, count - k), k)):
                angle = start + 2 * math.pi * step / count
                spot = (
                    x + ring * distance * math.sin(angle),
                    y - ring * distance * math.cos(angle),
                )
                if inside(*spot) and free(*spot):
                    return spot
        return None

    drawn = []
    for x, y in places:
        spot = first_free(x, y)
        if spot is None:  # drawn on its place, over the others; no obstacle
            drawn.append((x, y))
            continue
        key = (math.floor(spot[0] / distance), math.floor(spot[1] / distance))
        placed.setdefault(key, []).append(spot)
        drawn.append(spot)
    return drawn


def legend_svg(activity: str, size: float = 7.0) -> str:
    """A small marker shape for the legend (decorative: the legend's text names it)."""
    box = size * 3
    svg = ET.Element(
        "svg",
        {
            "viewBox": f"0 0 {_number(box)} {_number(box)}",
            "class": "legend-mark",
            "aria-hidden": "true",
            "focusable": "false",
        },
    )
    marker_shape(svg, activity, box / 2, box / 2, size)
    return ET.tostring(svg, encoding="unicode")
