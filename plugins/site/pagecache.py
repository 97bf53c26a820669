"""The pages of the last build, reused when nothing they are made from changed.

A rebuild after editing one post's body changes that post's page (and the
feeds it is in, plugins/feeds/cache.py); every other page is the same bytes
as last time. Rendering the pages is most of a rebuild's output time, so a
page whose key is the one it had when the published site was built is taken
from the published site instead of rendered.

What a page is made from, without listing what each template reads:

* the *site digest* (``site_digest``): the code and the theme, every installed
  library's version, the locale variables of the environment, the time-zone
  database and the machine's zone, the settings, and the whole federation
  (which holds the build date's inputs too) with each item's body replaced by
  the summary that listings show of it (chapters' about.md bodies stay whole:
  the chapter page shows them);
* the page's own path, and the body of the item it shows in full (of items,
  only ``item.html`` shows a body; tests/site/test_page_cache.py keeps it so).

A code file saved while a build runs (after the process imported the Python,
or after the build began reading templates) keeps the build from saving its
manifest (``SharePages.save``): its pages could be one version's under the
other's key.

Any edit but one to a body beyond its summary changes the digest, and every
page is rendered, as without the cache. Everything is derived from those
inputs and nothing else (the build is reproducible: the same content and
build date give the same bytes), so equal keys mean equal pages.

The cache holds no pages of its own: a manifest per output process
(plugins/site/shares.py) maps each page's path to its key and the SHA-256 of
the bytes the key gave. A page is reused only when the published file still
has those bytes, so a hand edit, a failed build or another site at the same
output never serves a wrong page.

Reading every published page to hash it costs a rebuild more than anything
else it does for an unchanged page. So the manifest also records the inode,
size and modification time of each file a build wrote or checked (``wrote``,
``same_file``), as ``make``, rsync and git's index do: the next build takes
an item's page by those alone, unread, and links it into its site. An
edit changes the time, a replacement the inode; only someone who writes the
same number of bytes into the file and then sets its time back to the
nanosecond goes unseen. No Pelican here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import json
import logging
import os
import re
import stat
import sys
import tempfile
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath

from .. import IMPORTED_NS
from ..model.cache import installed_distributions
from ..model.items import Item
from ..model.yamlload import Located
from . import shares

logger = logging.getLogger(__name__)

# Kept beside the feeds' cache, under CACHE_PATH.
FOLDER = "chapterhouse-pages"
# The Pelican setting holding this build's site digest (None: no page cache);
# the feeds' cache keys on it too (plugins/feeds/generator.py).
DIGEST_KEY = "CHAPTERS_PAGES_DIGEST"
_MANIFEST = "manifest.json"
# The manifest's own format; a manifest of another is not read.
_FORMAT = 1
# The environment's settings that Pelican's and Python's dates may read.
_ENVIRONMENT = ("LANG", "LANGUAGE", "LC_ALL", "LC_TIME", "LC_COLLATE", "TZ")


class Unkeyable(TypeError):
    """A value whose every field cannot be written out the same way in every run."""


def site_digest(
    *,
    code: Iterable[PurePath],
    settings: Mapping[str, object],
    federation: object,
    shown: Callable[[Item], str],
) -> str:
    """A digest of everything every page is made from, but the bodies of items.

    ``code``: the files whose bytes shape the pages (plugins, theme).
    ``settings``: the build's settings, without the ones that only say where
    files go. ``federation``: the model, with every ``Item.html`` replaced by
    ``shown(item)``, what the site shows of that body away from the item's own
    page (its summary). Raises ``Unkeyable`` for a value it cannot write out
    the same way in every run (then the caller renders every page).
    """
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT} {sys.version}\n".encode())
    digest.update(_time_zones())
    for name in sorted(installed_distributions()):
        digest.update(f"{name}\n".encode())
    for name in _ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name)!r}\n".encode())
    for path in sorted(code, key=str):
        digest.update(f"{path}\n".encode("utf-8", "surrogatepass"))
        with open(path, "rb") as file:
            digest.update(hashlib.sha256(file.read()).digest())
    parts: list[str] = []
    _encode(dict(settings), parts, shown)
    _encode(federation, parts, shown)
    digest.update("\x00".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def page_key(digest: str, path: str, bodies: Iterable[str]) -> str:
    """The key of the page at ``path`` showing ``bodies`` in full."""
    key = hashlib.sha256(f"{digest}\x00{path}".encode("utf-8", "surrogatepass"))
    for body in bodies:
        key.update(b"\x00")
        key.update(body.encode("utf-8", "surrogatepass"))
    return key.hexdigest()


def _time_zones() -> bytes:
    """What zoneinfo reads: the system's time-zone database (its version and
    rules, ``tzdata.zi``) where there is one, and the machine's own zone."""
    import zoneinfo

    digest = hashlib.sha256()
    for folder in zoneinfo.TZPATH:
        try:
            with open(os.path.join(folder, "tzdata.zi"), "rb") as file:
                digest.update(folder.encode() + file.read())
        except OSError:
            continue
    digest.update(os.path.realpath("/etc/localtime").encode())
    return digest.digest()


