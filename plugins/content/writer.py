"""Pelican adapter of plugins/site/shares.py: the output written by several processes.

On ``get_writer`` (every generator's context is ready, nothing is written
yet) the build forks into ``CHAPTERS_JOBS`` processes. Each child runs every
generator's ``generate_output`` with a ``ShareWriter`` of its share and exits;
the main process returns to Pelican, runs only the generators that copy files
without a writer (static files) and joins the children at the end of the
last generator's output, before ``finalized`` (whose first receiver, the
runner's ``drop_leftovers``, deletes what was not written).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from pelican.contents import Content
from pelican.generators import SourceFileGenerator, StaticGenerator
from pelican.writers import Writer

from ..model.pool import usable_jobs
from ..output import (
    MIRROR_KEY,
    PUBLISHED_KEY,
    REMOVALS_KEY,
    REUSED_KEY,
    STARTED_KEY,
)
from ..site import pagecache, shares
from .compiled import CODES_KEY, compile_all
from .loader import RUNNER_KEY, SITE_KEY, cache_enabled

logger = logging.getLogger(__name__)

# Where all_generators_finalized leaves the generators for the fork on get_writer.
GENERATORS_KEY = "CHAPTERS_OUTPUT_GENERATORS"
# They copy files without the writer: only the main process runs them.
_MAIN_PROCESS_ONLY = (StaticGenerator, SourceFileGenerator)
# The site digest of this build's pages (plugins/site/pagecache.py), None
# without the page cache; and the cache of a build in one process, saved on
# finalized.
DIGEST_KEY = pagecache.DIGEST_KEY
PAGE_CACHE_KEY = "CHAPTERS_PAGE_CACHE"
# The code files the digest hashed (checked again before a manifest is kept).
CODE_FILES_KEY = "CHAPTERS_PAGES_CODE"
# Settings that say where files go or carry this build's objects, not what
# a page shows (the output is the same with any CHAPTERS_JOBS).
_NOT_SHOWN = frozenset(
    {
        "OUTPUT_PATH",
        "CACHE_PATH",
        "CHAPTERS_JOBS",
        "CHAPTERS_CACHE",
        SITE_KEY,
        RUNNER_KEY,
        REUSED_KEY,
        REMOVALS_KEY,
        MIRROR_KEY,
        PUBLISHED_KEY,
        STARTED_KEY,
        CODES_KEY,
        GENERATORS_KEY,
        DIGEST_KEY,
        PAGE_CACHE_KEY,
        CODE_FILES_KEY,
        shares.PROCESSES_KEY,
        shares.MEANWHILE_KEY,
    }
)
_PLUGINS = Path(__file__).resolve().parents[1]


class ShareWriter(Writer):
    """Pelican's writer, rendering and writing only the files of this process's share.

    Pelican's ``write_file`` renders inside (one call may write several pages
    of a listing): the template renders nothing for a page of another share,
    and the file is not opened.
    """

    def __init__(self, output_path, settings=None, share: shares.Share | None = None):
        super().__init__(output_path, settings=settings)
        if share is None:
            processes = (settings or {}).get(shares.PROCESSES_KEY)
            share = processes.share if processes is not None else None
        self.share = share
        self._root = os.path.abspath(output_path)
        self.pages = _page_cache(settings or {}, share)

    def write_file(self, name, template, context, *args, **kwargs):
        multiple = self.share is not None and self.share.count > 1
        if not args and _one_page(name, kwargs):
            # Pelican's way for one page copies the context, renders, makes
            # its folder and opens a file, even for nothing (another share's
            # page) or to write the published page's bytes again.
            if multiple and not self.share.owns(name):
                return None
            if self.pages is not None and self._reuse(name, kwargs):
                return None
        if multiple or self.pages is not None:
            template = _ShareTemplate(
                template,
                self.share if multiple else None,
                self.pages,
                _bodies(kwargs.values()),
            )
        return super().write_file(name, template, context, *args, **kwargs)

    def _reuse(self, name: str, kwargs) -> bool:
        """Write the page at ``name`` as the published one if the page cache
        has it under this build's key, without rendering it; False if not."""
        filename = os.path.join(self._root, name)
        if filename in self._written_files:  # Pelican's own handling of a second write
            return False
        cache = self.pages.cache
        key = pagecache.page_key(self.pages.digest, name, _bodies(kwargs.values()))
        published = cache.published_file(name)
        status = cache.same_file(name, key)
        # the page's folder, which Pelican's way makes too where this fails
        os.makedirs(os.path.dirname(filename), exist_ok=True)
        if status is not None and pagecache.link_published(
            filename, published, status.st_size
        ):  # the published file, unread
            cache.keep(name, status)
        else:  # read and checked
            data = cache.get_bytes(name, key)
            if data is None:
                return False
            pagecache.write_unless_same(
                filename, data, cache.times.pop(name), published
            )
            cache.wrote(name, os.lstat(filename))
        self._written_files.add(filename)  # as Pelican's _open_w records it
        return True

    def _open_w(self, filename, encoding, override=False):
        path = os.path.relpath(filename, self._root)
        if self.share is not None and not self.share.owns(path):
            return open(os.devnull, "w", encoding=encoding)
        return self._open_page(filename, encoding, override, path)

    def _open_page(self, filename, encoding, override, path):
        """Pelican's ``_open_w`` for a file of this share, written only if it changed."""
        times = self.pages.cache.times.pop(path, None) if self.pages else None
        if override or filename in self._written_files:
            # Pelican's own handling of a second write (override, or its error)
            kept = filename in self._overridden_files  # Pelican writes to devnull
            if not kept:
                _unlink_if_shared(filename)  # Pelican truncates what is there
            file = super()._open_w(filename, encoding, override)
            if times is None or kept:
                return file
            return _KeepingTime(file, filename, times)
        self._written_files.add(filename)  # as Pelican's _open_w records it
        if self.pages is None:
            return _UnlessSame(filename, encoding, times)
        cache = self.pages.cache
        return _UnlessSame(
            filename,
            encoding,
            times,
            cache.published_file(path) if times else None,
            wrote=lambda status: cache.wrote(path, status),
        )


