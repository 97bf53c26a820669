"""What `invoke check` and `invoke build` do: validate everything, then build atomically."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path
from typing import TextIO

from . import gcfreeze
from .annotations import github_log, step_summary
from .codeowners import codeowners_problem, codeowners_text
from .content import compiled_catalogues
from .content.loader import RUNNER_KEY, SITE_KEY, load_with_cache
from .i18n.catalogues import compile_ahead
from .model.diagnostics import ContentError, as_errors, at_most_per_file, format_report
from .model.federation import content_warnings, load_federation
from .output import (
    MIRROR_KEY,
    PUBLISHED_KEY,
    REMOVALS_KEY,
    REUSED_KEY,
    SETTLED_KEY,
    STARTED_KEY,
    FolderMirror,
    OutputBusy,
    Settled,
    aside_folder,
    can_mirror,
    drop_unwritten,
    mirror_folders,
    os_error_message,
    output_lock,
    output_problem,
    publish,
    recover,
    remove_meanwhile,
    reused_staging,
    spare_folder,
    staging_folder,
)
from .printable import one_line
from .site.files import FILES_KEY
from .site.index import SiteIndex, build_index
from .site.settings import SettingsError, SiteSettings, site_settings
from .site.shares import MEANWHILE_KEY, run_meanwhile


def drop_leftovers(pelican_object) -> None:
    """Connected to Pelican's ``finalized`` signal: in a reused staging folder,
    delete what this build did not write, before anything reads the folder.

    Pelican calls a signal's receivers in the order they were connected; this
    one is connected when this module is imported, before Pelican registers
    any plugin, so the sitemap and the search index (``finalized`` too) see
    this build's files only. What is moved aside is deleted by a thread that
    ``_build_in`` waits for at its end (it hands the list in ``REMOVALS_KEY``).
    """
    if not pelican_object.settings.get(REUSED_KEY):
        return
    mirror = pelican_object.settings.get(MIRROR_KEY)
    if mirror is not None:  # every folder made before any is judged empty
        mirror.join()
    staging = Path(pelican_object.output_path)
    aside = aside_folder(staging)
    kept: list[str] = []
    # the published site's times given to unchanged files in the same walk
    published = pelican_object.settings.get(PUBLISHED_KEY)
    settled = Settled(Path(published)) if published else None
    drop_unwritten(staging, aside, kept, settled)
    pelican_object.settings[SETTLED_KEY] = settled
    pelican_object.settings[FILES_KEY] = kept  # for the sitemap: no walk again
    pelican_object.settings[REMOVALS_KEY].append(remove_meanwhile(aside))


def _connect_first() -> None:
    from pelican.plugins import signals

    signals.finalized.connect(drop_leftovers)


_connect_first()


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def read_site_settings(
    settings_file: str | Path,
    *,
    content: str | Path | None = None,
    chapters: str | Path | None = None,
    output: str | Path | None = None,
    build_date: str | None = None,
) -> dict:
    """Pelican settings from ``settings_file`` with the command line's overrides."""
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    base = Path(settings["PATH"])
    # Absolute, but links not resolved: the walk reports a symbolic link at
    # chapters/ or content/ (or between them and the repository) instead of
    # following it to wherever it points.
    chapters_path = Path(os.path.abspath(chapters or base / settings["CHAPTERS_PATH"]))
    content_path = Path(
        os.path.abspath(content or base / settings["CHAPTERS_CONTENT_PATH"])
    )
    root = Path(os.path.commonpath([chapters_path, content_path]))
    override = {
        "PATH": str(root),
        "CHAPTERS_PATH": str(chapters_path),
        "CHAPTERS_CONTENT_PATH": str(content_path),
    }
    if chapters or content:
        # The cache belongs to the repository it describes, not to this project.
        override["CACHE_PATH"] = str(root / "cache")
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    if build_date:
        override["CHAPTERS_BUILD_DATE"] = build_date
    return read_settings(str(settings_file), override=override)


def parse_settings(settings: dict) -> SiteSettings:
    """Every plugin's settings parsed once, all problems together; SettingsError."""
    return site_settings(settings)


