"""Jinja's compiled templates kept between builds, beside the content cache.

Jinja checks each template's source against the stored code, so an edited
template is compiled again. What Jinja does not check is what else the code
was compiled with: the environment's options, and the filters it folds into
the code when their arguments are constants. The folder's name is therefore a
digest of those (our plugins' code, the catalogues, JINJA_ENVIRONMENT and the
library versions): any change to them starts an empty folder. Old folders are
left to `rm -rf cache/`; each holds a few hundred kilobytes.
"""

from __future__ import annotations

import hashlib
import sys
from importlib.metadata import version
from pathlib import Path
from types import CodeType
from typing import ClassVar

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from .loader import cache_enabled

PLUGINS = Path(__file__).resolve().parents[1]
# Where a build keeps the cache of its generators (they share one context).
BYTECODE_KEY = "CHAPTERS_BYTECODE_CACHE"


def compile_fingerprint(settings) -> str:
    """A digest of everything, besides a template's source, its compiled code depends on."""
    digest = hashlib.sha256()
    for name in ("jinja2", "markupsafe", "babel", "pelican"):
        digest.update(f"{name}={version(name)};".encode())
    digest.update(sys.version.encode())
    digest.update(repr(sorted(settings.get("JINJA_ENVIRONMENT", {}).items())).encode())
    digest.update(repr(sorted(settings.get("JINJA_FILTERS", {}))).encode())
    files = [*PLUGINS.rglob("*.py"), *PLUGINS.rglob("*.po"), *PLUGINS.rglob("*.mo")]
    for path in sorted(files):
        digest.update(str(path.relative_to(PLUGINS)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class KeptBytecodeCache(FileSystemBytecodeCache):
    """The folder of one digest, its code also kept in this process's memory.

    A process that builds more than once (the test suite, a tool building
    several sites) loads or compiles each template once: the memory is keyed
    like the folders (the digest, then Jinja's own key of the template's name
    and file, and the checksum of its source), so only code that the folder
    would give is taken from it.
    """

    _codes: ClassVar[dict[tuple[str, str, str], CodeType]] = {}

    def __init__(self, directory: str, fingerprint: str):
        super().__init__(directory)
        self.fingerprint = fingerprint

    def load_bytecode(self, bucket: Bucket) -> None:
        key = (self.fingerprint, bucket.key, bucket.checksum)
        code = self._codes.get(key)
        if code is not None:
            bucket.code = code
            return
        super().load_bytecode(bucket)
        if bucket.code is not None:
            self._codes[key] = bucket.code

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        self._codes[(self.fingerprint, bucket.key, bucket.checksum)] = bucket.code


def bytecode_cache(generator) -> FileSystemBytecodeCache | None:
    """The build's bytecode cache, made once per build; None with the cache off."""
    settings = generator.settings
    if not cache_enabled(settings):
        return None
    cache = generator.context.get(BYTECODE_KEY)
    if cache is None:
        fingerprint = compile_fingerprint(settings)
        folder = Path(settings["CACHE_PATH"]) / f"jinja-{fingerprint}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a cache is only a shortcut (os.devnull in benchmarks)
            return None
        cache = KeptBytecodeCache(str(folder), fingerprint)
        generator.context[BYTECODE_KEY] = cache
    return cache