def _unlink_if_shared(filename: str) -> None:
    """Delete the file at ``filename`` if it has other links: a page linked to
    the published one (``pagecache.link_published``), which writing into
    would change."""
    try:
        if os.lstat(filename).st_nlink > 1:
            os.unlink(filename)
    except FileNotFoundError:
        pass


class _KeepingTime:
    """A page file that, once written, gets the published page's times: its
    bytes are the published ones (a page taken from the page cache), which
    publishing then sees without reading both (``output.keep_unchanged_times``)."""

    def __init__(self, file, filename: str, times: tuple[int, int]):
        self._file = file
        self._filename = filename
        self._times = times

    def __enter__(self):
        return self._file.__enter__()

    def __exit__(self, *failure):
        ended = self._file.__exit__(*failure)
        if failure[0] is None:
            os.utime(self._filename, ns=self._times)
        return ended


class _UnlessSame:
    """A page file written only if its bytes differ from the file already there.

    A rebuild writes into the site the last build replaced: most of its pages
    are already the bytes this build makes, and truncating and writing each
    again costs more than reading it. An equal file is only given its new
    time (``times``, the published page's for a page the page cache reused;
    now otherwise), which marks it written (plugins/output.py). A reused page
    becomes a hard link to the ``published`` one (``pagecache.link_published``).
    ``wrote`` gets the file's status once it is there (the page cache records
    its identity: ``PageCache.wrote``).
    """

    def __init__(
        self,
        filename: str,
        encoding: str,
        times: tuple[int, int] | None,
        published: str | None = None,
        wrote: Callable[[os.stat_result], None] | None = None,
    ):
        self._filename = filename
        self._encoding = encoding
        self._times = times
        self._published = published
        self._wrote = wrote
        self._parts: list[str] = []

    def __enter__(self):
        return self

    def write(self, text: str) -> int:
        self._parts.append(text)
        return len(text)

    def __exit__(self, *failure):
        if failure[0] is not None:
            return False
        self._write()
        if self._wrote is not None:
            self._wrote(os.lstat(self._filename))
        return False

    def _write(self) -> None:
        text = "".join(self._parts)
        data = text.encode(self._encoding)
        if self._published is not None and pagecache.link_published(
            self._filename, self._published, len(data)
        ):
            return  # the published page itself, with its times
        if not pagecache.holds(self._filename, data):
            # as Pelican writes (text mode: its line endings where they differ)
            with open(self._filename, "w", encoding=self._encoding) as file:
                file.write(text)
            if self._times is None:
                return
        if self._times is None:
            os.utime(self._filename)  # now: written by this build
        else:
            os.utime(self._filename, ns=self._times)


