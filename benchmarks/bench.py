"""Build our site and a plain Pelican site of the same posts, alternating, and compare.

Run with `invoke bench`. Each build runs in its own process so that its peak
memory (ru_maxrss) can be read from the kernel; times are wall-clock medians.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .synth import write_federation

ROOT = Path(__file__).resolve().parent.parent

# (national, regional per national, local per regional, posts per chapter)
SIZES = {"small": (1, 2, 2, 15), "medium": (2, 3, 4, 14), "large": (4, 4, 4, 17)}

PLAIN_CONF = """\
AUTHOR = "Bench"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = {path!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
LOAD_CONTENT_CACHE = {cache_on}
CACHE_CONTENT = {cache_on}
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
"""


@dataclass
class Run:
    seconds: float
    max_rss_kb: int


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command in a child process; its wall time and peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return Run(seconds, usage.ru_maxrss)


def plain_pelican_content(chapters: Path, target: Path) -> None:
    """The same posts with Pelican's own 'Key: value' headers, one folder per chapter."""
    for post in sorted(chapters.glob("*/posts/*.md")):
        text = post.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
        header = (
            f"Title: {fields['title'].strip(chr(34))}\n"
            f"Date: {fields['date'].strip(chr(34))}\n"
            f"Tags: {fields['tags'].strip('[]')}\n\n"
        )
        destination = target / post.parent.parent.name / post.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(header + body, encoding="utf-8")


class Workspace:
    def __init__(self, root: Path, size: tuple[int, int, int, int]):
        self.root = root
        self.posts = write_federation(root / "repo", *size)
        plain_pelican_content(root / "repo" / "chapters", root / "plain")
        for cache_on in (False, True):
            name = "plain-cached.py" if cache_on else "plain.py"
            (root / name).write_text(
                PLAIN_CONF.format(
                    path=str(root / "plain"),
                    output=str(
                        root / ("plain-cached-out" if cache_on else "plain-out")
                    ),
                    cache=str(root / "plain-cache"),
                    cache_on=cache_on,
                ),
                encoding="utf-8",
            )
        (root / "ours-cached.py").write_text(
            f"from pelicanconf import *\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
            f"CACHE_PATH = {str(root / 'ours-cache')!r}\n",
            encoding="utf-8",
        )

    def ours(self, cached: bool = False) -> Run:
        settings = ["--settings", str(self.root / "ours-cached.py")] if cached else []
        return timed(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "build_ours.py"),
                str(self.root / "repo"),
                str(self.root / "ours-out"),
                *settings,
            ],
            ROOT,
        )

    def plain(self, cached: bool = False) -> Run:
        conf = self.root / ("plain-cached.py" if cached else "plain.py")
        return timed([sys.executable, "-m", "pelican", "-s", str(conf), "-q"], ROOT)

    def touch_one_post(self, round_: int) -> None:
        post = sorted((self.root / "repo" / "chapters").glob("*/posts/post-000.md"))[0]
        post.write_text(
            post.read_text(encoding="utf-8") + f"\nEdited {round_}.\n", encoding="utf-8"
        )
        plain = sorted((self.root / "plain").glob("*/post-000.md"))[0]
        plain.write_text(
            plain.read_text(encoding="utf-8") + f"\nEdited {round_}.\n",
            encoding="utf-8",
        )


def median(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def bench(work: Path, repeats: int = 3, out=print) -> dict:
    """Every figure of docs/performance.md, printed as it is measured."""
    results: dict = {}
    for label, size in SIZES.items():
        folder = work / label
        shutil.rmtree(folder, ignore_errors=True)
        space = Workspace(folder, size)
        ours, plain = [], []
        for _ in range(repeats):  # alternate so that machine noise hits both alike
            ours.append(space.ours())
            plain.append(space.plain())
        row = {
            "posts": space.posts,
            "ours_s": median(ours),
            "plain_s": median(plain),
            "ratio": median(ours) / median(plain),
            "ours_rss_mb": max(r.max_rss_kb for r in ours) / 1024,
            "plain_rss_mb": max(r.max_rss_kb for r in plain) / 1024,
        }
        if label == "large":
            space.ours(cached=True)  # fill the caches
            space.plain(cached=True)
            ours_re, plain_re = [], []
            for round_ in range(repeats):
                space.touch_one_post(round_)
                ours_re.append(space.ours(cached=True))
                plain_re.append(space.plain(cached=True))
            row["ours_rebuild_s"] = median(ours_re)
            row["plain_rebuild_s"] = median(plain_re)
        results[label] = row
        out(
            f"{label:>6}: {row['posts']:5d} posts  ours {row['ours_s']:6.2f}s  "
            f"plain {row['plain_s']:6.2f}s  ratio {row['ratio']:.2f}  "
            f"peak memory ours {row['ours_rss_mb']:.0f} MB / plain {row['plain_rss_mb']:.0f} MB "
            f"({row['ours_rss_mb'] / row['plain_rss_mb']:.2f}x)"
        )
    large, medium = results["large"], results["medium"]
    growth = large["ours_s"] / medium["ours_s"]
    posts_growth = large["posts"] / medium["posts"]
    out(
        f"growth: {posts_growth:.2f}x the posts cost {growth:.2f}x the time "
        f"(plain Pelican {large['plain_s'] / medium['plain_s']:.2f}x)"
    )
    out(
        f"rebuild after editing one post, with the content cache: ours "
        f"{large['ours_rebuild_s']:.2f}s = {large['ours_rebuild_s'] / large['plain_s']:.2f}x "
        f"plain Pelican's full build, {large['ours_rebuild_s'] / large['ours_s']:.2f}x our "
        f"full build; plain Pelican's own cached rebuild {large['plain_rebuild_s']:.2f}s"
    )
    results["growth"] = growth
    return results
