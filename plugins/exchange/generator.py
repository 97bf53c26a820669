"""Pelican generator writing /exchange/ and /exchange/atom.xml."""

from __future__ import annotations

import zoneinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.shares import owns
from .board import groups, listings
from .feed import exchange_atom

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class ExchangeGenerator(Generator):
    """Every chapter's offers and asks on one page, by area, and a feed of changes."""

    def generate_context(self) -> None:
        pass  # the chapters and their facts are in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        settings = site.settings
        shown = listings(
            site.chapters,
            {slug: fact.last_updated for slug, fact in site.facts.items()},
            site.build_date,
        )
        feed = site.feeds.exchange
        writer.write_file(
            urls.page_file(urls.EXCHANGE),
            self.get_template("exchange"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="exchange",
            url=urls.EXCHANGE,
            page_name=urls.page_file(urls.EXCHANGE).removesuffix(".html"),
            groups=groups(shown, settings.chapters.areas),
            exchange_feed=feed,
        )
        if not owns(writer, feed.atom):  # another process writes it
            return
        target = Path(self.output_path) / feed.atom
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            exchange_atom(
                feed,
                shown,
                base_url=settings.base_url,
                authority=settings.authority,
                tag_year=settings.feeds.tag_year,
                zone=zoneinfo.ZoneInfo(settings.timezone),
                build_date=site.build_date,
                author=settings.site_name,
                limit=settings.feeds.max_items,
                chapter_pages=site.has("rollup"),
                # the feed is in the site's language, as the exchange page
                say=partial(self.env.filters["translated"], self.context),
            )
        )
