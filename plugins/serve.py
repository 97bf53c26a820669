"""The local preview servers: `invoke serve`, and `invoke livereload`'s rebuilds."""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable, Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar, TextIO

from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher

from .printable import one_line


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the types our outputs need; the site's 404.html for missing pages."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".opml": "text/x-opml; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404.html, as a public host would serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def list_directory(self, path):
        """A folder without index.html is not a page: 404, as a public host
        answers (GitHub Pages, Netlify), not a listing of its files."""
        self.send_error(404, "File not found")
        return None

    def log_message(self, format, *args):
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def make_server(root: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    # The folder is named, not opened: a rebuild that swaps output/ is served at once.
    handler = functools.partial(SiteHandler, directory=str(root))
    return ThreadingHTTPServer((host, port), handler)


class Rebuilder:
    """Runs ``build`` in a thread of its own, never two at once.

    Requests that arrive while a build runs make one more build after it: every
    change is built, and the changes of one build's time cost one build, not one
    each. ``build`` returns an exit status; 0 means a new site was published.
    """

    def __init__(self, build: Callable[[], int]):
        self._build = build
        self._state = threading.Condition()
        self._requested = False
        self._running = False
        self._published = False

    def request(self) -> None:
        with self._state:
            self._requested = True
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="rebuild", daemon=True).start()

    def _run(self) -> None:
        try:
            while True:
                with self._state:
                    if not self._requested:  # decided under the lock: none is lost
                        self._stopped()
                        return
                    self._requested = False
                published = self._build() == 0
                with self._state:
                    self._published = self._published or published
        except BaseException:
            with self._state:
                self._stopped()
            raise

    def _stopped(self) -> None:
        self._running = False
        self._state.notify_all()

    def take_published(self) -> bool:
        """Whether a build published a new site since the last call."""
        with self._state:
            published, self._published = self._published, False
            return published

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no build runs or is due; False on timeout."""
        with self._state:
            return self._state.wait_for(lambda: not self._running, timeout)


class RebuildWatcher(Watcher):
    """livereload's polling watcher, rebuilding off the server's thread.

    livereload calls a watch's function on the thread that serves, and tells
    the browsers to reload as soon as it returns; a build there would stop
    the serving, and the pages would reload before the site changed. Here a
    change only requests a build, and the browsers reload once one published.
    """

    def __init__(
        self,
        paths: Iterable[str | Path],
        rebuilder: Rebuilder,
        out: TextIO = sys.stdout,
    ):
        super().__init__()
        self.rebuilder = rebuilder
        self._out = out
        for path in paths:
            self.watch(str(path), self.rebuild)

    def rebuild(self) -> None:
        print(
            one_line(f"{self.filepath} changed: rebuilding"), file=self._out, flush=True
        )
        self.rebuilder.request()

    def examine(self) -> tuple[str | None, float | None]:
        changed, delay = super().examine()
        if changed == "__livereload__":  # the server started: reload pages left open
            return changed, delay
        if self.rebuilder.take_published():
            LiveReloadHandler.reload_waiters("*")
        return None, None

    def is_folder_changed(self, path: str, ignore=None) -> bool:
        # livereload stops at the first changed file and finds the next one a
        # poll later: a `git pull` would start a build for every file it touched.
        changed = None
        for root, dirs, files in os.walk(path, followlinks=True):
            dirs[:] = [name for name in dirs if name not in self.ignored_dirs]
            for name in files:
                file = os.path.join(root, name)
                if self.is_file_changed(file, ignore):
                    changed = file
        self.filepath = changed  # not the last file seen, as on the first walk
        return changed is not None
