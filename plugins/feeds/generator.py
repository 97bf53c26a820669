"""Pelican generator writing the Atom and RSS feeds of the site, chapters and areas."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zoneinfo
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..model.items import Item
from ..site.feeds import Feed, tag_uri
from ..site.pagecache import DIGEST_KEY
from ..site.shares import owns, runs_of
from ..site.words import event_when
from .cache import FeedCache, cache_folder, drop_other_counts
from .entries import (
    Entry,
    Source,
    aware,
    choose_entries,
    entry_updated,
    event_details_html,
    feed_updated,
    make_entry,
    plain_datetime,
)
from .render import atom_xml, opml_xml, rss_xml

if TYPE_CHECKING:
    from ..site.index import SiteIndex


def feeds_written_here(
    chosen: list[tuple[Feed, list]], share
) -> list[tuple[Feed, list]]:
    """The feeds this process writes: a run of neighbouring feeds (``runs_of``),
    weighed by their entries, so that the feeds an entry is in are mostly
    written by one process, which makes the entry once (a cleaning by nh3)."""
    if share is None or share.count <= 1:
        return chosen
    owners = runs_of([1 + len(items) for _, items in chosen], share.count)
    return [
        each for each, owner in zip(chosen, owners, strict=True) if owner == share.index
    ]


class FeedsGenerator(Generator):
    """Writes /atom.xml, /rss.xml, each chapter's and area's pair, and /feeds.opml."""

    def generate_context(self) -> None:
        pass  # the feeds and their streams are in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        pages = self.context["pages"]
        catalogue = site.feeds
        # Each feed with the language whose version of each item it shows
        # (spec §3); a language's feed holds the versions in its language.
        default = site.listing_language(None)
        scopes: list[tuple[Feed, list, str | None]] = [
            (catalogue.site, list(site.items), default)
        ]
        # Chapters in the order of the tree (each after its parent), so that a
        # run of feeds (below) holds a region and its local chapters.
        scopes += [
            (
                catalogue.chapters[slug],
                site.chapter_streams[slug],
                site.listing_language(slug),
            )
            for slug in sorted(site.chapters, key=site.trails.__getitem__)
        ]
        scopes += [
            (feed, site.area_streams.get(key, []), default)
            for key, feed in catalogue.areas.items()
        ]
        scopes += [
            (feed, site.language_streams[lang], None)
            for lang, feed in catalogue.languages.items()
        ]
        language_of = {feed.atom: lang for feed, _, lang in scopes}

        zone = zoneinfo.ZoneInfo(site.settings.timezone)
        limit = site.settings.feeds.max_items
        # A feed's Atom and RSS files are made from the same entries: both are
        # written by the process of the feed's run (feeds_written_here).
        chosen = feeds_written_here(
            [(feed, choose_entries(stream, limit)) for feed, stream, _ in scopes],
            getattr(writer, "share", None),
        )
        # Each item with the version the feed shows: an entry keeps the
        # original's id whichever version it shows, so that a translation
        # added later changes the entry, not its id.
        chosen = [
            (feed, _with_versions(site, items, language_of[feed.atom]))
            for feed, items in chosen
        ]
        cache = self._cache(writer)
        # Each item's source is made once, and its entry only for a feed not in
        # the cache, once for every feed it is in; both are let go after its
        # last feed: the entries of the whole site are never held at once
        # (each is a copy of the item's HTML).
        uses = Counter(version.key for _, versions in chosen for version in versions)
        sources: dict[str, Source] = {}
        entries: dict[str, Entry] = {}
        # With the page cache's site digest (everything but the bodies), a
        # feed's quick key needs only its items' bodies as checked: an
        # unchanged feed is found without resolving the links of every body.
        digest = self.settings.get(DIGEST_KEY) if cache is not None else None
        # Each body hashed once, not written out once for every feed it is in.
        hashed: dict[str, str] = {}
        for feed, versions in chosen:
            key = quick = files = None
            if digest:
                bodies = tuple((v.key, _hashed(v.shown, hashed)) for v in versions)
                quick = cache.key(digest, feed, bodies)
                key = cache.aliases.get(quick)
                files = cache.get(key) if key else None
            if files is None:
                for v in versions:
                    if v.key not in sources:
                        sources[v.key] = self._source(
                            pages[v.shown.path], site, zone, pages[v.item.path].url
                        )
                feed_sources = [sources[v.key] for v in versions]
                if cache is not None:
                    key = self._key(cache, feed, feed_sources, site)
                    files = cache.get(key)
                if files is None:
                    for source, v in zip(feed_sources, versions, strict=True):
                        if v.key not in entries:
                            entries[v.key] = make_entry(source)
                    feed_entries = [entries[v.key] for v in versions]
                    files = self._render(feed, feed_entries, site)
                    if cache is not None:
                        cache.put(key, files)
            if quick:
                cache.alias(quick, key)
            for v in versions:
                uses[v.key] -= 1
                if not uses[v.key]:
                    sources.pop(v.key, None)
                    entries.pop(v.key, None)
            self._write(feed.atom, files[0])
            self._write(feed.rss, files[1])
        if cache is not None:
            cache.prune()

        if owns(writer, urls.OPML):
            site_title = f"Feeds of {site.settings.site_name}"
            self._write(
                urls.OPML,
                opml_xml(site_title, catalogue.all(), site.settings.base_url),
            )

    def _cache(self, writer) -> FeedCache | None:
        """This process's cache of feeds; None with the content cache off."""
        # The content cache's switch and folder (plugins/content/loader.py).
        settings = self.settings
        if not settings.get("CHAPTERS_CACHE", True) or not settings.get("CACHE_PATH"):
            return None
        share = getattr(writer, "share", None)
        index, count = (share.index, share.count) if share else (0, 1)
        if index == 0:  # once a build, by the process of share 0
            drop_other_counts(settings["CACHE_PATH"], count)
        return FeedCache(cache_folder(settings["CACHE_PATH"], index, count))

    def _source(self, content, site: SiteIndex, zone: dt.tzinfo, id_url: str) -> Source:
        """The source of ``content``'s entry, whose id is that of ``id_url``
        (the original's address, whichever version the entry shows)."""
        settings = site.settings
        published = plain_datetime(aware(content.date, zone))
        modified = getattr(content, "modified", None)
        modified = modified and plain_datetime(aware(modified, zone))
        body, summary = content.content, content.summary or ""
        item = content.item
        if item.starts is not None:  # an event: when and where come first
            when = event_when(item.starts, item.ends, site.zone_of(item))
            details = event_details_html(when, item.location, item.online)
            body, summary = details + body, details + summary
        return Source(
            id=tag_uri(settings.authority, settings.feeds.tag_year, id_url),
            url=site.absolute(content.url),
            title=content.title,
            body=body,
            summary=summary,
            authors=tuple(str(author) for author in getattr(content, "authors", ())),
            tags=tuple(str(tag) for tag in getattr(content, "tags", ())),
            lang=content.lang,
            published=published,
            updated=entry_updated(published, modified),
            iframe_hosts=tuple(sorted(settings.chapters.iframe_hosts)),
        )

    def _key(
        self, cache: FeedCache, feed: Feed, sources: list[Source], site: SiteIndex
    ) -> str:
        settings = site.settings
        return cache.key(
            feed,
            settings.base_url,
            settings.authority,
            settings.feeds.tag_year,
            settings.site_name,
            # The build date shows only in a feed without entries, as its date:
            # a rebuild on another day serves the others from the cache.
            None if sources else site.build_date,
            tuple(sources),
        )

    def _render(
        self, feed: Feed, entries: list[Entry], site: SiteIndex
    ) -> tuple[bytes, bytes]:
        """The Atom and RSS files of ``feed``."""
        settings = site.settings
        updated = feed_updated(entries, site.build_date)
        atom = atom_xml(
            feed,
            entries,
            base_url=settings.base_url,
            feed_id=tag_uri(settings.authority, settings.feeds.tag_year, feed.atom),
            updated=updated,
            author=settings.site_name,
        )
        return atom, rss_xml(feed, entries, base_url=settings.base_url, updated=updated)

    def _write(self, path: str, data: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@dataclasses.dataclass(frozen=True)
class _Version:
    """An item of a feed and the version of it the feed shows."""

    item: Item
    shown: Item

    @property
    def key(self) -> str:
        """What its source and entry are kept by: the same entry in every
        feed that shows the same version with the same id."""
        if self.shown is self.item:
            return self.item.path
        return f"{self.item.path}\x00{self.shown.path}"


def _with_versions(site: SiteIndex, items: list, lang: str | None) -> list[_Version]:
    shown = site.versions_in(items, lang) if lang is not None else items
    return [_Version(item, version) for item, version in zip(items, shown, strict=True)]


def _hashed(item, hashed: dict[str, str]) -> str:
    """The SHA-256 of ``item``'s body, kept in ``hashed`` by its path."""
    found = hashed.get(item.path)
    if found is None:
        found = hashed[item.path] = hashlib.sha256(
            item.html.encode("utf-8", "surrogatepass")
        ).hexdigest()
    return found
