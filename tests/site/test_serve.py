"""`invoke serve` serves the built site with the right types and a real 404."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from plugins.serve import make_server


@pytest.fixture
def served(norway):
    assert norway.build()[0] == 0
    server = make_server(norway.output, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", norway
    server.shutdown()


def test_pages_feeds_and_calendars_are_served_with_their_types(served):
    base, _ = served
    for path, kind in [
        ("chapters/oslo/", "text/html"),
        ("feeds.opml", "text/x-opml"),
        ("chapters/oslo/calendar.ics", "text/calendar"),
        ("data/chapters.csv", "text/csv"),
    ]:
        with urllib.request.urlopen(base + path) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith(kind), path


def test_a_missing_page_is_a_404(served):
    base, _ = served
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(base + "no/such/page/")
    assert error.value.code == 404


def test_a_rebuild_is_served_without_restarting(served):
    base, site = served
    site.write(
        {
            "chapters/oslo/posts/new.md": '---\ntitle: Brand new\ndate: "2014-11-01"\n---\nx\n'
        }
    )
    assert site.build()[0] == 0
    with urllib.request.urlopen(base + "chapters/oslo/posts/new/") as response:
        assert b"Brand new" in response.read()
