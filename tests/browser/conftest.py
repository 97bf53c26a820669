"""Headless Chromium against a small federation served on localhost (skipped where no Chromium)."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plugins.screenshots import CHROMIUM_ARGS
from tests.conftest import federation_copy

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def federation_url(tmp_path_factory):
    """tests/sites/federation built for 2015-01-15 and served on a free local port."""
    site = federation_copy(tmp_path_factory.mktemp("federation"))
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    handler = functools.partial(_QuietHandler, directory=str(site.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