def check(
    settings: dict,
    fmt: str = "text",
    out: TextIO = sys.stdout,
    changed: Collection[str] | None = None,
    summary: Path | None = None,
    strict: bool = False,
) -> int:
    """Validate the whole repository; print every problem; 0 when clean.

    Warnings (see ``content_warnings``; CODEOWNERS out of date) follow the
    errors; on their own they leave the status 0, unless ``strict`` makes the
    content's warnings errors. In the github format, ``changed`` (paths
    relative to the repository) marks problems in other files, and the
    Markdown report is appended to ``summary``.
    """
    try:
        chapter = parse_settings(settings).chapters
    except SettingsError as error:
        print(one_line(f"settings: {error}"), file=out)
        return 2
    federation, problems = load_federation(chapter)
    warnings = content_warnings(federation, chapter.build_date)
    if strict:
        problems, warnings = at_most_per_file(problems + as_errors(warnings)), []
    else:  # as many listed per file as errors: 40 iframes are not 40 lines
        warnings = at_most_per_file(warnings)
    if not problems:  # a broken profile would make CODEOWNERS look out of date
        warnings += _codeowners_problems(federation, chapter, settings)
    if fmt == "github":
        print(github_log(problems + warnings, changed), file=out)
        if summary:
            with open(summary, "a", encoding="utf-8") as file:
                file.write(step_summary(problems + warnings, changed))
    elif problems or warnings:
        print(format_report(problems + warnings, fmt), file=out)
    if problems:
        return 1
    if fmt == "text":
        print(
            f"ok: {len(federation.chapters)} chapters and {len(federation.items)} items "
            "are valid",
            file=out,
        )
    return 0


def codeowners_file(chapter, settings: dict) -> tuple[Path, str | None]:
    """Where CODEOWNERS lives (beside chapters/) and what it should say.

    None while any content has errors: the admins of a chapter whose profile
    is broken would otherwise lose their review rights.
    """
    repository = chapter.chapters_path.parent
    federation, problems = load_federation(chapter)
    text = None
    if not problems:
        text = codeowners_text(
            federation.chapters, chapter.chapters_path.name, chapter.maintainers
        )
    return repository / ".github" / "CODEOWNERS", text


def _codeowners_problems(federation, chapter, settings: dict) -> list:
    """Checked where the repository has a .github/ folder, i.e. lives on GitHub."""
    repository = chapter.chapters_path.parent
    if not (repository / ".github").is_dir():
        return []
    expected = codeowners_text(
        federation.chapters, chapter.chapters_path.name, chapter.maintainers
    )
    problem = codeowners_problem(
        repository / ".github" / "CODEOWNERS", expected, ".github/CODEOWNERS"
    )
    return [problem] if problem else []


def build(settings: dict, out: TextIO = sys.stdout, strict: bool = False) -> int:
    """Validate, then build into a temporary folder and swap it into place on success.

    On any error nothing is published: the previous output stays byte for byte.
    Errors of the OS (a full disk, a read-only folder) are one line each.
    """
    try:
        site = parse_settings(settings)
    except SettingsError as error:
        print(one_line(f"settings: {error}"), file=out)
        return 2
    later: list[Callable[[], None]] = []  # the cache's save, while the children render
    try:
        with gcfreeze.sparing():  # the model, out of collections to the end
            return _validate_and_build(site, settings, out, strict, later)
    finally:
        run_meanwhile(later)  # if the build did not fork, or stopped first


def _validate_and_build(
    site: SiteSettings,
    settings: dict,
    out: TextIO,
    strict: bool,
    later: list[Callable[[], None]],
) -> int:
    output = Path(settings["OUTPUT_PATH"]).resolve()
    refused = output_problem(
        output,
        Path(settings["PATH"]),
        (Path(settings["CHAPTERS_PATH"]), Path(settings["CHAPTERS_CONTENT_PATH"])),
    )
    if refused:
        print(one_line(f"build stopped: {refused}; nothing was changed"), file=out)
        return 1
    try:
        with contextlib.ExitStack() as held:
            early = _Early.hold(output, settings, held)
            return _checked_build(
                output, site, settings, out, strict, later, early, held
            )
    except OutputBusy as busy:
        print(one_line(f"build stopped: {busy}"), file=out)
        return 1
    except OSError as error:
        _report_os_error(error, output, "build elsewhere with --output", out)
        return 1


