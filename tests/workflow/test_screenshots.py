"""`invoke screenshots`: which pages it photographs, and the pictures it writes."""

from __future__ import annotations

import struct

import pytest

from plugins.screenshots import (
    SCREENS,
    Shot,
    chromium_path,
    serve_in_thread,
    shots_of,
    take,
)
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


@pytest.mark.skipif(chromium_path() is None, reason="needs Debian's chromium package")
def test_each_page_is_a_png_at_a_phones_and_a_laptops_width(built, tmp_path):
    server, base_url = serve_in_thread(built.output)
    try:
        written = take(base_url, [Shot("home", "")], tmp_path, chromium_path())
    finally:
        server.shutdown()
    assert [path.name for path in written] == ["home-phone.png", "home-desktop.png"]
    for path, (_, width, height) in zip(written, SCREENS, strict=True):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (width, height)
