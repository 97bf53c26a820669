"""Pelican generator writing the Atom and RSS feeds of the site, chapters and areas."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.feeds import Feed, tag_uri
from ..site.shares import owns
from ..site.words import event_when
from .entries import (
    Entry,
    absolutize_html,
    aware,
    choose_entries,
    entry_updated,
    event_details_html,
    feed_updated,
)
from .render import atom_xml, opml_xml, rss_xml

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class FeedsGenerator(Generator):
    """Writes /atom.xml, /rss.xml, each chapter's and area's pair, and /feeds.opml."""

    def generate_context(self) -> None:
        pass  # the feeds and their streams are in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        pages = self.context["pages"]
        catalogue = site.feeds
        scopes: list[tuple[Feed, list]] = [(catalogue.site, list(site.items))]
        scopes += [
            (catalogue.chapters[slug], site.chapter_streams[slug])
            for slug in site.chapters
        ]
        scopes += [
            (feed, site.area_streams.get(key, []))
            for key, feed in catalogue.areas.items()
        ]
        scopes += [
            (feed, site.language_streams[lang])
            for lang, feed in catalogue.languages.items()
        ]

        zone = zoneinfo.ZoneInfo(site.settings.timezone)
        limit = site.settings.feeds.max_items
        # A feed's Atom and RSS files are made from the same entries: both go
        # with the share of the Atom file's path (plugins/site/shares.py).
        chosen = [
            (feed, choose_entries(stream, limit))
            for feed, stream in scopes
            if owns(writer, feed.atom)
        ]
        # Each item's entry is made once, for every feed it is in, and let go
        # after its last feed: the entries of the whole site are never held
        # at once (each is a copy of the item's HTML).
        uses = Counter(item.path for _, items in chosen for item in items)
        entries: dict[str, Entry] = {}
        for feed, items in chosen:
            feed_entries = []
            for item in items:
                if item.path not in entries:
                    entries[item.path] = self._entry(pages[item.path], site, zone)
                feed_entries.append(entries[item.path])
                uses[item.path] -= 1
                if not uses[item.path]:
                    del entries[item.path]
            self._write_feed(feed, feed_entries, site)

        if owns(writer, urls.OPML):
            site_title = f"Feeds of {site.settings.site_name}"
            self._write(
                urls.OPML,
                opml_xml(site_title, catalogue.all(), site.settings.base_url),
            )

    def _entry(self, content, site: SiteIndex, zone: dt.tzinfo) -> Entry:
        settings = site.settings
        url = site.absolute(content.url)
        hosts = settings.chapters.iframe_hosts
        published = aware(content.date, zone)
        modified = getattr(content, "modified", None)
        body, summary = content.content, content.summary or ""
        item = content.item
        if item.starts is not None:  # an event: when and where come first
            when = event_when(item.starts, item.ends, site.zone_of(item))
            details = event_details_html(when, item.location, item.online)
            body, summary = details + body, details + summary
        absolute = absolutize_html(body, url, hosts)
        return Entry(
            id=tag_uri(settings.authority, settings.feeds.tag_year, content.url),
            url=url,
            title=content.title,
            content=absolute,
            # A one-paragraph text is its own summary: cleaned once.
            summary=absolute
            if summary == body
            else absolutize_html(summary, url, hosts),
            authors=tuple(str(author) for author in getattr(content, "authors", ())),
            tags=tuple(str(tag) for tag in getattr(content, "tags", ())),
            lang=content.lang,
            published=published,
            updated=entry_updated(published, modified and aware(modified, zone)),
        )

    def _write_feed(self, feed: Feed, entries: list[Entry], site: SiteIndex) -> None:
        settings = site.settings
        updated = feed_updated(entries, site.build_date)
        self._write(
            feed.atom,
            atom_xml(
                feed,
                entries,
                base_url=settings.base_url,
                feed_id=tag_uri(settings.authority, settings.feeds.tag_year, feed.atom),
                updated=updated,
                author=settings.site_name,
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
