"""`invoke screenshots`: which pages it photographs (the pictures: tests/browser/test_screenshot_pictures.py)."""

from __future__ import annotations

import pytest

from plugins.screenshots import shots_of
from tests.conftest import federation_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = federation_copy(tmp_path_factory.mktemp("screenshots"))
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site


def test_the_event_is_the_first_upcoming_one_and_the_chapter_holds_it(built):
    shots = {shot.name: shot.url for shot in shots_of(built.output)}
    assert list(shots) == ["home", "chapter", "directory", "event", "report"]
    first = built.page("events/").xpath("//section[@class='upcoming']//h3/a/@href")[0]
    assert shots["event"] == first.lstrip("/")
    assert shots["event"].startswith(shots["chapter"])
    assert (built.output / shots["chapter"] / "index.html").is_file()


def test_a_site_without_events_is_refused(tmp_path):
    (tmp_path / "events").mkdir()
    (tmp_path / "events/index.html").write_text(
        "<!DOCTYPE html><title>Events</title><p>No events.</p>", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="no events"):
        shots_of(tmp_path)
