"""Our build against plain Pelican on the same synthetic posts: time, memory, growth.

Run with `invoke bench`. Every build runs in its own process: its wall time
(what the targets are about), its CPU time (less disturbed by other work on
the machine) and its peak memory (ru_maxrss) come from the kernel. Linux
starts a child's ru_maxrss at its parent's peak, so this process stays small
(the synthetic sites are written by a child too) and prints its own peak.
Builds are interleaved so that a busy minute of the machine hits every figure
alike: ours and plain Pelican alternate (who goes first flips each time), and
the sizes take turns within each repeat (their order rotates between repeats).

Our build runs Pagefind (the search index) in a process of its own; its wall
and CPU time are part of our figures and are also reported on their own
(``build_ours.py --figures``). ``search_index=False`` (`invoke bench
--no-search-index`) measures our build without it.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import re
import resource
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .synth import write_federation

ROOT = Path(__file__).resolve().parent.parent

# label: (national, regional per national, local per regional, posts per chapter)
SIZES = {
    "450": (2, 3, 4, 14),  # 32 chapters, 448 posts
    "1400": (4, 4, 4, 17),  # 84 chapters, 1,428 posts
    "4000": (6, 5, 4, 26),  # 156 chapters, 4,056 posts
    "10000": (10, 5, 5, 32),  # 310 chapters, 9,920 posts
}
DEFAULT_SIZES = ("450", "1400", "4000")
# Rebuilds with the content caches are measured where the targets are.
CACHED_SIZES = ("450", "1400")

# Issue 11, item 8.
COLD_TARGETS = {"450": 1.0, "1400": 0.8}  # our cold build / plain Pelican's
REBUILD_TARGET = 0.25  # rebuild after one edit / our own cold build, at ~1,400
MEMORY_TARGET = 1.5  # our peak memory / plain Pelican's
# "Linear": the time per post at the largest size at most this much above the
# time per post at ~1,400 (a fixed start-up cost makes it fall, not rise).
GROWTH_TOLERANCE = 1.2

# Plain Pelican doing the work our build does for the same posts: one page per
# post at /<chapter>/<file name>/ (the chapter is the category, set from the
# folder: Pelican's own folder-as-category is off with the category pages),
# the index paginated by 20, one Atom feed of 20 entries, the pictures
# copied, links between posts resolved, the same Markdown extensions and
# summaries. Like ours, no tag, category, author or archive pages (and so no
# menu of categories linking to pages that do not exist).
PLAIN_CONF = """\
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = {path!r}
STATIC_PATHS = {static!r}
ARTICLE_URL = "{{category}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{category}}/{{slug}}/index.html"
SLUGIFY_SOURCE = "basename"
PATH_METADATA = r"(?P<category>[^/]+)/[^/]+\\.md"
ARTICLE_TRANSLATION_ID = None
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = TAGS_SAVE_AS = CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
DISPLAY_CATEGORIES_ON_MENU = False
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
SUMMARY_MAX_LENGTH = {summary_length!r}
SUMMARY_MAX_PARAGRAPHS = {summary_paragraphs!r}
MARKDOWN = {markdown!r}
GZIP_CACHE = {gzip_cache!r}
"""


@dataclass
class Run:
    seconds: float  # wall clock, what the targets are about
    cpu_seconds: float  # user + system: less disturbed by other work on the machine
    max_rss_kb: int
    # Pagefind's own wall and CPU time within our build (None: no index built)
    pagefind_seconds: float | None = None
    pagefind_cpu_seconds: float | None = None
    # the kernel's part of cpu_seconds: creating and writing files, mostly. On
    # some disks it grows from one build to the next while the rest stays put
    # (docs/performance.md, "The disk").
    system_seconds: float | None = None


def timed(command: list[str], cwd: Path, figures: Path | None = None) -> Run:
    """Run a command in a child process; its wall time and peak resident memory.

    ``figures``: where the command writes Pagefind's figures (build_ours.py).
    """
    with tempfile.TemporaryFile() as errors:  # a pipe could fill up and block
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    run = Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss,
        system_seconds=usage.ru_stime,
    )
    if figures is not None:
        stats = json.loads(figures.read_text(encoding="utf-8"))
        if stats is not None:
            run.pagefind_seconds = stats["seconds"]
            run.pagefind_cpu_seconds = stats["cpu_seconds"]
    return run


_FRONT = re.compile(r"\A---\n(?P<front>.*?)\n---\n", re.S)


def plain_pelican_content(chapters: Path, target: Path) -> list[str]:
    """The same posts for plain Pelican, one folder (= category) per chapter.

    Only the front matter and the link syntax change: Pelican's own
    ``Key: value`` headers, and Pelican's ``{static}`` and ``{filename}``
    markers for the links that our build resolves itself. Returns the folders
    of pictures, for STATIC_PATHS.
    """
    pictures = []
    for folder in sorted(p for p in chapters.iterdir() if (p / "posts").is_dir()):
        destination = target / folder.name
        destination.mkdir(parents=True, exist_ok=True)
        if (folder / "images").is_dir():
            shutil.copytree(folder / "images", destination / "images")
            pictures.append(f"{folder.name}/images")
        for post in sorted((folder / "posts").glob("*.md")):
            text = post.read_text(encoding="utf-8")
            front = _FRONT.match(text)
            if front is None:
                raise ValueError(f"{post}: no front matter")
            fields = dict(
                line.split(": ", 1) for line in front["front"].strip().splitlines()
            )
            body = text[front.end() :]
            body = body.replace("](../images/", "]({static}images/")
            body = re.sub(r"\]\(\.\./posts/([^)]+\.md)\)", r"]({filename}\1)", body)
            header = (
                f"Title: {fields['title'].strip(chr(34))}\n"
                f"Date: {fields['date'].strip(chr(34))}\n"
                f"Tags: {fields['tags'].strip('[]')}\n\n"
            )
            (destination / post.name).write_text(header + body, encoding="utf-8")
    return pictures


def _ours_settings() -> dict:
    """The settings of ours that the baseline copies, read from pelicanconf.py."""
    return runpy.run_path(str(ROOT / "pelicanconf.py"))


def _files(folder: Path) -> tuple[int, int]:
    """Number of files under ``folder`` and their total size in bytes."""
    count = total = 0
    for parent, _, names in os.walk(folder):
        count += len(names)
        total += sum(os.stat(os.path.join(parent, name)).st_size for name in names)
    return count, total


def prepare(root: Path, size: tuple[int, int, int, int]) -> None:
    """Write the synthetic federation, its plain Pelican copy and plain.py."""
    shutil.rmtree(root, ignore_errors=True)
    write_federation(root / "repo", *size)
    pictures = plain_pelican_content(root / "repo" / "chapters", root / "plain")
    ours = _ours_settings()
    (root / "plain.py").write_text(
        PLAIN_CONF.format(
            path=str(root / "plain"),
            static=pictures,
            summary_length=ours["SUMMARY_MAX_LENGTH"],
            summary_paragraphs=ours["SUMMARY_MAX_PARAGRAPHS"],
            markdown=ours["MARKDOWN"],
            gzip_cache=ours.get("GZIP_CACHE", False),
        ),
        encoding="utf-8",
    )


class Workspace:
    """One synthetic federation, its plain Pelican copy, and their outputs and caches."""

    def __init__(self, root: Path, label: str, search_index: bool = True):
        self.root = root
        self.search_index = search_index
        national, regional, local, posts = SIZES[label]
        self.chapters = national * (1 + regional * (1 + local))
        self.posts = self.chapters * posts
        # Written by a child process, so that this one stays small (see above).
        subprocess.run(
            [sys.executable, "-m", "benchmarks.bench", "prepare", str(root), label],
            cwd=ROOT,
            check=True,
        )
        # The one post edited before each rebuild: in the middle of the tree.
        self.edited = sorted((root / "repo" / "chapters").glob("*/posts/post-000.md"))[
            self.chapters // 2
        ]
        self.edited_plain = (
            root / "plain" / self.edited.parent.parent.name / "post-000.md"
        )

    @property
    def figures(self) -> Path:
        """Where our build writes Pagefind's figures."""
        return self.root / "pagefind-figures.json"

    def command(self, tool: str, cached: bool) -> tuple[list[str], Path]:
        out = self.root / f"{tool}-{'cached' if cached else 'cold'}-out"
        cache = self.root / f"{tool}-cache"
        if tool == "ours":
            switch = ["--cache", str(cache)] if cached else ["--no-cache"]
            if not self.search_index:
                switch.append("--no-search-index")
            script = ROOT / "benchmarks" / "build_ours.py"
            return [
                sys.executable,
                str(script),
                str(self.root / "repo"),
                str(out),
                *switch,
                "--figures",
                str(self.figures),
            ], out
        on = "true" if cached else "false"
        return [
            sys.executable,
            "-m",
            "pelican",
            "-s",
            str(self.root / "plain.py"),
            "-o",
            str(out),
            "--cache-path",
            str(cache),
            "-e",
            f"LOAD_CONTENT_CACHE={on}",
            f"CACHE_CONTENT={on}",
            "--fatal",  # Pelican logs a skipped article as an error and exits 0
            "errors",
            "-q",
        ], out

    def build(self, tool: str, mode: str) -> tuple[Run, Path]:
        """``mode``: cold (no cache, empty output), fill (empty cache), rebuild, or
        again (a second rebuild: ours writes over the site the first one replaced)."""
        command, out = self.command(tool, cached=mode != "cold")
        if mode in ("cold", "fill"):
            shutil.rmtree(out, ignore_errors=True)
            # and the site our build keeps beside its output for the next one
            shutil.rmtree(out.parent / f".{out.name}.spare", ignore_errors=True)
        if mode == "fill":
            shutil.rmtree(self.root / f"{tool}-cache", ignore_errors=True)
        figures = self.figures if tool == "ours" else None
        return timed(command, self.root, figures), out

    def edit_one_post(self, number: str) -> None:
        """The same edit of one post's body in both copies (size and mtime change)."""
        for post in (self.edited, self.edited_plain):
            text = post.read_text(encoding="utf-8")
            post.write_text(
                text + f"\nA corrected sentence, edit number {number}.\n",
                encoding="utf-8",
            )


