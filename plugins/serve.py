"""A local preview server for the built site (`invoke serve`)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the types our outputs need; a plain 404 for missing pages."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".opml": "text/x-opml; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format, *args):
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def make_server(root: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    # The folder is named, not opened: a rebuild that swaps output/ is served at once.
    handler = functools.partial(SiteHandler, directory=str(root))
    return ThreadingHTTPServer((host, port), handler)
