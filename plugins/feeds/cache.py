"""The feeds' files of the last build, keyed by everything they are made from.

A rebuild after editing one post changes only the feeds that post is in; the
others are the same bytes as last time. Making a feed's entries (nh3 cleaning
every item's HTML again) and rendering it (feedgen) is most of the feeds' time,
so a feed whose key is in the cache is written from it instead.

The key of a feed is a hash of the feed, the site's settings that shape it,
and the ``Source`` of every entry, which is all the rendering reads; the cache
as a whole is tied to the code and the libraries that render (``_version``),
so a change of rules, of the allowlist or of nh3 never serves stale bytes.
Every file in the cache was cleaned by nh3 against the allowlist in the build
that made it (spec §4.2). Each output process keeps its own file, holding the
feeds of its share (plugins/site/shares.py); like the model's cache, a save
keeps only the feeds this build used.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from ..model.cache import FileCache

_FEEDS = Path(__file__).resolve().parent
_PLUGINS = _FEEDS.parent
# The code a feed's bytes come from, besides this folder.
_CODE = (
    _PLUGINS / "model" / "sanitize.py",
    _PLUGINS / "model" / "urls.py",
    _PLUGINS / "site" / "feeds.py",
)
_LIBRARIES = ("nh3", "feedgen", "lxml")


def _version() -> str:
    digest = hashlib.sha256()
    for path in [*sorted(_FEEDS.glob("*.py")), *_CODE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}\n".encode())
    return digest.hexdigest()


def feed_key(*parts: object) -> str:
    """A hash of ``parts``: strings, numbers, dates, tuples and frozen dataclasses.

    Their ``repr`` shows every field (a datetime's zone and fold too), so two
    keys are equal only when everything a feed is made from is.
    """
    text = repr(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()


class FeedCache(FileCache):
    """(Atom, RSS) bytes by ``feed_key``; ``load`` and ``save`` as the model's cache."""

    def __init__(self, entries: dict | None = None, version: str | None = None):
        self.version = _version()
        self.entries = entries if entries and version == self.version else {}
        self.used = set()
        self._added = False

    def put(self, key: str, value: tuple[bytes, bytes]) -> None:
        super().put(key, value)
        self._added = True

    def changed(self) -> bool:
        """Whether saving would change the file: a feed added, or one not used."""
        return self._added or self.used != self.entries.keys()


def cache_file(cache_path: str, index: int, count: int) -> Path:
    """The cache of output process ``index`` of ``count``: a share's own feeds."""
    return Path(cache_path) / f"chapterhouse-feeds-{index}-of-{count}.pickle"
