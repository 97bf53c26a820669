"""One build of a repository the way `invoke build` does it, in its own process.

    python benchmarks/build_ours.py REPO OUTPUT --cache CACHE_DIR   # content cache on
    python benchmarks/build_ours.py REPO OUTPUT --no-cache          # a cold build

The bench runs this file in a child process so that the kernel's ru_maxrss is
this one build's peak memory.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.runner import build, read_site_settings  # noqa: E402


def use_cache(settings: dict, cache: Path | None) -> None:
    """Turn our content cache on (kept in ``cache``) or off, as `--no-cache` does."""
    settings["CHAPTERS_CACHE"] = cache is not None
    settings["CACHE_PATH"] = str(cache or Path(os.devnull))


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
    with open(os.devnull, "w") as quiet:
        return build(settings, out=quiet)


if __name__ == "__main__":
    sys.exit(main())