class _ShareTemplate:
    """A Jinja template that renders only the pages of one share (all without
    ``share``), each taken from the last build's site when its key is the same
    (``pages``; ``bodies``: what the page shows in full besides the digest)."""

    def __init__(
        self,
        template,
        share: shares.Share | None,
        pages: pagecache.SharePages | None = None,
        bodies: tuple[str, ...] = (),
    ):
        self._template = template
        self._share = share
        self._pages = pages
        self._bodies = bodies

    def render(self, context) -> str:
        path = context["output_file"]
        if self._share is not None and not self._share.owns(path):
            return ""
        if self._pages is None:
            return self._template.render(context)
        key = pagecache.page_key(self._pages.digest, path, self._bodies)
        text = self._pages.cache.get(path, key)
        if text is None:
            text = self._template.render(context)
            self._pages.cache.put(path, key, text)
        return text

    def __getattr__(self, name):
        return getattr(self._template, name)


def _page_cache(settings, share: shares.Share | None) -> pagecache.SharePages | None:
    """The page cache of this writer's share; None without a digest (cache off)."""
    digest = settings.get(DIGEST_KEY)
    if not digest:
        return None
    if share is not None and not share.writes_any:  # the main process of a fork
        return None
    index, count = (share.index, share.count) if share else (0, 1)
    folder = pagecache.cache_folder(settings["CACHE_PATH"], index, count)
    cache = pagecache.PageCache(folder, settings[PUBLISHED_KEY])
    pages = pagecache.SharePages(
        cache, digest, settings.get(CODE_FILES_KEY, ()), settings.get(STARTED_KEY)
    )
    if share is None:  # a build in one process: saved on finalized (join_outputs)
        settings[PAGE_CACHE_KEY] = pages
    return pages


def _one_page(name, kwargs) -> bool:
    """Whether Pelican's ``write_file`` would write one page, at ``name`` as
    it is (a plain relative path), with nothing to paginate or override, and
    change nothing else."""
    return (
        isinstance(name, str)
        and name.endswith(".html")
        and not os.path.isabs(name)
        and os.path.normpath(name) == name
        and not name.startswith("..")
        and kwargs.get("paginated") is None
        and "articles" not in kwargs
        and "dates" not in kwargs
        and not kwargs.get("override_output")
        # relative addresses: Pelican's way sets the context's localsiteurl
        and not kwargs.get("relative_urls")
    )


def _bodies(values) -> tuple[str, ...]:
    """The bodies of the items a page shows in full (passed as Pelican contents)."""
    seen: dict[int, str] = {}
    for value in values:
        if isinstance(value, Content) and id(value) not in seen:
            seen[id(value)] = value._content or ""
    return tuple(seen.values())


def keep_generators(generators) -> None:
    """``all_generators_finalized``: the generators, for the fork before output."""
    if generators:
        generators[0].settings[GENERATORS_KEY] = generators


def split_output(pelican_object):
    """``get_writer``: fork the processes that write the output; our writer."""
    settings = pelican_object.settings
    generators = settings.pop(GENERATORS_KEY, None)
    settings[shares.PROCESSES_KEY] = None
    site = settings.get(SITE_KEY)
    if site is None or not generators:
        return ShareWriter
    count = shares.processes_count(usable_jobs(site.settings.chapters.jobs))
    settings[DIGEST_KEY] = _site_digest(generators, settings, site)
    if settings[DIGEST_KEY]:
        pagecache.drop_other_counts(settings["CACHE_PATH"], count)
    if count > 1:
        output_path = pelican_object.output_path
        _compile_templates(generators)
        _make_summaries(generators, settings)
        try:
            processes = shares.start(
                count,
                lambda share: _write_share(generators, output_path, settings, share),
            )
        except OSError as error:  # no process to spare (EAGAIN, ENOMEM): one writes all
            # str: an OSError among the arguments would fail the build (plugins/runner.py)
            logger.warning(
                "Output written in one process: cannot fork (%s)", str(error)
            )
            return ShareWriter
        settings[shares.PROCESSES_KEY] = processes
        outputs = [g for g in generators if hasattr(g, "generate_output")]
        for generator in outputs:
            generator.generate_output = _stopping(
                generator.generate_output,
                processes,
                runs=isinstance(generator, _MAIN_PROCESS_ONLY),
                joins=generator is outputs[-1],
                meanwhile=settings.get(shares.MEANWHILE_KEY),
            )
    return ShareWriter


