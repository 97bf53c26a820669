"""`invoke serve` serves the built site with the right types and a real 404."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from plugins.serve import make_server


def serve(site):
    server = make_server(site.output, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def served(built_norway):
    """The built norway site served on a free port; tests only read it."""
    base, server = serve(built_norway)
    yield base, built_norway
    server.shutdown()


@pytest.fixture
def served_copy(built_norway, tmp_path):
    """A copy of the built site, served, for a test that rebuilds it."""
    site = built_norway.copy(tmp_path / "repo")
    base, server = serve(site)
    yield base, site
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


def test_a_rebuild_is_served_without_restarting(served_copy):
    base, site = served_copy
    site.write(
        {
            "chapters/oslo/posts/new.md": '---\ntitle: Brand new\ndate: "2014-11-01"\n---\nx\n'
        }
    )
    assert site.build()[0] == 0
    with urllib.request.urlopen(base + "chapters/oslo/posts/new/") as response:
        assert b"Brand new" in response.read()
