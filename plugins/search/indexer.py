"""Runs Pagefind over a finished site folder and measures the index it wrote.

Pagefind's own binary (the pinned pagefind-bin's), as a command rather than
through the package's asyncio API: one process, an exit status and its own
message on failure, nothing left running, and its wall time, CPU time and
peak memory measured on their own (``IndexStats``). Its service mode, fed one
page at a time, was measured slower (docs/performance.md, "Search index").

``--glob`` names the files of the indexed pages only (``pages_glob``), so
Pagefind does not read and parse the listings, pagination and other pages
that carry no ``data-pagefind-body`` (a fifth of the HTML files). The index
is the same: Pagefind indexes only marked pages once any page is marked, and
every marked page matches the glob (tests/search/test_index_rebuilds.py
compares the two).

Pagefind always starts from an empty bundle folder. It does not write a
hashed file whose name is already there, and the names are the first 7 hex
digits (28 bits) of a SHA-1: in an old bundle, a file of another content
under the same name would be kept and served. Reusing the old bundle saves
about 3 s of CPU at 1,428 posts, but needs that risk and a reading of
Pagefind's private CBOR metadata to delete what the new index no longer uses;
it is not done (docs/performance.md, "Search index with the spare site").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import urls

# Where the index and Pagefind's own UI files live, relative to the site (spec §5).
BUNDLE = "pagefind"
# How often the indexer looks at Pagefind's memory while it runs (seconds).
_POLL = 0.01
# A path segment written into a glob as it is; anything else becomes "*".
_LITERAL = re.compile(r"[A-Za-z0-9._-]+")
# A position of a glob keeps its words when the pages have at most this many
# there ("posts", "events"), and is "*" where they vary more (chapter slugs).
_FEW = 4


class IndexingError(Exception):
    """Pagefind could not index the site; the message says what it reported."""


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index (one fragment each)
    files: int
    bytes: int  # everything under /pagefind/, the UI files included
    seconds: float  # Pagefind's wall time
    cpu_seconds: float = 0.0  # Pagefind's user + system time (0 on Windows)
    peak_kb: int = 0  # Pagefind's own peak resident memory (VmHWM; 0 on Windows)


def index_site(
    folder: Path, language: str, pages: Iterable[str] | None = None
) -> IndexStats:
    """Index every page of ``folder`` that marks its text with data-pagefind-body.

    One index for the whole site in ``language`` (its stemming), whatever each
    page's own language: readers search every page at once and narrow by the
    language filter (Pagefind would otherwise split the index by <html lang>
    and search only the pages in the reader's page language). ``pages``, the
    URLs of the indexed pages, narrow what Pagefind reads (``pages_glob``);
    every marked page must be among them.
    """
    bundle = folder / BUNDLE
    if bundle.is_dir() and not bundle.is_symlink():
        shutil.rmtree(bundle)  # `invoke build` has moved it aside already
    elif bundle.exists() or bundle.is_symlink():
        bundle.unlink()
    glob = pages_glob(pages) if pages is not None else None
    started = time.perf_counter()
    cpu, peak = _run_pagefind(folder, language, glob)
    return _stats(bundle, time.perf_counter() - started, cpu, peak)


def _run_pagefind(folder: Path, language: str, glob: str | None) -> tuple[float, int]:
    """Run Pagefind in ``folder``; its CPU seconds and peak memory (KB)."""
    try:
        from pagefind_bin import get_executable

        executable = get_executable()
    except (ImportError, OSError) as error:
        raise IndexingError(f"could not find Pagefind: {error}") from error
    command = [
        str(executable),
        "--site",
        ".",
        "--output-subdir",
        BUNDLE,
        "--force-language",
        language.split("-")[0].lower(),
        "--silent",
    ]
    if glob:
        command += ["--glob", glob]
    # Pagefind reads pagefind.yml and PAGEFIND_* from where it runs: neither may
    # change what this build writes.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND")}
    with tempfile.TemporaryFile() as said:  # a pipe could fill up and block
        try:
            process = subprocess.Popen(
                command, cwd=folder, env=environment, stdout=said, stderr=said
            )
        except OSError as error:
            raise IndexingError(f"could not run Pagefind: {error}") from error
        try:
            if hasattr(os, "wait4"):
                status, usage, peak = _wait(process.pid)
                code = process.returncode = os.waitstatus_to_exitcode(status)
                cpu = usage.ru_utime + usage.ru_stime
            else:  # Windows: no figures
                code, cpu, peak = process.wait(), 0.0, 0
        except BaseException:  # interrupted: Pagefind must not write on into the folder
            process.kill()
            process.wait()
            raise
        if code != 0:
            said.seek(0)
            text = said.read().decode(errors="replace").strip()
            raise IndexingError(f"Pagefind failed: {text or f'status {code}'}")
    return cpu, peak


def _wait(pid: int) -> tuple[int, os.struct_rusage, int]:
    """Wait for ``pid``: its status, its resource usage and its own peak memory (KB).

    The kernel's ru_maxrss of a child starts at its parent's peak (the memory
    it was forked from), so Pagefind's own peak is read from /proc meanwhile:
    VmHWM, the high-water mark of the program it runs.
    """
    peak = 0
    status_file = f"/proc/{pid}/status"
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, peak or usage.ru_maxrss
        try:
            with open(status_file, "rb") as file:
                for line in file:
                    if line.startswith(b"VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
                        break
        except (OSError, ValueError):
            pass  # no /proc (not Linux), or the process is exiting
        time.sleep(_POLL)


def pages_glob(pages: Iterable[str]) -> str | None:
    """A Pagefind glob that matches the files of ``pages`` (URLs), and few others.

    Per file depth and first folder, a position keeps its names where the
    pages have at most a few there (``posts``, ``events``) and is ``*``
    elsewhere (a chapter's slug): ``chapters/*/posts/*/index.html``. Every
    page matches its own pattern, so no indexed page is left out. None for
    no pages: Pagefind then reads every HTML file.
    """
    paths = [urls.page_file(url).split("/") for url in pages]
    if not paths:
        return None
    seen: dict[tuple[int, str, int], set[str]] = {}
    for parts in paths:
        for position, part in enumerate(parts[1:-1], start=1):
            seen.setdefault((len(parts), parts[0], position), set()).add(part)
    patterns = set()
    for parts in paths:
        if len(parts) == 1:  # a file at the top of the site
            patterns.add(parts[0] if _LITERAL.fullmatch(parts[0]) else "*")
            continue
        kept = [parts[0]]
        for position, part in enumerate(parts[1:-1], start=1):
            few = len(seen[len(parts), parts[0], position]) <= _FEW
            kept.append(part if few else "*")
        kept.append(parts[-1])
        patterns.add("/".join(p if _LITERAL.fullmatch(p) else "*" for p in kept))
    ordered = sorted(patterns)
    return ordered[0] if len(ordered) == 1 else "{" + ",".join(ordered) + "}"


def _stats(bundle: Path, seconds: float, cpu: float, peak: int) -> IndexStats:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(
        pages=sum(1 for p in files if p.parent.name == "fragment"),
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=seconds,
        cpu_seconds=cpu,
        peak_kb=peak,
    )