def join_outputs(pelican_object) -> None:
    """``finalized``: wait for the output processes (idempotent); keep the page
    manifest of a build in one process."""
    shares.join(pelican_object)
    pages = pelican_object.settings.pop(PAGE_CACHE_KEY, None)
    if pages is not None:
        pages.save()


def _site_digest(generators, settings, site) -> str | None:
    """The digest every page's key starts from; None without the page cache.

    Only a build of the runner's (``invoke build``, ``livereload``) has a
    published site whose pages can be reused, and only with the content cache
    on. Listings show each item's summary, made here (as ``_make_summaries``
    would); with relative addresses every page has its own, and the digest
    takes whole bodies instead.
    """
    if not cache_enabled(settings) or not settings.get(PUBLISHED_KEY):
        return None
    context = next((g.context for g in generators if hasattr(g, "context")), {})
    contents = context.get("pages") or {}
    relative = settings.get("RELATIVE_URLS")

    def shown(item) -> str:
        content = contents.get(item.path)
        if relative or content is None:  # an unpublished item: as it is
            return item.html
        return content.summary or ""

    theme = [settings.get("THEME"), *settings.get("THEME_TEMPLATES_OVERRIDES", ())]
    code = _files([_PLUGINS, *(Path(t) for t in theme if t)])
    settings[CODE_FILES_KEY] = tuple(str(path) for path in code)
    try:
        return pagecache.site_digest(
            code=code,
            settings={k: v for k, v in settings.items() if k not in _NOT_SHOWN},
            federation=site.federation,
            shown=shown,
        )
    except (pagecache.Unkeyable, OSError) as error:
        logger.warning("Every page rendered: no page cache (%s)", error)
        return None


def _files(folders) -> list[Path]:
    """Every file under ``folders`` but compiled Python."""
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            found.extend(Path(root, name) for name in files)
    return found


def _compile_templates(generators) -> None:
    """Compile the theme's templates once, before the fork, not once per process.

    The generators' environments share their compiled code (``compiled.py``,
    or ``bytecode.py`` with the cache on): one compile of each template serves
    every environment in every process.
    """
    env = next((g.env for g in generators if hasattr(g, "env")), None)
    loaders = getattr(getattr(env, "loader", None), "loaders", None)
    if not loaders:  # not Pelican's ChoiceLoader, theme first: nothing to warm
        return
    names = [name for name in loaders[0].list_templates() if name.endswith(".html")]
    compile_all(env, names)


def _make_summaries(generators, settings) -> None:
    """Every item's summary, made once before the fork, not once per process.

    Listings of every share show them (Pelican keeps each by site address);
    with relative addresses every page has its own, so nothing is made here.
    """
    if settings.get("RELATIVE_URLS"):
        return
    context = next((g.context for g in generators if hasattr(g, "context")), {})
    for content in (context.get("pages") or {}).values():
        content.summary  # noqa: B018 (a property that keeps what it makes)


def _write_share(generators, output_path, settings, share: shares.Share) -> None:
    """In a child: what Pelican's run does after get_writer, for one share."""
    writer = ShareWriter(output_path, settings=settings, share=share)
    for generator in generators:
        if hasattr(generator, "generate_output") and not isinstance(
            generator, _MAIN_PROCESS_ONLY
        ):
            generator.generate_output(writer)
    if writer.pages is not None:
        writer.pages.save()


def _stopping(
    generate_output,
    processes: shares.Processes,
    runs: bool,
    joins: bool,
    meanwhile: list | None = None,
):
    """The main process's ``generate_output``: the children write every share,
    so it runs only where it copies files without the writer (``runs``), and
    kills the children if that fails, so none writes into the staging folder
    the runner then deletes.

    The last output's (``joins``) then does the work left for this moment
    (``meanwhile``: the runner saves the model's cache while the children
    render) and waits for the children: the site is whole before Pelican sends
    ``finalized``, whose first receiver (the runner's ``drop_leftovers``)
    deletes from a reused staging folder every file this build has not written
    yet.
    """

    def guarded(writer):
        try:
            if runs:
                generate_output(writer)
            if joins:
                shares.run_meanwhile(meanwhile)
                processes.join()
        except BaseException:
            processes.stop()
            raise

    return guarded