def parse_sizes(text: str) -> list[str]:
    """``"450,1400"`` -> the labels of SIZES, smallest first; ValueError if unknown."""
    labels = {part.strip().replace("_", "") for part in text.split(",") if part.strip()}
    unknown = sorted(labels - SIZES.keys())
    if unknown or not labels:
        raise ValueError(
            f"unknown sizes {', '.join(unknown) or text!r}: choose from {', '.join(SIZES)}"
        )
    return sorted(labels, key=int)


@contextlib.contextmanager
def scratch_folder(work: Path | None) -> Iterator[Path]:
    """``work`` if given, kept afterwards; else a new temporary folder, deleted
    at the end even when the bench is interrupted (its sites and outputs take
    about 300 MB at the default sizes, 1 GB with 10,000 posts)."""
    if work is not None:
        yield work
        return
    with tempfile.TemporaryDirectory(
        prefix="chapterhouse-bench-", ignore_cleanup_errors=True
    ) as folder:
        yield Path(folder)


def bench(
    work: Path,
    repeats: int = 3,
    sizes: Iterable[str] = DEFAULT_SIZES,
    out: Callable[[str], None] = print,
    search_index: bool = True,
) -> dict:
    """Build every size ``repeats`` times, print progress, then the figures and targets.

    ``search_index``: our build runs Pagefind, as `invoke build` does.
    """
    labels = sorted(set(sizes), key=int)
    work.mkdir(parents=True, exist_ok=True)
    out(f"load average at the start: {_load()}")
    out(describe_disk(work))
    # Plain Pelican's modules were compiled when pip installed them; ours are
    # compiled here once, as any second build on a machine that writes
    # __pycache__ finds them (PYTHONDONTWRITEBYTECODE would otherwise make
    # every one of our builds compile plugins/ again: 0.3 s of CPU).
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    out(
        "our build "
        + (
            "with the search index (Pagefind)"
            if search_index
            else "without the search index"
        )
    )
    spaces = {}
    for label in labels:
        start = time.perf_counter()
        spaces[label] = Workspace(work / label, label, search_index)
        out(
            f"wrote {spaces[label].posts} posts in {spaces[label].chapters} chapters "
            f"({time.perf_counter() - start:.1f}s)"
        )
    runs: dict[tuple[str, str, str], list[Run]] = defaultdict(list)
    outputs: dict[tuple[str, str], tuple[int, int]] = {}
    for round_ in range(repeats):
        turn = labels[round_ % len(labels) :] + labels[: round_ % len(labels)]
        for position, label in enumerate(turn):
            space = spaces[label]
            tools = (
                ("ours", "plain") if (round_ + position) % 2 == 0 else ("plain", "ours")
            )
            modes = ["cold"]
            if label in CACHED_SIZES:
                modes += ["fill", "rebuild", "again"]
            for mode in modes:
                if mode == "rebuild":
                    space.edit_one_post(f"{round_}")
                elif mode == "again":  # over the site the first rebuild replaced
                    space.edit_one_post(f"{round_}, again")
                for tool in tools:
                    run, folder = space.build(tool, mode)
                    runs[label, tool, mode].append(run)
                    if (label, tool) not in outputs and mode == "cold":
                        outputs[label, tool] = _files(folder)
                        if outputs[label, tool][0] < space.posts:
                            raise RuntimeError(
                                f"{tool} wrote too few files in {folder}"
                            )
                    pagefind = (
                        f" Pagefind {run.pagefind_seconds:5.2f}s "
                        f"(CPU {run.pagefind_cpu_seconds:5.2f}s)"
                        if run.pagefind_seconds is not None
                        else ""
                    )
                    out(
                        f"  repeat {round_ + 1}/{repeats} {space.posts:>6} posts "
                        f"{tool:<5} {mode:<7} {run.seconds:7.2f}s "
                        f"(CPU {run.cpu_seconds:6.2f}s, system "
                        f"{run.system_seconds:5.2f}s) "
                        f"{run.max_rss_kb / 1024:5.0f} MB{pagefind}"
                    )
    out(f"load average at the end: {_load()}")
    out(describe_disk(work))
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out(f"peak memory of the bench itself, a floor under every figure: {floor:.0f} MB")
    results = summarise(spaces, runs, outputs)
    report(results, out)
    return results


