"""Pelican generator writing the Atom and RSS feeds of the site, chapters and areas."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from pelican.generators import Generator

from ..rollup.tree import area_streams, streams
from .catalogue import OPML_PATH, Catalogue, Feed
from .entries import (
    Entry,
    absolute_url,
    absolutize_html,
    aware,
    choose_entries,
    entry_updated,
    feed_updated,
    tag_uri,
)
from .render import atom_xml, opml_xml, rss_xml
from .settings import FeedsSettings, feeds_settings


class FeedsGenerator(Generator):
    """Writes /atom.xml, /rss.xml, each chapter's and area's pair, and /feeds.opml."""

    def generate_context(self) -> None:
        pass  # the catalogue is put in the context once all content is read

    def generate_output(self, writer) -> None:
        settings = feeds_settings(self.settings)
        catalogue: Catalogue = self.context["feeds"]
        items = self.context["chapter_items"]
        chapters = self.context["federation"].chapters

        scopes: list[tuple[Feed, list]] = [(catalogue.site, items)]
        by_chapter = streams(items, {slug: c.parent for slug, c in chapters.items()})
        scopes += [(catalogue.chapters[slug], by_chapter[slug]) for slug in chapters]
        by_area = area_streams(items, {slug: c.area for slug, c in chapters.items()})
        scopes += [
            (feed, by_area.get(key, [])) for key, feed in catalogue.areas.items()
        ]

        zone = zoneinfo.ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        entries: dict[str, Entry] = {}  # each item is rendered once, for every feed
        for feed, stream in scopes:
            chosen = []
            for content in choose_entries(stream, settings.max_items):
                if content.item.path not in entries:
                    entries[content.item.path] = self._entry(content, settings, zone)
                chosen.append(entries[content.item.path])
            self._write_feed(feed, chosen, settings)

        site_title = f"Feeds of {self.settings['SITENAME']}"
        self._write(OPML_PATH, opml_xml(site_title, catalogue.all(), settings.base_url))

    def _entry(self, content, settings: FeedsSettings, zone: dt.tzinfo) -> Entry:
        url = absolute_url(settings.base_url, content.url)
        hosts = self.settings.get("CHAPTERS_IFRAME_HOSTS", ())
        published = aware(content.date, zone)
        modified = getattr(content, "modified", None)
        return Entry(
            id=tag_uri(settings.tag_authority, settings.tag_year, content.url),
            url=url,
            title=content.title,
            content=absolutize_html(content.content, url, hosts),
            summary=absolutize_html(content.summary or "", url, hosts),
            authors=tuple(str(author) for author in getattr(content, "authors", ())),
            tags=tuple(str(tag) for tag in getattr(content, "tags", ())),
            lang=content.lang,
            published=published,
            updated=entry_updated(published, modified and aware(modified, zone)),
        )

    def _write_feed(
        self, feed: Feed, entries: list[Entry], settings: FeedsSettings
    ) -> None:
        build_date: dt.date = self.context["build_date"]
        updated = feed_updated(entries, build_date)
        self._write(
            feed.atom,
            atom_xml(
                feed,
                entries,
                base_url=settings.base_url,
                feed_id=tag_uri(settings.tag_authority, settings.tag_year, feed.atom),
                updated=updated,
                author=self.settings["SITENAME"],
            ),
        )
        self._write(
            feed.rss,
            rss_xml(feed, entries, base_url=settings.base_url, updated=updated),
        )

    def _write(self, path: str, data: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