def changed_since_start(
    files: Iterable[str | PurePath], build_started_ns: int | None = None
) -> bool:
    """Whether any of ``files`` was modified (or removed) after it was read: a
    Python file after this process first imported the plugins, any other file
    (templates, catalogues, read while building) after ``build_started_ns``."""
    for path in files:
        since = IMPORTED_NS
        if build_started_ns is not None and not str(path).endswith(".py"):
            since = build_started_ns
        try:
            if os.stat(path).st_mtime_ns >= since:
                return True
        except OSError:
            return True
    return False


_SCALARS = (
    type(None),
    bool,
    int,
    float,
    complex,
    str,
    bytes,
    dt.date,
    dt.datetime,
    dt.time,
    dt.timedelta,
    dt.tzinfo,
    decimal.Decimal,
    PurePath,
    enum.Enum,
    range,
)
_CODE = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.ModuleType,
    type,
)


# Types written as their repr (the fast path), and the fields of each dataclass met.
_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type (None for any other type), looked up once."""
    if kind not in _FIELDS:
        is_dataclass = dataclasses.is_dataclass(kind)
        _FIELDS[kind] = (
            tuple(field.name for field in dataclasses.fields(kind))
            if is_dataclass
            else None
        )
    return _FIELDS[kind]


def _encode(value: object, out: list[str], shown: Callable[[Item], str]) -> None:
    """Append a text to ``out`` that only values equal in every field share."""
    kind = type(value)
    if kind in _PLAIN:
        out.append(repr(value))
    elif isinstance(value, list | tuple):
        out.append(f"{kind.__name__}[")
        for element in value:
            # plain values written here: a call each costs the most of all
            if type(element) in _PLAIN:
                out.append(repr(element))
            else:
                _encode(element, out, shown)
        out.append("]")
    elif isinstance(value, Mapping):
        out.append(f"{kind.__name__}{{")
        for key, element in value.items():
            _encode(key, out, shown)
            if type(element) in _PLAIN:
                out.append(repr(element))
            else:
                _encode(element, out, shown)
        out.append("}")
    elif isinstance(value, Located):  # its marks only place messages
        out.append("Located(")
        _encode(value.data, out, shown)
        out.append(")")
    elif (names := _fields(kind)) is not None:
        out.append(f"{kind.__module__}.{kind.__qualname__}(")
        for name in names:
            out.append(name)
            if name == "html" and isinstance(value, Item):
                _encode(shown(value), out, shown)
            elif type(field := getattr(value, name)) in _PLAIN:
                out.append(repr(field))
            else:
                _encode(field, out, shown)
        out.append(")")
    elif isinstance(value, str | int | float):  # subclasses: Markup, IntEnum
        out.append(repr(value))
    elif isinstance(value, set | frozenset):
        inner = []
        for element in value:
            parts: list[str] = []
            _encode(element, parts, shown)
            inner.append("\x00".join(parts))
        out.append(f"{kind.__name__}[{chr(1).join(sorted(inner))}]")
    elif isinstance(value, _CODE):
        name = getattr(value, "__qualname__", None) or value.__name__
        out.append(f"<{getattr(value, '__module__', None)}.{name}>")
    elif isinstance(value, re.Pattern):
        out.append(f"re({value.pattern!r}, {value.flags})")
    elif isinstance(value, _SCALARS):
        text = repr(value)
        if " at 0x" in text:  # a default repr: which object, not what it holds
            raise Unkeyable(f"{kind.__qualname__} has no stable form")
        out.append(text)
    else:
        raise Unkeyable(f"{kind.__qualname__} has no stable form")


class PageCache:
    """The pages one output process wrote last time: path -> (key, SHA-256).

    ``published``: the site the last build put in place, where a reused page's
    bytes are read. ``get`` returns the text of a page whose key and bytes are
    still the ones recorded; ``put`` records a page rendered now; ``save``
    keeps what this build wrote (the pages it did not write are dropped).
    """

    def __init__(self, folder: str, published: str):
        self.folder = folder
        self.published = published
        self.last: dict[str, list[str]] = {}
        self.now: dict[str, list[str]] = {}
        self.reused = 0
        # The published times of the pages reused, by path: a reused page's
        # file gets them, so publishing needs not compare its bytes again.
        self.times: dict[str, tuple[int, int]] = {}
        try:
            with open(os.path.join(folder, _MANIFEST), encoding="utf-8") as file:
                manifest = json.load(file)
            if manifest.get("format") == _FORMAT:
                self.last = manifest["pages"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.last = {}  # none yet, or not one this code wrote: render all

    def get(self, path: str, key: str) -> str | None:
        """The published page at ``path`` if made under ``key``, as text (its
        bytes hash as those ``put`` recorded, which were UTF-8)."""
        data = self.get_bytes(path, key)
        return None if data is None else data.decode("utf-8")

    def get_bytes(self, path: str, key: str) -> bytes | None:
        """The published file at ``path`` if made under ``key``."""
        recorded = self.last.get(path)
        if not recorded or recorded[0] != key:
            return None
        try:
            with open(self.published_file(path), "rb") as file:
                data = file.read()
                status = os.fstat(file.fileno())
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != recorded[1]:
            return None  # edited, or another build's: make it again
        self._reuse(path, recorded, status)
        self.times[path] = (status.st_atime_ns, status.st_mtime_ns)
        return data

    def same_file(self, path: str, key: str) -> os.stat_result | None:
        """The status of the published file at ``path`` if it was made under
        ``key`` and is still the very file whose bytes ``get_bytes`` last
        checked: the same inode, size and modification time (``keep`` then
        records its reuse). None where that cannot be told without reading it."""
        recorded = self.last.get(path)
        if not recorded or recorded[0] != key or len(recorded) != 5:
            return None
        try:
            status = os.lstat(self.published_file(path))
        except OSError:
            return None
        if stat.S_ISREG(status.st_mode) and recorded[2:] == _identity(status):
            return status
        return None

    def keep(self, path: str, status: os.stat_result) -> None:
        """Record the reuse of the published file at ``path`` that ``same_file``
        returned ``status`` of."""
        self._reuse(path, self.last[path], status)

    def wrote(self, path: str, status: os.stat_result) -> None:
        """Record the identity of the file this build put at ``path`` (its
        ``status``, once written), which publishing makes the published one:
        the next build knows it unread (an edit meanwhile changes its time)."""
        recorded = self.now.get(path)
        if recorded is not None:
            self.now[path] = [*recorded[:2], *_identity(status)]

    def _reuse(self, path: str, recorded: list, status: os.stat_result) -> None:
        # The file's identity, for the next build's same_file (see the module).
        self.now[path] = [*recorded[:2], *_identity(status)]
        self.reused += 1

    def published_file(self, path: str) -> str:
        """Where the published file at ``path`` (relative to the site) is."""
        return os.path.join(self.published, path)

    def put(self, path: str, key: str, text: str) -> None:
        self.put_bytes(path, key, text.encode("utf-8"))

    def put_bytes(self, path: str, key: str, data: bytes) -> None:
        self.now[path] = [key, hashlib.sha256(data).hexdigest()]

    def save(self) -> None:
        """Keep this build's manifest; a cache that cannot be written is skipped."""
        logger.debug(
            "pages reused: %d of %d (%s)", self.reused, len(self.now), self.folder
        )
        text = json.dumps({"format": _FORMAT, "pages": self.now}, sort_keys=True)
        try:
            os.makedirs(self.folder, exist_ok=True)
            write_atomically(os.path.join(self.folder, _MANIFEST), text.encode())
        except OSError as error:
            logger.debug("pages not cached: %s (%s)", self.folder, error)


