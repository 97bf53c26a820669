"""A cache of per-file parse results (item files, chapter profiles), keyed by
what the result depends on.

The key of an entry is the file's path and kind, a hash of its text, and what
else shapes the result (the Markdown settings, the area keys); the cache as a
whole is tied to the model's own code, the Python and the installed libraries,
so a change of rules or an upgrade of Markdown never serves a stale verdict or
body. Modification times play no part: an edit that keeps the old
mtime (``cp -p``, ``rsync -t``) is seen, and a touched file is not re-parsed.
Entries not used by a build are dropped when it saves, so the cache holds one
entry per file of the repository.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_MODEL = Path(__file__).resolve().parent


def _code_version() -> str:
    """The model's code, the Python and the installed libraries (Markdown,
    nh3, Pygments and PyYAML shape what is cached, as their metadata folders
    name them): an upgrade of any starts an empty cache."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted([*_MODEL.glob("*.py"), *_MODEL.glob("schemas/*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in sorted(installed_distributions()):
        digest.update(f"{name}\n".encode())
    return digest.hexdigest()


def installed_distributions() -> set[str]:
    """Every installed distribution, as its metadata folder names it
    ("Jinja2-3.1.6.dist-info": name and version), on every folder of sys.path;
    but Chapterhouse's own, whose code the caches read file by file (its
    checkout's egg-info is on sys.path only when run from there).

    Listing the folders is a thousandth of reading every distribution's metadata.
    """
    found = set()
    for folder in sys.path:
        if not folder:  # the working folder: the same libraries from anywhere
            continue
        try:
            names = os.listdir(folder)
        except OSError:  # a zip file, or gone
            continue
        for name in names:
            if name.endswith(
                (".dist-info", ".egg-info")
            ) and not name.lower().startswith(("chapterhouse-", "chapterhouse.")):
                found.add(name)
    return found


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class FileCache:
    def __init__(self, entries: dict | None = None, version: str | None = None):
        self.version = _code_version()
        self.entries: dict = entries if entries and version == self.version else {}
        self.used: set = set()

    def get(self, key: Any) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)

    def get_or_make(self, key: Any, make: Callable[[], Any]) -> Any:
        """The entry of ``key``; else ``make()``, kept under it."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    @classmethod
    def load(cls, file: Path) -> FileCache:
        """The cache saved by the last build; empty if missing, unreadable or stale."""
        try:
            with file.open("rb") as handle:
                version, entries = pickle.load(handle)
        except Exception:
            return cls()
        return cls(entries if isinstance(entries, dict) else {}, version)

    def save(self, file: Path) -> None:
        """Write the entries this build used, atomically (a crash keeps the old file)."""
        entries = {key: self.entries[key] for key in self.used}
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(
                    (self.version, entries), out, protocol=pickle.HIGHEST_PROTOCOL
                )
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