def mount_of(path: Path, mounts: str) -> tuple[str, str, str]:
    """The mount point, file system type and options of the mount holding ``path``.

    ``mounts``: the text of /proc/mounts. The longest mount point that is
    ``path`` or one of its parents wins; ("", "unknown", "") if none does.
    """
    best = ("", "unknown", "")
    target = os.path.abspath(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, fields[2], fields[3])
    return best


def disk_probe(folder: Path, files: int = 1000, size: int = 16 * 1024) -> float:
    """Seconds to create and write ``files`` new files of ``size`` bytes in ``folder``,
    then to delete them: how dear a new file is on this disk, now.

    A build writes every file of the site; on a disk where a new file is
    dear (some virtual disks mounted with ``discard``, after many deletions)
    this alone can be a large part of a build's time, and it drifts, so the
    bench measures it before and after.
    """
    probe = folder / ".disk-probe"
    shutil.rmtree(probe, ignore_errors=True)
    data = b"x" * size
    start = time.perf_counter()
    for index in range(files):
        if index % 25 == 0:
            (probe / str(index // 25)).mkdir(parents=True)
        with open(probe / str(index // 25) / f"{index}.html", "wb") as file:
            file.write(data)
    shutil.rmtree(probe)
    return time.perf_counter() - start


def describe_disk(folder: Path) -> str:
    """One line: the scratch folder's file system, and what 1,000 new files cost."""
    try:
        with open("/proc/mounts", encoding="utf-8") as file:
            point, kind, options = mount_of(folder, file.read())
    except OSError:
        point, kind, options = "", "unknown", ""
    mounted = f"{kind} at {point}" if point else kind
    if "discard" in options.split(","):
        mounted += ", mounted with discard"
    return (
        f"scratch folder on {mounted}: creating, writing and deleting 1,000 files "
        f"of 16 KB took {disk_probe(folder):.2f} s"
    )


def _load() -> str:
    """The machine's 1, 5 and 15 minute load: other work there slows every build."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _median(runs: list[Run], field: str = "seconds") -> float | None:
    """The median of ``field`` over ``runs``; None where a run has none."""
    values = [getattr(run, field) for run in runs]
    if any(value is None for value in values):
        return None
    return statistics.median(values)


def summarise(spaces: dict, runs: dict, outputs: dict) -> dict:
    """Per size: median seconds and CPU seconds, and the highest peak memory, by tool and mode."""
    rows = {}
    for label, space in spaces.items():
        row = {"posts": space.posts, "chapters": space.chapters}
        for (size, tool, mode), found in runs.items():
            if size == label:
                row[f"{tool}_{mode}_s"] = _median(found)
                row[f"{tool}_{mode}_cpu"] = _median(found, "cpu_seconds")
                row[f"{tool}_{mode}_mb"] = max(r.max_rss_kb for r in found) / 1024
                pagefind = _median(found, "pagefind_seconds")
                if pagefind is not None:
                    row[f"{tool}_{mode}_pagefind_s"] = pagefind
                    row[f"{tool}_{mode}_pagefind_cpu"] = _median(
                        found, "pagefind_cpu_seconds"
                    )
        for tool in ("ours", "plain"):
            row[f"{tool}_files"], row[f"{tool}_bytes"] = outputs[label, tool]
        rows[label] = row
    return rows


def _verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def report(rows: dict, out: Callable[[str], None] = print) -> None:
    """The figures as Markdown tables, then each target as MET or NOT MET."""
    out("")
    out("Cold builds (no content cache, empty output folder), medians:")
    out("")
    out(
        "| posts | chapters | ours | plain Pelican | ratio | ratio of CPU time "
        "| ours per post | peak memory ours / plain | files written ours / plain |"
    )
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows.values():
        out(
            f"| {row['posts']:,} | {row['chapters']} | {row['ours_cold_s']:.2f} s "
            f"| {row['plain_cold_s']:.2f} s "
            f"| {row['ours_cold_s'] / row['plain_cold_s']:.2f} "
            f"| {row['ours_cold_cpu'] / row['plain_cold_cpu']:.2f} "
            f"| {row['ours_cold_s'] / row['posts'] * 1000:.2f} ms "
            f"| {row['ours_cold_mb']:.0f} / {row['plain_cold_mb']:.0f} MB "
            f"({row['ours_cold_mb'] / row['plain_cold_mb']:.2f}x) "
            f"| {row['ours_files']:,} / {row['plain_files']:,} |"
        )
    again = [row for row in rows.values() if "ours_again_s" in row]
    cached = [row for row in rows.values() if "ours_rebuild_s" in row]
    if cached:
        out("")
        out(
            "With the content caches: first build (empty cache), then a rebuild "
            "after editing one post, medians:"
        )
        out("")
        out(
            "| posts | first build ours / plain | rebuild ours | rebuild plain "
            "| ratio | rebuild / our cold build |"
        )
        out("|---:|---:|---:|---:|---:|---:|")
        for row in cached:
            out(
                f"| {row['posts']:,} "
                f"| {row['ours_fill_s']:.2f} s / {row['plain_fill_s']:.2f} s "
                f"| {row['ours_rebuild_s']:.2f} s | {row['plain_rebuild_s']:.2f} s "
                f"| {row['ours_rebuild_s'] / row['plain_rebuild_s']:.2f} "
                f"| {row['ours_rebuild_s'] / row['ours_cold_s']:.2f} |"
            )
    if again:
        out("")
        out(
            "A second rebuild after editing the post again (our build then writes "
            "over the site the first rebuild replaced, as every rebuild after it "
            "does; plain Pelican overwrites its output every time), medians:"
        )
        out("")
        out("| posts | again ours | again plain | ratio | again / our cold build |")
        out("|---:|---:|---:|---:|---:|")
        for row in again:
            out(
                f"| {row['posts']:,} | {row['ours_again_s']:.2f} s "
                f"| {row['plain_again_s']:.2f} s "
                f"| {row['ours_again_s'] / row['plain_again_s']:.2f} "
                f"| {row['ours_again_s'] / row['ours_cold_s']:.2f} |"
            )
    indexed = [row for row in rows.values() if "ours_cold_pagefind_s" in row]
    if indexed:
        out("")
        out(
            "Pagefind within our build (its own process; included in the figures "
            "above), medians, wall / CPU:"
        )
        out("")
        out("| posts | cold build | first build | rebuild | share of our cold build |")
        out("|---:|---:|---:|---:|---:|")
        for row in indexed:
            cells = [
                f"{row[f'ours_{mode}_pagefind_s']:.2f} s / "
                f"{row[f'ours_{mode}_pagefind_cpu']:.2f} s"
                if f"ours_{mode}_pagefind_s" in row
                else "-"
                for mode in ("cold", "fill", "rebuild")
            ]
            share = row["ours_cold_pagefind_s"] / row["ours_cold_s"]
            out(f"| {row['posts']:,} | {' | '.join(cells)} | {share:.0%} |")
    out("")
    out("Targets (issue 11, item 8):")
    for line in targets(rows):
        out(f"  {line}")


def targets(rows: dict) -> list[str]:
    """One line per target: the figure, then MET or NOT MET."""
    lines = []
    for label, limit in COLD_TARGETS.items():
        if label in rows:
            row = rows[label]
            ratio = row["ours_cold_s"] / row["plain_cold_s"]
            cpu = row["ours_cold_cpu"] / row["plain_cold_cpu"]
            lines.append(
                f"cold build at {row['posts']:,} posts <= {limit:.1f}x plain Pelican: "
                f"{row['ours_cold_s']:.2f} s / {row['plain_cold_s']:.2f} s = "
                f"{ratio:.2f}x (CPU time {cpu:.2f}x)  {_verdict(ratio <= limit)}"
            )
    if "ours_rebuild_s" in rows.get("1400", {}):
        row = rows["1400"]
        ratio = row["ours_rebuild_s"] / row["ours_cold_s"]
        cpu = row["ours_rebuild_cpu"] / row["ours_cold_cpu"]
        lines.append(
            f"rebuild after editing one post at {row['posts']:,} posts <= "
            f"{REBUILD_TARGET:.2f}x our cold build: {row['ours_rebuild_s']:.2f} s / "
            f"{row['ours_cold_s']:.2f} s = {ratio:.2f}x (CPU time {cpu:.2f}x)  "
            f"{_verdict(ratio <= REBUILD_TARGET)}"
        )
    for row in rows.values():
        ratio = row["ours_cold_mb"] / row["plain_cold_mb"]
        lines.append(
            f"peak memory at {row['posts']:,} posts <= {MEMORY_TARGET:.1f}x plain "
            f"Pelican: {row['ours_cold_mb']:.0f} / {row['plain_cold_mb']:.0f} MB = "
            f"{ratio:.2f}x  {_verdict(ratio <= MEMORY_TARGET)}"
        )
    lines.extend(growth(rows))
    return lines


def growth(rows: dict) -> list[str]:
    """Our cold build time per post from ~1,400 posts up: linear keeps it flat."""
    larger = [row for label, row in rows.items() if int(label) >= 1400]
    if "1400" not in rows:
        return []
    per_post = [row["ours_cold_s"] / row["posts"] for row in larger]
    parts = [
        f"{row['posts']:,}: {each * 1000:.2f} ms "
        f"(CPU {row['ours_cold_cpu'] / row['posts'] * 1000:.2f} ms)"
        for row, each in zip(larger, per_post, strict=True)
    ]
    largest = larger[-1]
    if largest["posts"] < 9000:
        return [
            f"growth linear up to 10,000 posts: NOT MEASURED (per post "
            f"{'; '.join(parts)}; add 10000 to --sizes)"
        ]
    ratio = per_post[-1] / per_post[0]
    return [
        f"growth linear up to 10,000 posts (our cold build's time per post at "
        f"{largest['posts']:,} <= {GROWTH_TOLERANCE:.1f}x that at "
        f"{larger[0]['posts']:,}; per post {'; '.join(parts)}): {ratio:.2f}x  "
        f"{_verdict(ratio <= GROWTH_TOLERANCE)}"
    ]


def main(argv: list[str] | None = None) -> None:
    """``python -m benchmarks.bench prepare ROOT LABEL``: write one size's sites."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("command", choices=["prepare"])
    parser.add_argument("root", type=Path)
    parser.add_argument("label", choices=list(SIZES))
    args = parser.parse_args(argv)
    prepare(args.root, SIZES[args.label])


if __name__ == "__main__":
    main()
