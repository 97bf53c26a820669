"""`invoke screenshots`: the built demo in Chromium at a phone's and a desktop's width.

The site is built into a temporary folder, served by the preview server
(plugins/serve.py) on a free local port, and photographed with Playwright
driving Debian's Chromium (never a browser Playwright downloads). Which
chapter and event are shown is read from the built site, not written here:
the first upcoming event on /events/ and the chapter that holds it, so the
pictures follow the demo as it changes.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import urls

# (name, viewport width, viewport height): an iPhone 12-15 and a common laptop.
SCREENS = (("phone", 390, 844), ("desktop", 1366, 900))
# Debian's Chromium, headless, quiet: also what the browser tests launch.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Shot:
    name: str  # file name stem: home, chapter, directory, event, report
    url: str  # relative to the site's root


def chromium_path() -> str | None:
    """Debian's Chromium (CHROMIUM_PATH to choose another)."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def shots_of(site: Path) -> list[Shot]:
    """The pages to photograph in a built site: the event and chapter are found in it."""
    import lxml.html

    events = lxml.html.parse(str(site / urls.page_file(urls.EVENTS))).getroot()
    listed = events.xpath(
        "//section[@class='upcoming']//li[contains(@class, 'event')]"
    ) or events.xpath("//li[contains(@class, 'event')]")
    if not listed:
        raise ValueError("the site has no events to photograph")
    event = listed[0].xpath(".//h3/a/@href")[0].lstrip("/")
    chapter_links = listed[0].xpath(
        ".//p[@class='meta']/a[contains(@href, 'chapters/')]/@href"
    )
    chapter = chapter_links[0].lstrip("/") if chapter_links else urls.DIRECTORY
    return [
        Shot("home", urls.HOME),
        Shot("chapter", chapter),
        Shot("directory", urls.DIRECTORY),
        Shot("event", event),
        Shot("report", urls.REPORT),
    ]


def take(
    base_url: str,
    shots: Iterable[Shot],
    folder: Path,
    chromium: str | None = None,
    full_page: bool = False,
    browser=None,
) -> list[Path]:
    """One PNG per page and screen: ``<name>-<phone|desktop>.png``; the paths written.

    Launches ``chromium`` with Playwright, or uses a Playwright ``browser``
    already running (one process may run only one Playwright at a time).
    """
    folder.mkdir(parents=True, exist_ok=True)
    shots = list(shots)
    if browser is not None:
        return _photograph(browser, base_url, shots, folder, full_page)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            return _photograph(browser, base_url, shots, folder, full_page)
        finally:
            browser.close()


def _photograph(browser, base_url, shots, folder: Path, full_page: bool) -> list[Path]:
    written = []
    for screen, width, height in SCREENS:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            color_scheme="light",
            reduced_motion="reduce",
        )
        try:
            page = context.new_page()
            for shot in shots:
                response = page.goto(base_url + shot.url, wait_until="networkidle")
                if response is None or response.status != 200:
                    raise ValueError(f"{shot.url} did not load")
                path = folder / f"{shot.name}-{screen}.png"
                page.screenshot(path=str(path), full_page=full_page)
                written.append(path)
        finally:
            context.close()
    return written


def serve_in_thread(root: Path):
    """The preview server on a free port, in a daemon thread; returns (server, base URL)."""
    from .serve import make_server

    server = make_server(root, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
