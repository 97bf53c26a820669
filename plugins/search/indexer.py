"""Runs Pagefind over a finished site folder and measures the index it wrote.

Pagefind's own binary (the pinned pagefind-bin's), as a command rather than
through the package's asyncio API: one process, an exit status and its own
message on failure, nothing left running. Its service mode, fed one page at a
time, was measured slower (docs/performance.md, "Search index").

Two things keep it cheap:

* ``--glob`` names the folders of the indexed pages only, so Pagefind does
  not read and parse the listings, pagination and other pages that carry no
  ``data-pagefind-body`` (a quarter of the HTML files);
* a bundle already in the folder (the previous site's, where a build
  overwrites its spare site) is reused: Pagefind does not write again a file
  whose name, a hash of its content, is already there, which saves it
  compressing and writing some 1,500 files. What the new index no longer uses
  is deleted afterwards (``settle_bundle``).
"""

from __future__ import annotations

import gzip
import json
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
# What Pagefind puts before the CBOR of its gzipped index files.
_INDEX_PREFIX = b"pagefind_dcd"
# The hashed files of an index, each named by its own hash, in these folders.
_HASHED = ("fragment", "index", "filter")
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
    seconds: float  # Pagefind's wall time, settling the bundle included
    cpu_seconds: float = 0.0  # Pagefind's user + system time
    peak_kb: int = 0  # Pagefind's own peak resident memory (VmHWM)
    reused: int = 0  # files of the previous bundle that the new index kept


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
    started = time.perf_counter()
    bundle = folder / BUNDLE
    before = _times(bundle)
    glob = pages_glob(pages) if pages is not None else None
    cpu, peak = _run_pagefind(folder, language, glob)
    try:
        reused = settle_bundle(bundle, before) if before else 0
    except _Unreadable:
        # Not an index this code can read: start again from an empty bundle.
        shutil.rmtree(bundle)
        more_cpu, more_peak = _run_pagefind(folder, language, glob)
        cpu, peak, reused = cpu + more_cpu, max(peak, more_peak), 0
    return _stats(bundle, time.perf_counter() - started, cpu, peak, reused)


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
        if hasattr(os, "wait4"):
            status, usage, peak = _wait(process.pid)
            code = process.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # Windows: no figures
            code, cpu, peak = process.wait(), 0.0, 0
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
        kept = [parts[0]]
        for position, part in enumerate(parts[1:-1], start=1):
            few = len(seen[len(parts), parts[0], position]) <= _FEW
            kept.append(part if few else "*")
        kept.append(parts[-1])
        patterns.add("/".join(p if _LITERAL.fullmatch(p) else "*" for p in kept))
    ordered = sorted(patterns)
    return ordered[0] if len(ordered) == 1 else "{" + ",".join(ordered) + "}"


class _Unreadable(Exception):
    """The bundle's entry or index metadata is not what this code can read."""


def _times(bundle: Path) -> dict[str, int]:
    """Every file of ``bundle`` (relative path) and its modification time."""
    times = {}
    for folder, _folders, files in os.walk(bundle):
        for name in files:
            path = os.path.join(folder, name)
            times[os.path.relpath(path, bundle)] = os.lstat(path).st_mtime_ns
    return times


def settle_bundle(bundle: Path, before: dict[str, int]) -> int:
    """Delete what the new index in ``bundle`` does not use; how many old files it uses.

    ``before``: the files there before Pagefind ran, with their modification
    times. A file Pagefind wrote has a new time. One it did not write is
    either a hashed file it found already there (the same name, so the same
    bytes), kept and given the current time, so that it counts as written
    (plugins/output.py's drop_unwritten), or a leftover of the old index
    (the page of a deleted post, the index of another language), deleted.
    _Unreadable if the new index's metadata cannot be read.
    """
    metadata = _index_metadata(bundle)
    reused = 0
    for name, old_time in before.items():
        path = bundle / name
        try:
            if path.lstat().st_mtime_ns != old_time:
                continue  # written again by Pagefind
        except FileNotFoundError:
            continue
        if _used(name, metadata):
            os.utime(path)
            reused += 1
        else:
            path.unlink()
    for folder, _folders, _files in os.walk(bundle, topdown=False):
        if folder != str(bundle) and not os.listdir(folder):
            os.rmdir(folder)
    return reused


def _used(name: str, metadata: dict[str, bytes]) -> bool:
    """Whether the index uses the file ``name`` (relative to the bundle).

    A metadata file is used where pagefind-entry.json names it; a hashed file
    where its hash appears in the metadata. A file kept by a chance match
    would only be one file too many, never a missing one.
    """
    parts = name.split(os.sep)
    if len(parts) == 2 and parts[0] in _HASHED:
        key = parts[1].rsplit(".", 1)[0].encode()
        return any(key in data for data in metadata.values())
    return name in metadata  # Pagefind writes its other files every time


def _index_metadata(bundle: Path) -> dict[str, bytes]:
    """The metadata of every language of the index in ``bundle``, by file name.

    pagefind-entry.json names each language's metadata file by its hash; the
    metadata (gzip, then Pagefind's prefix, then CBOR) holds the hashes of
    the pages' fragments, the word index chunks and the filters.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        metas = [language["hash"] for language in entry["languages"].values()]
        found = {}
        for meta in metas:
            name = f"pagefind.{meta}.pf_meta"
            data = gzip.decompress((bundle / name).read_bytes())
            if not data.startswith(_INDEX_PREFIX):
                raise _Unreadable(name)
            found[name] = data
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _Unreadable(str(error)) from error
    return found


def _stats(
    bundle: Path, seconds: float, cpu: float, peak: int, reused: int
) -> IndexStats:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(
        pages=sum(1 for p in files if p.parent.name == "fragment"),
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=seconds,
        cpu_seconds=cpu,
        peak_kb=peak,
        reused=reused,
    )
