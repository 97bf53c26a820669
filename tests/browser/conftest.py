"""Headless Chromium against a small federation served on localhost (skipped where no Chromium)."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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


@contextlib.contextmanager
def served(folder: Path, handler: type[SimpleHTTPRequestHandler] = _QuietHandler):
    """``folder`` served on a free local port while the block runs: its URL."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# How long a page must make no request to count as loaded, scripts and all.
QUIET_SECONDS = 0.1
# How long a page may go on making requests after its load event.
SETTLE_SECONDS = 10


def load_and_settle(page, url: str, quiet: float = QUIET_SECONDS):
    """Load ``url``, then wait until nothing is pending and no request has
    started or ended for ``quiet`` seconds: the response of the page.

    Playwright's "networkidle" is this rule with half a second, made for
    remote servers; the tests' site is on localhost, where a request a script
    makes as the page loads starts within milliseconds.
    """
    pending: set = set()
    changed = [time.monotonic()]

    def started(request) -> None:
        pending.add(request)
        changed[0] = time.monotonic()

    def ended(request) -> None:
        pending.discard(request)
        changed[0] = time.monotonic()

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    try:
        response = page.goto(url, wait_until="load")
        deadline = time.monotonic() + SETTLE_SECONDS
        while pending or time.monotonic() - changed[0] < quiet:
            if time.monotonic() > deadline:
                urls = sorted(request.url for request in pending)
                raise AssertionError(
                    f"{url} still loading after {SETTLE_SECONDS} s: {urls}"
                )
            page.wait_for_timeout(20)
    finally:
        page.remove_listener("request", started)
        page.remove_listener("requestfinished", ended)
        page.remove_listener("requestfailed", ended)
    return response


@pytest.fixture(scope="session")
def federation_output(tmp_path_factory) -> Path:
    """tests/sites/federation built for 2015-01-15: its output folder."""
    site = federation_copy(tmp_path_factory.mktemp("federation"))
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site.output


@pytest.fixture(scope="session")
def federation_url(federation_output):
    """The federation's site, served on a free local port."""
    with served(federation_output) as url:
        yield url


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


# The page a test drives, and what it logged: read when the test fails.
_WATCHED = pytest.StashKey[tuple]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """A failed test that drove a page reports what the page showed: its
    address, what it logged, the requests that failed and the HTML of #search
    or <main>, so a failure that shows once in a hundred runs can be read.
    Added here, while the page is open and before the report leaves the
    worker (pytest-xdist sends it on as soon as this returns)."""
    report = yield
    watched = item.stash.get(_WATCHED, None)
    if report.when == "call" and report.failed and watched is not None:
        page, seen = watched
        try:
            shown = page.evaluate(
                "() => (document.querySelector('#search') || document.querySelector('main')"
                " || document.body).outerHTML"
            )
        except Exception as error:  # the page may be gone with the failure
            shown = f"(could not read the page: {error})"
        report.sections.append(
            (
                "what the page showed",
                "\n".join([f"at {page.url}", *seen, shown[:20000]]),
            )
        )
    return report


@pytest.fixture
def page(browser, request):
    """A fresh page in a context of its own, watched for the report of a failure."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on(
        "console",
        lambda message: seen.append(f"console {message.type}: {message.text}"),
    )
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        lambda failed: seen.append(f"request failed: {failed.url} {failed.failure}"),
    )
    request.node.stash[_WATCHED] = (page, seen)
    yield page
    del request.node.stash[_WATCHED]
    context.close()
