"""Country outlines for the map: derived once from world-atlas, read at build time.

The site never fetches map data: ``data/countries-110m.json`` is committed,
derived by ``invoke map-data`` from the npm package world-atlas@2.0.2 (Natural
Earth 1:110m, public domain; docs/map.md). This module holds both halves: the
pure decoding of that package's TopoJSON into plain rings of (lon, lat), and
the reading of the committed file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries-110m.json"
CHECKSUM_FILE = DATA_FILE.with_name("SHA256SUMS")
# What `invoke map-data` fetches, and the integrity npm records for it.
PACKAGE = "world-atlas@2.0.2"
PACKAGE_INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
PACKAGE_FILE = "countries-110m.json"
SOURCE = (
    "Natural Earth 1:110m Admin 0 countries (public domain), as packaged in the"
    " npm package world-atlas@2.0.2 (countries-110m.json, ISC licence)"
)
# 0.01 degrees is about a kilometre: far finer than the 1:110m outlines.
DECIMALS = 2

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Country:
    """One country's outline: rings of (lon, lat), outer rings and holes alike."""

    id: str  # ISO 3166-1 numeric, as Natural Earth gives it ("" for a few)
    name: str
    rings: tuple[Ring, ...]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees."""
        lons = [lon for ring in self.rings for lon, _ in ring]
        lats = [lat for ring in self.rings for _, lat in ring]
        return min(lons), min(lats), max(lons), max(lats)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """A TopoJSON topology's arcs as absolute (lon, lat) points (delta decoding)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_of(indexes: Sequence[int], arcs: Sequence[Sequence[tuple[float, float]]]):
    """The closed ring a list of arc indexes stands for (~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        # consecutive arcs share their joining point: keep it once
        points.extend(arc[1:] if points else arc)
    return points


def countries_of(topology: dict, name: str = "countries") -> list[Country]:
    """Every country of a world-atlas topology, its points rounded to DECIMALS."""
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue  # a country without an outline at this scale
        rings = tuple(
            tuple(
                (round(lon, DECIMALS), round(lat, DECIMALS))
                for lon, lat in ring_of(ring, arcs)
            )
            for polygon in polygons
            for ring in polygon
        )
        countries.append(
            Country(
                id=str(geometry.get("id") or ""),
                name=str(geometry.get("properties", {}).get("name", "")),
                rings=rings,
            )
        )
    return sorted(countries, key=lambda country: (country.name, country.id))


def derived_json(countries: Iterable[Country]) -> str:
    """The committed file's text: stable, one country per line."""
    lines = [
        "{",
        f'"source": {json.dumps(SOURCE)},',
        '"countries": [',
    ]
    entries = []
    for country in countries:
        rings = [
            [coordinate for point in ring for coordinate in point]
            for ring in country.rings
        ]
        entries.append(
            json.dumps(
                {"id": country.id, "name": country.name, "rings": rings},
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
    lines.append(",\n".join(entries))
    lines.extend(["]", "}"])
    return "\n".join(lines) + "\n"


def parse_derived(text: str) -> tuple[Country, ...]:
    """The countries of the committed file (rings stored flat: lon, lat, lon, lat ...)."""
    data = json.loads(text)
    return tuple(
        Country(
            id=entry["id"],
            name=entry["name"],
            rings=tuple(
                tuple(zip(flat[0::2], flat[1::2], strict=True))
                for flat in entry["rings"]
            ),
        )
        for entry in data["countries"]
    )


def load_countries(path: Path = DATA_FILE) -> tuple[Country, ...]:
    return parse_derived(path.read_text(encoding="utf-8"))