class _Early:
    """The output's lock, taken as the build starts, and a new staging folder
    whose folders a forked process makes (``mirror_folders``) while the build
    reads the repository; or neither.

    Where no spare site waits to be reused, a build writes into a new folder,
    and making its thousands of folders is most of a one-post rebuild on some
    disks (docs/performance.md): started before the repository is read, the
    process has the other core while the build loads its model, instead of
    starting after it. Only while holding the lock (``recover`` deletes
    staging folders it finds). Where the lock cannot be taken at the start
    (another build has it, the folder is not writable), the build checks the
    content first and meets that again after, as a build without problems in
    its content would: a writer sees their content's report first.
    """

    def __init__(self, locked: bool = False):
        self.locked = locked
        self.staging: Path | None = None
        self.mirror: FolderMirror | None = None

    @classmethod
    def hold(cls, output: Path, settings: dict, held: contextlib.ExitStack) -> _Early:
        """Take the lock into ``held`` and start the folders where they are wanted."""
        taking = contextlib.ExitStack()
        try:
            taking.enter_context(output_lock(output))
            recover(output)
        except (OutputBusy, OSError):
            taking.close()
            return cls()
        except BaseException:
            taking.close()
            raise
        early = cls(locked=True)
        held.enter_context(taking)
        held.callback(early.discard)  # before the lock is let go
        spare = spare_folder(output)
        if not (spare.exists() or spare.is_symlink()) and can_mirror(output):
            # an error here is met again, and reported, after the content's check
            with contextlib.suppress(OSError):
                early.staging, early.mirror = _new_staging(output, settings)
        return early

    def take(self) -> tuple[Path, FolderMirror] | None:
        """The staging folder and its mirror, for the build to write into; once."""
        if self.staging is None or self.mirror is None:
            return None
        taken = (self.staging, self.mirror)
        self.staging = self.mirror = None
        return taken

    def discard(self) -> None:
        """Delete the folder if the build did not take it (content errors)."""
        if self.staging is not None:
            _discard(self.staging, self.mirror)
        self.staging = self.mirror = None


def _new_staging(output: Path, settings: dict) -> tuple[Path, FolderMirror | None]:
    """A new empty staging folder, and the process making the published site's
    folders in it (None where none can run)."""
    staging = staging_folder(output)
    theme = settings.get("THEME_STATIC_DIR", "theme")
    return staging, mirror_folders(output, staging, (theme,))


def _checked_build(
    output: Path,
    site: SiteSettings,
    settings: dict,
    out: TextIO,
    strict: bool,
    later: list[Callable[[], None]],
    early: _Early,
    held: contextlib.ExitStack,
) -> int:
    try:
        # the interface's catalogues, compiled while the workers parse
        catalogues = partial(compile_ahead, compiled=compiled_catalogues(settings))
        federation, problems = load_with_cache(site, settings, later, catalogues)
    except OSError as error:  # the model's cache could not be written
        where = Path(settings["CACHE_PATH"])
        _report_os_error(error, where, "set CACHE_PATH to a writable folder", out)
        return 1
    warnings = content_warnings(federation, site.chapters.build_date)
    if strict:
        problems, warnings = at_most_per_file(problems + as_errors(warnings)), []
    else:  # as many listed per file as errors: 40 iframes are not 40 lines
        warnings = at_most_per_file(warnings)
    if problems:
        print(format_report(problems), file=out)
        print(
            "build stopped: nothing was published, the previous site is unchanged",
            file=out,
        )
        return 1
    if warnings:
        print(format_report(warnings), file=out)
    index = build_index(federation, site)
    gcfreeze.spare()  # the model and the index live to the build's end
    if not early.locked:  # OutputBusy or OSError here, as before the content was read
        held.enter_context(output_lock(output))
        recover(output)
    settings = {**settings, MEANWHILE_KEY: later}
    return _build_into(output, settings, index, out, early.take())


def _build_into(
    output: Path,
    settings: dict,
    index: SiteIndex,
    out: TextIO,
    early: tuple[Path, FolderMirror] | None = None,
) -> int:
    """Run Pelican into a staging folder and publish it; hold the output lock.

    The staging folder is the site the last build replaced, where there is
    one (plugins/output.py): files are overwritten in place instead of made
    anew, and the site this build replaces becomes the next one's. Should
    anything of it stand in the way (a file where this build makes a folder),
    the build starts again in an empty folder. ``early``: a new staging
    folder and its folder mirror, started before the repository was read
    (``_Early``), where no spare site waits.
    """
    reused = reused_staging(output) if early is None else None
    if reused is not None:
        try:
            return _build_in(reused, output, settings, index, out, reused=True)
        except _Afresh:
            gcfreeze.respare()  # the site begun there was spared at the fork
    if early is not None:
        staging, mirror = early
    elif reused is None:
        staging, mirror = _new_staging(output, settings)
    else:  # the spare got in the way: an empty folder, nothing to mirror
        staging, mirror = staging_folder(output), None
    if mirror is not None:
        try:
            return _build_in(staging, output, settings, index, out, True, mirror)
        except _Afresh:
            gcfreeze.respare()
            staging = staging_folder(output)
        finally:
            mirror.join()
    return _build_in(staging, output, settings, index, out)