class SharePages:
    """The page cache of one output process and the build's site digest.

    Outputs that write files themselves (calendars) take theirs through
    ``made``; ``of(writer)`` is the writer's, None without the cache. ``code``:
    the files the digest read the code from.
    """

    def __init__(
        self,
        cache: PageCache,
        digest: str,
        code: Iterable[str] = (),
        started_ns: int | None = None,
    ):
        self.cache = cache
        self.digest = digest
        self.code = tuple(code)
        self.started_ns = started_ns  # when the build began reading templates

    def save(self) -> None:
        """Keep this build's manifest, unless the code changed while it ran.

        The digest hashed the code files as they were when it was made, but
        the process imported its Python earlier and reads templates later: a
        file saved meanwhile would tie pages made by one version of the code
        to another's key. Then the manifest is removed, and the next build
        renders every page.
        """
        if changed_since_start(self.code, self.started_ns):
            logger.warning(
                "Code changed during the build: the next build renders every page"
            )
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(self.cache.folder, _MANIFEST))
            return
        self.cache.save()

    def made(
        self, path: str, make: Callable[[], bytes], bodies: Iterable[str] = ()
    ) -> bytes:
        """The bytes of the file at ``path``: the published ones when nothing
        they are made from changed (the digest, and ``bodies`` they show),
        else ``make()``'s."""
        key = page_key(self.digest, path, bodies)
        data = self.cache.get_bytes(path, key)
        if data is None:
            data = make()
            self.cache.put_bytes(path, key, data)
        return data


