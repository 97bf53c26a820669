"""The country outlines: decoded from world-atlas TopoJSON, committed, and unchanged since."""

from __future__ import annotations

import hashlib

from plugins.map.atlas import (
    CHECKSUM_FILE,
    DATA_FILE,
    Country,
    countries_of,
    decode_arcs,
    derived_json,
    load_countries,
    parse_derived,
    ring_of,
)

# A square country and a two-part one sharing an edge, quantised and delta-encoded
# as TopoJSON does: x = q * 0.5 - 10, y = q * 0.25 + 5.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [-10, 5]},
    "arcs": [
        [[0, 0], [2, 0], [0, 4]],  # (-10,5) -> (-9,5) -> (-9,6)
        [[2, 4], [-2, 0], [0, -4]],  # (-9,6) -> (-10,6) -> (-10,5)
        [[10, 10], [2, 0], [0, 2], [-2, -2]],  # a triangle, closed on itself
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "arcs": [[0, 1]],
                    "id": "001",
                    "properties": {"name": "Squareland"},
                },
                {
                    "type": "MultiPolygon",
                    "arcs": [[[~1, ~0]], [[2]]],
                    "id": "002",
                    "properties": {"name": "Aland"},
                },
                {"type": None, "id": "003", "properties": {"name": "Nowhere"}},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_and_transformed():
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(-10.0, 5.0), (-9.0, 5.0), (-9.0, 6.0)]
    assert arcs[1] == [(-9.0, 6.0), (-10.0, 6.0), (-10.0, 5.0)]


def test_a_ring_joins_its_arcs_once_and_a_negative_index_reverses_one():
    arcs = decode_arcs(TOPOLOGY)
    assert ring_of([0, 1], arcs) == [
        (-10.0, 5.0),
        (-9.0, 5.0),
        (-9.0, 6.0),
        (-10.0, 6.0),
        (-10.0, 5.0),
    ]
    assert ring_of([~1], arcs) == [(-10.0, 5.0), (-10.0, 6.0), (-9.0, 6.0)]


def test_countries_are_sorted_by_name_and_a_country_without_outline_is_skipped():
    countries = countries_of(TOPOLOGY)
    assert [(c.name, c.id, len(c.rings)) for c in countries] == [
        ("Aland", "002", 2),
        ("Squareland", "001", 1),
    ]
    assert countries[1].bounds == (-10.0, 5.0, -9.0, 6.0)


def test_the_derived_text_reads_back_as_the_same_countries():
    countries = countries_of(TOPOLOGY)
    assert list(parse_derived(derived_json(countries))) == countries


def test_the_committed_outlines_match_their_recorded_checksum():
    """Edit by `invoke map-data` only: it rewrites the file and the checksum together."""
    recorded, name = CHECKSUM_FILE.read_text(encoding="utf-8").split()
    assert name == DATA_FILE.name
    assert hashlib.sha256(DATA_FILE.read_bytes()).hexdigest() == recorded


def test_the_committed_outlines_hold_the_worlds_countries():
    countries = {c.name: c for c in load_countries()}
    assert len(countries) > 170
    west, south, east, north = countries["Norway"].bounds
    assert (
        4 < west < 6 and 57 < south < 59 and 30 < east < 32 and north > 70
    )  # with Svalbard
    assert all(isinstance(c, Country) and c.rings for c in countries.values())
