"""The index holds each area's chapters once: area pages and their map parts read them."""

from __future__ import annotations

import pytest

from tests.conftest import federation_index


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return federation_index(tmp_path_factory.mktemp("areas"))


def test_each_area_holds_its_chapters_by_slug_and_no_other(index):
    chapters = index.chapters.values()
    assert index.area_chapters  # the fixture has areas
    for area in index.settings.chapters.areas:
        assert list(index.area_chapters.get(area.key, ())) == [
            c for c in chapters if c.area == area.key
        ]
    held = [c.slug for members in index.area_chapters.values() for c in members]
    assert sorted(held) == sorted(c.slug for c in chapters if c.area is not None)


def test_rows_by_slug_are_the_export_rows(index):
    assert list(index.rows_by_slug.values()) == list(index.rows)
    assert all(slug == row["slug"] for slug, row in index.rows_by_slug.items())