def of(writer) -> SharePages | None:
    """The page cache of a build's writer (plugins/content/writer.py), if any."""
    pages = getattr(writer, "pages", None)
    return pages if isinstance(pages, SharePages) else None


def write_unless_same(
    filename: str,
    data: bytes,
    times: tuple[int, int] | None = None,
    published: str | None = None,
) -> None:
    """Write ``data`` to ``filename`` unless the file there already holds it;
    either way give it ``times`` (the published file's), or now.

    A rebuild writes into the site the last build replaced: truncating and
    writing a file costs more than reading it, and the time marks it written
    (plugins/output.py). ``published``: the published file ``data`` was read
    from (the page cache reused it); where ``filename`` is not there yet, it
    becomes a hard link to that file (``link_published``).
    """
    if published is not None and link_published(filename, published, len(data)):
        return
    if not holds(filename, data):
        with open(filename, "wb") as file:
            file.write(data)
        if times is None:
            return
    if times is None:
        os.utime(filename)
    else:
        os.utime(filename, ns=times)


def _identity(status: os.stat_result) -> list[int]:
    """What tells a file from any other without reading it: its inode, size
    and modification time (what ``make``, rsync and git's index compare)."""
    return [status.st_ino, status.st_size, status.st_mtime_ns]


def link_published(filename: str, published: str, size: int) -> bool:
    """Make ``filename`` a hard link to ``published``, a page of the published
    site of ``size`` bytes that the page cache reused.

    Its bytes and times are the published page's, and nothing is written:
    creating a file and its data costs a disk much more than a name. A file
    already at ``filename`` is a spare site's, with no other link (those are
    deleted before a build reuses the spare site, ``output.reused_staging``):
    it is replaced, so the published site holds the very file the page cache
    checked, which the next build knows unread (``PageCache.same_file``). No
    build writes into a file that has other links: the staging folder holds
    none but these, written once a build, so the published page never
    changes. False where it cannot be done (another file system, one without
    hard links, not the size, not a file there): the caller writes it.
    """
    try:
        if os.lstat(published).st_size != size:
            return False
        try:
            os.link(published, filename, follow_symlinks=False)
        except FileExistsError:
            if not stat.S_ISREG(os.lstat(filename).st_mode):
                return False
            os.unlink(filename)
            os.link(published, filename, follow_symlinks=False)
    except OSError:
        return False
    return True


def holds(filename: str, data: bytes) -> bool:
    """Whether the file at ``filename`` holds exactly ``data``."""
    try:
        if os.lstat(filename).st_size != len(data):
            return False
        with open(filename, "rb") as file:
            return file.read() == data
    except OSError:  # not there (a new file), or not a file
        return False


def cache_folder(cache_path: str, index: int, count: int) -> str:
    """The manifest folder of output process ``index`` of ``count``."""
    return shares.share_folder(os.path.join(cache_path, FOLDER), index, count)


def drop_other_counts(cache_path: str, count: int) -> None:
    """Remove the manifests of builds written by another number of processes."""
    shares.drop_other_counts(os.path.join(cache_path, FOLDER), count)


def write_atomically(path: str | PurePath, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file appears whole or not at all."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".new-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
