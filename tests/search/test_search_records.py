"""Each page's search record, made when its page asks for it (pure: no build)."""

from __future__ import annotations

import pytest

from plugins.model.federation import load_federation
from plugins.search import records
from plugins.search.records import RecordsOnDemand, search_records
from plugins.site.index import build_index
from plugins.site.settings import site_settings
from tests.conftest import FEDERATION, Site


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    site = site_settings(
        Site(tmp_path_factory.mktemp("records")).write(FEDERATION).settings()
    )
    federation, problems = load_federation(site.chapters)
    assert problems == []
    return build_index(federation, site)


def test_the_records_made_on_demand_are_the_records_of_every_page(index):
    assert dict(RecordsOnDemand(index)) == search_records(index)


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
    on_demand = RecordsOnDemand(index)
    assert on_demand.get(url) == expected
    assert on_demand.get(url) == expected  # kept, not made again
    assert on_demand.get("no/such/page/") is None
    assert made == [slug]
