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

from jinja2 import FileSystemBytecodeCache

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


def bytecode_cache(generator) -> FileSystemBytecodeCache | None:
    """The build's bytecode cache, made once per build; None with the cache off."""
    settings = generator.settings
    if not cache_enabled(settings):
        return None
    cache = generator.context.get(BYTECODE_KEY)
    if cache is None:
        folder = Path(settings["CACHE_PATH"]) / f"jinja-{compile_fingerprint(settings)}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a cache is only a shortcut (os.devnull in benchmarks)
            return None
        cache = FileSystemBytecodeCache(str(folder))
        generator.context[BYTECODE_KEY] = cache
    return cache
