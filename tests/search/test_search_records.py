"""Each page's search record, made when its page asks for it (pure: no build)."""

from __future__ import annotations

import pytest

from plugins.search import records
from plugins.search.records import record_makers, search_records
from plugins.site.lazy import LazyValues
from tests.conftest import federation_index


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return federation_index(tmp_path_factory.mktemp("records"))


def test_the_records_made_on_demand_are_the_records_of_every_page(index):
    assert dict(LazyValues(lambda: record_makers(index))) == search_records(index)


def test_a_page_that_asks_makes_its_own_record_and_no_other(index, monkeypatch):
    slug = next(iter(index.chapters))
    url = f"chapters/{slug}/"
    expected = search_records(index)[url]
    made = []
    place_terms = records.place_terms

    def counted(chapter, area):
        made.append(chapter.slug)
        return place_terms(chapter, area)

    monkeypatch.setattr(records, "place_terms", counted)
    on_demand = LazyValues(lambda: record_makers(index))
    assert on_demand.get(url) == expected
    assert on_demand.get(url) == expected  # kept, not made again
    assert on_demand.get("no/such/page/") is None
    assert made == [slug]
