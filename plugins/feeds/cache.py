"""The feeds' files of the last build, keyed by everything they are made from.

A rebuild after editing one post changes only the feeds that post is in; the
others are the same bytes as last time. Making a feed's entries (nh3 cleaning
every item's HTML again) and rendering it (feedgen) is most of the feeds' time,
so a feed whose key is in the cache is copied from it instead.

The key of a feed is a hash of the feed, the site's settings that shape it,
and the ``Source`` of every entry, which is all the rendering reads, together
with the code and the libraries that render (``_version``): a change of rules,
of the allowlist or of nh3 never serves stale bytes. Every file in the cache
was cleaned by nh3 against the allowlist in the build that made it (spec §4.2).
Each output process keeps the feeds of its share (plugins/site/shares.py) in a
folder of its own, one plain file per format and feed, named by the key, so
that a build holds only the feed it is writing, and writes only the feeds that
changed; ``prune`` drops the feeds the build did not use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from importlib import metadata
from pathlib import Path

from ..site import shares
from ..site.pagecache import changed_since_start, write_atomically

logger = logging.getLogger(__name__)

_FEEDS = Path(__file__).resolve().parent
_PLUGINS = _FEEDS.parent
# The code a feed's bytes come from, besides this folder.
_CODE = (
    _PLUGINS / "model" / "sanitize.py",
    _PLUGINS / "model" / "urls.py",
    _PLUGINS / "site" / "feeds.py",
)
_LIBRARIES = ("nh3", "feedgen", "lxml")
_FORMATS = (".atom", ".rss")
_FOLDER = "chapterhouse-feeds"


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


# Quick keys (from the page cache's site digest) -> the key of a feed's files.
_ALIASES = "aliases.json"


class FeedCache:
    """(Atom, RSS) bytes of the feeds of one output process, in ``folder``.

    A feed is found by its key, made from every entry's ``Source``; making
    those means resolving the links of every entry's body. A build with the
    page cache's site digest (plugins/site/pagecache.py) also has a *quick
    key* for each feed (the digest, the feed, its items' bodies as checked),
    and ``aliases`` remembers which key each quick key led to last time, so
    an unchanged feed is found without its sources.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.version = _version()
        self.used: set[str] = set()
        self.made: set[str] = set()  # put by this build
        self.aliases: dict[str, str] = {}
        self._aliases_now: dict[str, str] = {}
        try:
            aliases = json.loads((folder / _ALIASES).read_text(encoding="utf-8"))
            if isinstance(aliases, dict):
                self.aliases = aliases
        except (OSError, ValueError):
            pass  # none yet: every feed is found by its sources

    def alias(self, quick: str, key: str) -> None:
        """Remember that ``quick`` leads to the feed under ``key``."""
        self._aliases_now[quick] = key

    def key(self, *parts: object) -> str:
        """The name of the feed made from ``parts`` by this code."""
        return feed_key(self.version, *parts)

    def get(self, key: str) -> tuple[bytes, bytes] | None:
        try:
            atom, rss = (self._path(key, f).read_bytes() for f in _FORMATS)
        except OSError:  # not there (or removed by another build meanwhile)
            return None
        self.used.add(key)
        return atom, rss

    def put(self, key: str, files: tuple[bytes, bytes]) -> None:
        """Keep ``files`` under ``key``; each file appears whole or not at all."""
        self.used.add(key)
        self.made.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for suffix, data in zip(_FORMATS, files, strict=True):
                write_atomically(self._path(key, suffix), data)
        except OSError as error:
            # A shortcut only; the model's cache, beside it, warns once.
            logger.debug("feed not cached: %s (%s)", self.folder, error)

    def prune(self) -> None:
        """Remove every file of this folder that is not a feed this build used;
        keep this build's quick keys.

        If the feeds' code changed while the build ran (``_version`` hashed
        the files after the process had imported them), the feeds this build
        made and its quick keys are dropped too: they might be another
        version's bytes under this version's key.
        """
        if changed_since_start([*_FEEDS.glob("*.py"), *_CODE]):
            self.used -= self.made
            self._aliases_now.clear()
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            key, suffix = os.path.splitext(name)
            if name != _ALIASES and (key not in self.used or suffix not in _FORMATS):
                with contextlib.suppress(OSError):
                    (self.folder / name).unlink()
        aliases = {q: k for q, k in self._aliases_now.items() if k in self.used}
        try:
            write_atomically(
                self.folder / _ALIASES, json.dumps(aliases, sort_keys=True).encode()
            )
        except OSError as error:
            logger.debug("feed aliases not kept: %s (%s)", self.folder, error)

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / f"{key}{suffix}"


def cache_folder(cache_path: str, index: int, count: int) -> Path:
    """The cache of output process ``index`` of ``count``: its share's feeds."""
    return Path(shares.share_folder(os.path.join(cache_path, _FOLDER), index, count))


def drop_other_counts(cache_path: str, count: int) -> None:
    """Remove the folders of builds written by another number of processes."""
    shares.drop_other_counts(os.path.join(cache_path, _FOLDER), count)