class _Afresh(Exception):
    """The reused staging folder got in the way: build in an empty one."""


def _build_in(
    staging: Path,
    output: Path,
    settings: dict,
    index: SiteIndex,
    out: TextIO,
    reused: bool = False,
    mirror: FolderMirror | None = None,
) -> int:
    """``reused``: ``staging`` is the last build's spare site, not yet emptied
    of what this build does not write (``drop_leftovers`` does, before the
    sitemap and the search index read the folder), or a new folder that
    ``mirror`` is filling with the published site's folders."""
    removals: list[threading.Thread] = []  # see drop_leftovers
    try:
        return _build_and_publish(
            staging, output, settings, index, out, reused, removals, mirror
        )
    finally:
        for removal in removals:
            removal.join()


def _build_and_publish(
    staging: Path,
    output: Path,
    settings: dict,
    index: SiteIndex,
    out: TextIO,
    reused: bool,
    removals: list[threading.Thread],
    mirror: FolderMirror | None,
) -> int:
    from pelican import Pelican
    from pelican.log import console

    counter = _ErrorCounter()
    write_errors = _OSErrorsLogged()
    for handler in (counter, write_errors):
        logging.getLogger().addHandler(handler)
    # Pelican's own summary counts only its own generators ("0 articles"); ours follows.
    was_quiet, console.quiet = console.quiet, True
    try:
        site = Pelican(
            {
                **settings,
                "OUTPUT_PATH": str(staging),
                "DELETE_OUTPUT_DIRECTORY": False,
                SITE_KEY: index,  # read and checked above: the walk is not repeated
                RUNNER_KEY: True,
                REUSED_KEY: reused,
                REMOVALS_KEY: removals,
                MIRROR_KEY: mirror,
                PUBLISHED_KEY: str(output),
                STARTED_KEY: time.time_ns(),
                # "today" is resolved once, so a build crossing midnight is consistent
                "CHAPTERS_BUILD_DATE": index.build_date.isoformat(),
            }
        )
        site.run()
        if write_errors.errors:
            raise write_errors.errors[0]
    except ContentError as error:
        print(format_report(error.diagnostics), file=out)
        counter.count += 1
    except BaseException as error:
        _discard(staging, mirror)  # a crash publishes nothing either
        if reused and _in_the_way(error, mirror):
            raise _Afresh from error
        raise
    finally:
        for handler in (counter, write_errors):
            logging.getLogger().removeHandler(handler)
        console.quiet = was_quiet
    if counter.count:
        _discard(staging, mirror)
        print(
            f"build failed with {counter.count} error(s): nothing was published, "
            "the previous site is unchanged",
            file=out,
        )
        return 1
    try:
        publish(staging, output, True, site.settings.get(SETTLED_KEY))
    except BaseException:  # nothing was swapped: the new site goes
        _discard(staging, mirror)
        raise
    print(
        one_line(
            f"built {len(index.chapters)} chapters and "
            f"{len(index.federation.items)} items into {output} "
            f"(build date {index.build_date.isoformat()})"
        ),
        file=out,
    )
    return 0


def _in_the_way(error: BaseException, mirror: FolderMirror | None) -> bool:
    """Whether what a reused staging folder held may have caused ``error``.

    A spare site holds files and folders, either may stand where this build
    makes the other. A folder of mirrored folders only holds folders: only
    where this build writes a file (EISDIR); any other error would come again.
    """
    if not isinstance(error, OSError):
        return False
    return mirror is None or error.errno == errno.EISDIR


def _discard(staging: Path, mirror: FolderMirror | None) -> None:
    """Delete a staging folder nothing will publish, once nothing makes folders
    in it (its mirror is stopped, not waited for)."""
    if mirror is not None:
        mirror.stop()
    shutil.rmtree(staging, ignore_errors=True)


class _OSErrorsLogged(logging.Handler):
    """OS errors that Pelican logs as warnings and goes on (a static file not copied).

    A site missing files is not published: the build stops with the first one.
    """

    def __init__(self):
        super().__init__(logging.WARNING)
        self.errors: list[OSError] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        self.errors.extend(arg for arg in args if isinstance(arg, OSError))


def _report_os_error(error: OSError, where: Path, instead: str, out: TextIO) -> None:
    print(
        one_line(
            f"build stopped: {os_error_message(error, where, instead)}; "
            "nothing was published, the previous site is unchanged"
        ),
        file=out,
    )
