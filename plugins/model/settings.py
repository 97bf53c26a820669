"""Defaults of the chapter settings and their parsing into one frozen object."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .areas import DEFAULT_AREAS, Area, parse_areas
from .formats import EARLIEST_YEAR, LATEST_YEAR
from .render import RENDER_SECONDS

# A GitHub user, or an organisation's team: what CODEOWNERS accepts after "@".
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?")

DEFAULTS: dict[str, Any] = {
    "CHAPTERS_PATH": "chapters",
    "CHAPTERS_CONTENT_PATH": "content",
    "CHAPTERS_BUILD_DATE": None,
    "CHAPTERS_AREAS": DEFAULT_AREAS,
    "CHAPTERS_IFRAME_HOSTS": [],
    "CHAPTERS_MAINTAINERS": [],
    "DEFAULT_LANG": "en",
    "MARKDOWN": {},
    "CHAPTERS_RENDER_SECONDS": RENDER_SECONDS,
    # Processes that parse item files; None: one per core, at most 4 (pool.py).
    "CHAPTERS_JOBS": None,
}


@dataclass(frozen=True)
class ChapterSettings:
    chapters_path: Path
    content_path: Path
    build_date: dt.date
    areas: tuple[Area, ...]
    iframe_hosts: frozenset[str]
    default_lang: str
    maintainers: tuple[str, ...] = ()
    markdown: Mapping[str, Any] = field(default_factory=dict, compare=False)
    render_seconds: float = RENDER_SECONDS
    jobs: int = field(default=1, compare=False)

    @property
    def area_keys(self) -> tuple[str, ...]:
        return tuple(area.key for area in self.areas)


def default_jobs() -> int:
    """As many processes as the machine has cores for this process, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def resolve_build_date(
    value: str | dt.date | None, environ: Mapping[str, str] | None = None
) -> dt.date:
    """--build-date, else SOURCE_DATE_EPOCH, else today in UTC (1900 to 2200)."""
    date = _build_date(value, environ)
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        raise ValueError(
            f"build date {date.isoformat()} is not between {EARLIEST_YEAR} and "
            f"{LATEST_YEAR}"
        )
    return date


def _build_date(
    value: str | dt.date | None, environ: Mapping[str, str] | None
) -> dt.date:
    environ = os.environ if environ is None else environ
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"build date {value!r} is not YYYY-MM-DD") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number") from None
    return dt.datetime.now(dt.UTC).date()


def chapter_settings(
    settings: Mapping[str, Any], base: Path | None = None
) -> ChapterSettings:
    """Parse the settings once; relative paths are taken from ``base``."""
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    base = Path(base or settings.get("PATH") or ".")
    for key in ("CHAPTERS_IFRAME_HOSTS", "CHAPTERS_MAINTAINERS"):
        value = merged[key]
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) for v in value
        ):
            raise ValueError(
                f'{key} = {value!r} (a list of names, e.g. ["example.org"])'
            )
    bad = [
        name
        for name in merged["CHAPTERS_MAINTAINERS"]
        if not _GITHUB_OWNER.fullmatch(name.lstrip("@"))
    ]
    if bad:
        raise ValueError(
            f"CHAPTERS_MAINTAINERS = {merged['CHAPTERS_MAINTAINERS']!r} (GitHub user "
            f'names or teams, e.g. ["iops/maintainers"]; not valid: {", ".join(bad)})'
        )
    seconds = merged["CHAPTERS_RENDER_SECONDS"]
    if (
        not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or not 0 < seconds <= 60
    ):
        raise ValueError(
            f"CHAPTERS_RENDER_SECONDS = {seconds!r} (seconds, more than 0 and "
            "at most 60)"
        )
    jobs = merged["CHAPTERS_JOBS"]
    if jobs is not None and (
        not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= 64
    ):
        raise ValueError(
            f"CHAPTERS_JOBS = {jobs!r} (a number of processes from 1 to 64, or None "
            "for one per core)"
        )
    if not isinstance(merged["MARKDOWN"], Mapping):
        raise ValueError(f"MARKDOWN = {merged['MARKDOWN']!r} (a dict of options)")
    return ChapterSettings(
        # Absolute without resolving links: the walk reports a link there.
        chapters_path=Path(os.path.abspath(base / merged["CHAPTERS_PATH"])),
        content_path=Path(os.path.abspath(base / merged["CHAPTERS_CONTENT_PATH"])),
        build_date=resolve_build_date(merged["CHAPTERS_BUILD_DATE"]),
        areas=parse_areas(merged["CHAPTERS_AREAS"]),
        iframe_hosts=frozenset(merged["CHAPTERS_IFRAME_HOSTS"]),
        default_lang=str(merged["DEFAULT_LANG"]),
        maintainers=tuple(merged["CHAPTERS_MAINTAINERS"]),
        markdown=dict(merged["MARKDOWN"]),
        render_seconds=float(seconds),
        jobs=default_jobs() if jobs is None else jobs,
    )
