"""Pelican adapter: the /search/ page, each page's search record, the index after the build."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.lazy import LazyValues
from .indexer import IndexingError, index_site
from .records import record_makers, search_records

if TYPE_CHECKING:
    from ..site.index import SiteIndex

logger = logging.getLogger(__name__)


class SearchGenerator(Generator):
    """Gives every template ``search_records`` (base.html marks indexed pages) and
    writes /search/."""

    def generate_context(self) -> None:
        site: SiteIndex = self.context["site"]
        # each made when its page is rendered: a rebuild that reuses most pages
        # needs few of them (nor Babel's data of the countries' own languages)
        self.context["search_records"] = LazyValues(lambda: record_makers(site))

    def generate_output(self, writer) -> None:
        writer.write_file(
            urls.page_file(urls.SEARCH),
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="search",
            url=urls.SEARCH,
        )


def write_index(pelican_object) -> None:
    """After every page is written (into the staging folder under `invoke build`).

    Where the staging folder is the previous site, overwritten in place, the
    runner has deleted what this build did not write, the old index included
    (plugins/runner.py, ``drop_leftovers``): Pagefind reads this build's pages
    only and writes the index from nothing. A failure is logged as an error:
    the runner counts it and publishes nothing. The figures go with the log
    record (``search_index``), for the bench.
    """
    site: SiteIndex | None = pelican_object.settings.get("CHAPTERS_SITE")
    if site is None:  # the content plugin did not load a site: nothing was written
        return
    if not site.settings.search.index:
        logger.warning(
            "Search index skipped (SEARCH_INDEX = False): /search/ finds nothing"
        )
        return
    output = Path(pelican_object.output_path)
    try:
        stats = index_site(
            output, site.settings.default_lang, pages=search_records(site)
        )
    except IndexingError as error:
        logger.error(
            "Search index: %s (check that `pip install -e .` installed pagefind)",
            error,
        )
        return
    logger.info(
        "Search index: %s pages, %s files, %s bytes in %.2f s "
        "(Pagefind's CPU time %.2f s, peak memory %s KB)",
        stats.pages,
        stats.files,
        stats.bytes,
        stats.seconds,
        stats.cpu_seconds,
        stats.peak_kb,
        extra={"search_index": stats},
    )
