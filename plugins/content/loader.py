"""Load the site for a Pelican run: settings, the one walk of the repository, the index.

Runs once per build, when Pelican starts (the ``initialized`` signal). Under
`invoke build` a problem is raised for the runner to report; under plain
``pelican -s pelicanconf.py`` the same located report is printed and Pelican
exits with status 1, without a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .. import gcfreeze
from ..model.cache import FileCache
from ..model.diagnostics import ContentError, format_report
from ..model.federation import Federation, load_federation
from ..site.index import SiteIndex, build_index
from ..site.settings import SettingsError, SiteSettings, site_settings

# The Pelican setting the index travels in to the generators' context, where
# every output finds it as ``site`` (docs/architecture.md).
SITE_KEY = "CHAPTERS_SITE"
# Set by plugins/runner.py: problems are raised for it to report.
RUNNER_KEY = "CHAPTERS_RUNNER"
CACHE_FILE = "chapterhouse-model.pickle"

logger = logging.getLogger(__name__)


def cache_enabled(settings) -> bool:
    return bool(settings.get("CHAPTERS_CACHE", True)) and bool(
        settings.get("CACHE_PATH")
    )


def load_with_cache(
    site: SiteSettings,
    settings,
    later: list[Callable[[], None]] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Federation, list]:
    """The federation; with the cache on, unchanged files are not parsed again.

    The cache is saved before returning, or, given ``later``, by a task added
    to it: the runner has it done while the output processes render
    (plugins/site/shares.py, ``run_meanwhile``), off the build's critical path.
    ``meanwhile``: see ``load_federation``.
    """
    jobs = site.chapters.jobs
    if not cache_enabled(settings):
        return load_federation(site.chapters, jobs=jobs, meanwhile=meanwhile)
    cache_file = Path(settings["CACHE_PATH"]) / CACHE_FILE
    with gcfreeze.paused():  # unpickling makes no garbage
        cache = FileCache.load(cache_file)
        gcfreeze.spare()  # kept to the build's end (plugins/gcfreeze.py)
    federation, problems = load_federation(
        site.chapters, cache, jobs=jobs, meanwhile=meanwhile
    )
    save = partial(_save, cache, cache_file)
    if later is None:
        save()
    else:
        later.append(save)
    return federation, problems


def _save(cache: FileCache, cache_file: Path) -> None:
    try:
        cache.save(cache_file)
    except OSError as error:  # a cache is only a shortcut: build without it
        logger.warning(
            "cache not saved: %s (%s); the next build reads every file again",
            str(cache_file),
            error.strerror or str(error),  # text: an OSError logged stops a build
        )


def load_site(settings) -> SiteIndex:
    """Parse the settings, walk and check the repository, index it; raise on problems."""
    site = site_settings(settings)
    federation, problems = load_with_cache(site, settings)
    if problems:
        raise ContentError(problems)
    return build_index(federation, site)


def prepare(pelican_object) -> None:
    """``initialized`` handler: the site index, or the report of what is wrong."""
    settings = pelican_object.settings
    if settings.get(SITE_KEY) is not None:
        return
    try:
        settings[SITE_KEY] = load_site(settings)
    except (ContentError, SettingsError) as error:
        if settings.get(RUNNER_KEY):
            raise
        if isinstance(error, ContentError):
            print(format_report(error.diagnostics), file=sys.stderr)
        else:
            print(f"settings: {error}", file=sys.stderr)
        print("nothing was built", file=sys.stderr)
        raise SystemExit(1) from None
