"""A cache of per-file parse results, keyed by the file's size and modification time.

Used by builds when Pelican's LOAD_CONTENT_CACHE / CACHE_CONTENT are on, so a
rebuild after editing one post re-reads one file. Entries are also keyed by the
model's own source files, so a change of rules never serves a stale verdict.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

_MODEL = Path(__file__).resolve().parent


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted([*_MODEL.glob("*.py"), *_MODEL.glob("schemas/*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class FileCache:
    def __init__(self, entries: dict | None = None):
        self.entries: dict = entries or {}
        self.version = _code_version()

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def get(self, path: Path, key: Any) -> Any:
        entry = self.entries.get((str(path), key))
        if entry is None:
            return None
        version, stamp, value = entry
        if version != self.version or stamp != self._stamp(path):
            return None
        return value

    def put(self, path: Path, key: Any, value: Any) -> None:
        stamp = self._stamp(path)
        if stamp is not None:
            self.entries[(str(path), key)] = (self.version, stamp, value)

    @classmethod
    def load(cls, file: Path) -> FileCache:
        try:
            with file.open("rb") as handle:
                entries = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            entries = {}
        return cls(entries if isinstance(entries, dict) else {})

    def save(self, file: Path) -> None:
        """Write the cache; entries of files that no longer exist are dropped."""
        entries = {k: v for k, v in self.entries.items() if Path(k[0]).exists()}
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("wb") as handle:
            pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
