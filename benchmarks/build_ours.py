"""One build of a repository the way `invoke build` does it, in its own process.

    python benchmarks/build_ours.py REPO OUTPUT --cache CACHE_DIR   # content cache on
    python benchmarks/build_ours.py REPO OUTPUT --no-cache          # a cold build

The bench runs this file in a child process so that the kernel's ru_maxrss is
this one build's peak memory. ``--no-search-index`` builds without Pagefind,
as `invoke build --no-search-index` does; ``--figures FILE`` writes Pagefind's
own figures of the build (JSON, ``null`` without the index) for the bench.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.gcfreeze import freeze_at_exit  # noqa: E402
from plugins.runner import build, read_site_settings  # noqa: E402


def use_cache(settings: dict, cache: Path | None) -> None:
    """Turn our content cache on (kept in ``cache``) or off, as `--no-cache` does."""
    settings["CHAPTERS_CACHE"] = cache is not None
    settings["CACHE_PATH"] = str(cache or Path(os.devnull))


class _SearchFigures(logging.Handler):
    """Keeps the figures the search plugin logs with its record (``search_index``)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.stats = None

    def emit(self, record: logging.LogRecord) -> None:
        self.stats = getattr(record, "search_index", self.stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="folder with chapters/ and content/")
    parser.add_argument("output", type=Path)
    switch = parser.add_mutually_exclusive_group(required=True)
    switch.add_argument("--cache", type=Path, help="content cache folder")
    switch.add_argument("--no-cache", action="store_true", help="a cold build")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--build-date", default="2015-01-15")
    parser.add_argument(
        "--jobs", type=int, help="processes parsing items (default: one per core)"
    )
    parser.add_argument(
        "--no-search-index", action="store_true", help="build without Pagefind"
    )
    parser.add_argument(
        "--figures", type=Path, help="write Pagefind's own figures here (JSON)"
    )
    args = parser.parse_args(argv)
    settings = read_site_settings(
        args.settings,
        chapters=args.repo / "chapters",
        content=args.repo / "content",
        output=args.output,
        build_date=args.build_date,
    )
    use_cache(settings, args.cache.resolve() if args.cache else None)
    if args.jobs is not None:
        settings["CHAPTERS_JOBS"] = args.jobs
    if args.no_search_index:
        settings["SEARCH_INDEX"] = False
    figures = _SearchFigures()
    log = logging.getLogger("plugins.search.generator")
    level = log.level
    log.addHandler(figures)
    log.setLevel(logging.INFO)  # the record is made whatever the root's level
    try:
        with open(os.devnull, "w") as quiet:
            code = build(settings, out=quiet)
    finally:
        log.removeHandler(figures)
        log.setLevel(level)
    if args.figures:
        stats = asdict(figures.stats) if figures.stats else None
        args.figures.write_text(json.dumps(stats), encoding="utf-8")
    return code


if __name__ == "__main__":
    freeze_at_exit()  # as tasks.py does for `invoke build`
    sys.exit(main())
