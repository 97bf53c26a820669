"""Runs Pagefind over a finished site folder and measures the index it wrote.

Through `python -m pagefind` (the pinned pagefind-bin's binary) rather than
the package's asyncio API: one process, an exit status and its own message on
failure, nothing left running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Where the index and Pagefind's own UI files live, relative to the site (spec §5).
BUNDLE = "pagefind"


class IndexingError(Exception):
    """Pagefind could not index the site; the message says what it reported."""


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index (one fragment each)
    files: int
    bytes: int  # everything under /pagefind/, the UI files included
    seconds: float


def index_site(folder: Path, language: str) -> IndexStats:
    """Index every page of ``folder`` that marks its text with data-pagefind-body.

    One index for the whole site in ``language`` (its stemming), whatever each
    page's own language: readers search every page at once and narrow by the
    language filter (Pagefind would otherwise split the index by <html lang>
    and search only the pages in the reader's page language).
    """
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        ".",
        "--output-subdir",
        BUNDLE,
        "--force-language",
        language.split("-")[0].lower(),
        "--silent",
    ]
    # Pagefind reads pagefind.yml and PAGEFIND_* from where it runs: neither may
    # change what this build writes.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND")}
    started = time.perf_counter()
    try:
        result = subprocess.run(
            command,
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise IndexingError(f"could not run Pagefind: {error}") from error
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip() or f"status {result.returncode}"
        raise IndexingError(f"Pagefind failed: {said}")
    return _stats(folder / BUNDLE, seconds)


def _stats(bundle: Path, seconds: float) -> IndexStats:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(
        pages=sum(1 for p in files if p.parent.name == "fragment"),
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=seconds,
    )
