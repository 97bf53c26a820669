"""Pelican adapter of plugins/site/shares.py: the output written by several processes.

On ``get_writer`` (every generator's context is ready, nothing is written
yet) the build forks into ``CHAPTERS_JOBS`` processes. Each child runs every
generator's ``generate_output`` with a ``ShareWriter`` of its share and exits;
the main process returns to Pelican, writes share 0 and joins the children
at the end of the last generator's output, before ``finalized`` (whose first
receiver, the runner's ``drop_leftovers``, deletes what was not written).
"""

from __future__ import annotations

import contextlib
import logging
import os

from jinja2 import TemplateError
from pelican.generators import SourceFileGenerator, StaticGenerator
from pelican.writers import Writer

from ..model.pool import usable_jobs
from ..site import shares
from .loader import SITE_KEY

logger = logging.getLogger(__name__)

# Where all_generators_finalized leaves the generators for the fork on get_writer.
GENERATORS_KEY = "CHAPTERS_OUTPUT_GENERATORS"
# They copy files without the writer: only the main process runs them.
_MAIN_PROCESS_ONLY = (StaticGenerator, SourceFileGenerator)


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

    def write_file(self, name, template, context, *args, **kwargs):
        if self.share is not None and self.share.count > 1:
            template = _ShareTemplate(template, self.share)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if self.share is not None and not self.share.owns(
            os.path.relpath(filename, self._root)
        ):
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


class _ShareTemplate:
    """A Jinja template that renders only the pages of one share."""

    def __init__(self, template, share: shares.Share):
        self._template = template
        self._share = share

    def render(self, context) -> str:
        if self._share.owns(context["output_file"]):
            return self._template.render(context)
        return ""

    def __getattr__(self, name):
        return getattr(self._template, name)


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
                generator.generate_output, processes, joins=generator is outputs[-1]
            )
    return ShareWriter


def join_outputs(pelican_object) -> None:
    """``finalized``: wait for the other output processes (idempotent)."""
    shares.join(pelican_object)


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
    for name in loaders[0].list_templates():
        if name.endswith(".html"):
            # A broken template fails the build where a generator loads it,
            # as in one process; one no generator loads does not.
            with contextlib.suppress(TemplateError):
                env.get_template(name)


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


def _stopping(generate_output, processes: shares.Processes, joins: bool):
    """``generate_output`` that kills the children if it fails in the main process,
    so none writes into the staging folder the runner then deletes.

    The last output's (``joins``) then waits for the children: the site is
    whole before Pelican sends ``finalized``, whose first receiver (the
    runner's ``drop_leftovers``) deletes from a reused staging folder every
    file this build has not written yet.
    """

    def guarded(writer):
        try:
            generate_output(writer)
            if joins:
                processes.join()
        except BaseException:
            processes.stop()
            raise

    return guarded
