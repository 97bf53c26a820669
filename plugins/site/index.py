"""The site index: everything derived from the federation, computed once per build.

Files are read and checked into a Federation (plugins/model); this module
turns it, with the settings and the build date, into everything every output
needs: what is published, the chapter tree, every stream of items, the
derived facts, the feeds and the events, the export rows. Outputs read it and
compute nothing of their own that another output also needs. No Pelican here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from ..freshness.facts import ChapterFacts, federation_facts
from ..model import urls
from ..model.areas import DEFAULT_AREAS
from ..model.chapters import Chapter, chapter_zone
from ..model.federation import Federation
from ..model.items import DATED_KINDS, KINDS, Item
from ..model.languages import chapter_language, item_language
from ..model.tree import ancestors
from .events import EventLists, Temporal, day_of, event_lists, is_upcoming, start_key
from .feeds import Catalogue, catalogue
from .meetings import Schedule, meeting_schedule, meetings_since
from .membership import Membership, membership_totals
from .nearby import Nearby, nearby_chapters
from .rows import chapter_rows
from .settings import SiteSettings
from .streams import area_streams, kind_listings, streams
from .words import SEVERAL_AREAS, message

# How far ahead an events page lists the chapters' regular meetings.
MEETINGS_AHEAD_DAYS = 28


@dataclass(frozen=True)
class SiteIndex:
    """Read-only facts of one build. Streams hold model Items, newest first."""

    settings: SiteSettings
    federation: Federation
    items: tuple[Item, ...]  # every published item, newest first
    parents: Mapping[str, str | None]
    children: Mapping[str | None, list[str]]
    trails: Mapping[
        str, tuple[str, ...]
    ]  # a chapter and its ancestors, outermost first
    chapter_streams: Mapping[str, list[Item]]  # itself, its joint work, descendants
    area_streams: Mapping[str, list[Item]]
    kind_streams: Mapping[tuple[str | None, str], list[Item]]  # (chapter, kind): own
    listings: Mapping[tuple[str, str], list[Item]]  # (chapter, kind): own and joint
    language_streams: Mapping[str, list[Item]]
    facts: Mapping[str, ChapterFacts]
    feeds: Catalogue
    events: EventLists
    chapter_events: Mapping[str, EventLists]
    first_item_day: Mapping[str, dt.date]  # each chapter's earliest own dated item
    schedules: Mapping[str, Schedule]  # each chapter's regular meetings
    next_meetings: Mapping[str, Temporal | None]  # on or after the build date
    rows: tuple[dict, ...]  # one export row per chapter, by slug
    nearby: Mapping[str, Nearby]  # each chapter's closest chapters and siblings
    # Published translations of each published item (by its path), by language,
    # and the original of each of them (by the translation's path).
    translations: Mapping[str, tuple[Item, ...]] = dataclasses.field(
        default_factory=dict
    )
    originals: Mapping[str, Item] = dataclasses.field(default_factory=dict)

    def versions(self, item) -> list[Item]:
        """Every published version of an item (the original first), for hreflang links."""
        path = getattr(item, "path", None) or item.item.path
        original = self.originals.get(path)
        if original is None:
            original = self.federation_item(path)
        if original is None:
            return []
        return [original, *self.translations.get(original.path, ())]

    def lang_of(self, item: Item) -> str:
        """An item's language: its own 'lang', else its chapter's first, else the site's."""
        return item_language(item, self.chapters, self.settings.default_lang)

    def alternates(self) -> dict[str, list[tuple[str, str]]]:
        """For each translated item's URL (and its translations'): every version's (lang, URL)."""
        found: dict[str, list[tuple[str, str]]] = {}
        for path, translations in self.translations.items():
            original = self._published_by_path[path]
            versions = [original, *translations]
            links = [(self.lang_of(v), v.url) for v in versions]
            for version in versions:
                found[version.url] = links
        return found

    def federation_item(self, path: str) -> Item | None:
        """A published original by its path."""
        return self._published_by_path.get(path)

    @cached_property
    def _published_by_path(self) -> Mapping[str, Item]:
        return {item.path: item for item in self.items}

    @property
    def build_date(self) -> dt.date:
        return self.settings.build_date

    @property
    def chapters(self):
        return self.federation.chapters

    @cached_property
    def area_chapters(self) -> Mapping[str, tuple[Chapter, ...]]:
        """Each area's chapters, by slug, in one pass: what its area page lists."""
        found: dict[str, list[Chapter]] = {}
        for chapter in self.chapters.values():
            if chapter.area is not None:
                found.setdefault(chapter.area, []).append(chapter)
        return {area: tuple(members) for area, members in found.items()}

    @cached_property
    def rows_by_slug(self) -> Mapping[str, dict]:
        """The export rows by chapter slug, for membership totals of a group."""
        return {row["slug"]: row for row in self.rows}

    @cached_property
    def members_in_chapters(self) -> Mapping[str, Membership]:
        """For each chapter with chapters under it of which one at least gave
        a member count, their members, each counted once (spec §4): what a
        regional or national page that gives no count of its own shows (not
        "0" where none gave one). The work is the sum of the subtrees' sizes."""
        found = {}
        for slug in self.chapters:
            below, stack = [], list(self.children.get(slug, ()))
            while stack:
                child = stack.pop()
                below.append(child)
                stack.extend(self.children.get(child, ()))
            if below:
                totals = membership_totals(self.rows_by_slug, within=below)
                if totals.without_figure < totals.chapters:  # some gave a count
                    found[slug] = totals
        return found

    def area_name(self, key: str | None) -> str:
        """An area's name; a page writes it in its interface's language where
        it is a default area's name as plugins/model/areas.py gives it (the
        catalogues translate those), else as the settings write it."""
        return self._area_names.get(key, SEVERAL_AREAS) if key else SEVERAL_AREAS

    @cached_property
    def _area_names(self) -> Mapping[str, str]:
        defaults = {area["key"]: area["name"] for area in DEFAULT_AREAS}
        return {
            area.key: message(area.name)
            if defaults.get(area.key) == area.name
            else area.name
            for area in self.settings.chapters.areas
        }

    def absolute(self, url: str) -> str:
        """``url`` under the site's absolute address (SITEURL, or the local one)."""
        return urls.absolute(self.settings.base_url, url)

    def meetings_ahead(
        self, slug: str | None = None, days: int = MEETINGS_AHEAD_DAYS
    ) -> list[tuple[Chapter, Temporal]]:
        """The next regular meeting of each chapter (of ``slug`` and those under
        it; of every chapter for None) within ``days`` of the build date,
        soonest first: what an events page shows beside the events."""
        if slug is None:
            slugs: Iterable[str] = self.chapters
        else:
            slugs, stack = [slug], list(self.children.get(slug, ()))
            while stack:
                child = stack.pop()
                slugs.append(child)
                stack.extend(self.children.get(child, ()))
        last = self.build_date + dt.timedelta(days=days)
        found = [
            (self.chapters[s], when)
            for s in slugs
            if (when := self.next_meetings.get(s)) is not None and day_of(when) < last
        ]
        return sorted(found, key=lambda pair: (start_key(pair[1]), pair[0].name))

    def upcoming(self, slug: str) -> list[Item]:
        """The next events a chapter page lists."""
        shown = self.settings.calendars.upcoming_on_chapter
        lists = self.chapter_events.get(slug)
        return lists.upcoming[:shown] if lists else []

    def listing_language(self, slug: str | None) -> str:
        """The language of a chapter's pages and feed (its first language), or
        of the site's (its default language) for ``None``: which version of
        each item they list (spec §3)."""
        chapter = self.chapters.get(slug) if slug is not None else None
        return chapter_language(chapter, self.settings.default_lang)

    def version_in(self, item: Item, lang: str) -> Item:
        """The version of ``item`` a listing or feed in ``lang`` shows (spec
        §3): its published translation into ``lang`` (the same tag, else the
        same language: en-GB for en), else the item itself. Dates, order and
        feed ids stay the original's."""
        translations = self.translations.get(item.path)
        if not translations or self.lang_of(item) == lang:
            return item
        primary = lang.split("-")[0]
        same_language = None
        for translation in translations:
            tag = self.lang_of(translation)
            if tag == lang:
                return translation
            if same_language is None and tag.split("-")[0] == primary:
                same_language = translation
        return same_language or item

    def versions_in(self, items, lang: str) -> list[Item]:
        """``version_in`` of each of ``items``."""
        if not self.translations:
            return list(items)
        return [self.version_in(item, lang) for item in items]

    def listing(self, slug: str, kind: str) -> list[Item]:
        """A chapter's items of one kind for its listing page: its own and joint ones."""
        return self.listings.get((slug, kind), [])

    def listing_kinds(self, slug: str) -> list[str]:
        """The kinds a chapter has listing pages for, in the order of ``urls.KINDS``.

        Events are listed by the calendars output (upcoming, then past), so they
        count only when it is switched on.
        """
        return [
            kind
            for kind in urls.KINDS
            if self.listings.get((slug, kind))
            and (kind != "events" or self.has("calendars"))
            and (kind == "events" or self.has("rollup"))
        ]

    def has_calendar(self, slug: str | None = None) -> bool:
        """Whether a calendar holds anything: meetings or events (the site's: events).

        Pages link only calendars that do; the file is written all the same.
        """
        if slug is None:
            return bool(self.events.all)
        lists = self.chapter_events.get(slug)
        return self.schedules[slug].in_calendar or bool(lists and lists.all)

    def is_upcoming(self, item: Item) -> bool:
        """Whether an event has not ended by the build date."""
        return item.starts is not None and is_upcoming(
            item.starts, item.ends, self.build_date
        )

    def site_page(self, slug: str) -> str | None:
        """The URL of the international page ``slug`` (about, join, contact), if published."""
        url = urls.site_page(slug)
        return url if url in self._site_page_urls else None

    @cached_property
    def _site_page_urls(self) -> frozenset[str]:
        """The URLs of the published international pages (every page asks for three)."""
        return frozenset(
            item.url for item in self.kind_streams.get((None, "pages"), ())
        )

    def zone_of(self, item: Item) -> str:
        """The time zone an item's times are shown in: its chapter's
        (``chapters.chapter_zone``, the rule the check of event offsets uses),
        else the site's."""
        zone = self._chapter_zones.get(item.chapter) if item.chapter else None
        return zone or self.settings.timezone

    @cached_property
    def _chapter_zones(self) -> Mapping[str, str | None]:
        """Each chapter's zone, once per build (pages ask for it for every event shown)."""
        chapters = self.chapters
        return {slug: chapter_zone(c, chapters) for slug, c in chapters.items()}

    def has(self, output: str) -> bool:
        """Whether an output plugin is switched on, so pages link only what exists."""
        return output in self.settings.outputs


def newest_first(items, zone: dt.tzinfo) -> list[Item]:
    """Newest first by date; undated pages last; ties broken by source path."""

    def key(item: Item) -> tuple:
        if item.date is None:
            return (1, 0.0, item.path)
        date = item.date if item.date.tzinfo else item.date.replace(tzinfo=zone)
        return (0, -date.timestamp(), item.path)

    return sorted(items, key=key)


def build_index(federation: Federation, settings: SiteSettings) -> SiteIndex:
    """Everything derived, in a few linear passes over chapters and items."""
    build_date = settings.build_date
    zone = zoneinfo.ZoneInfo(settings.timezone)
    published = newest_first(
        (i for i in federation.items if i.published_by(build_date)), zone
    )
    chapters = federation.chapters
    parents = {slug: chapter.parent for slug, chapter in chapters.items()}
    area_of = {slug: chapter.area for slug, chapter in chapters.items()}

    kind_streams: dict[tuple[str | None, str], list[Item]] = {
        (slug, kind): [] for slug in [None, *chapters] for kind in KINDS
    }
    language_streams: dict[str, list[Item]] = {}
    first_item_day: dict[str, dt.date] = {}
    default_lang = settings.default_lang
    for item in published:
        kind_streams.setdefault((item.chapter, item.kind), []).append(item)
        lang = item_language(item, chapters, default_lang)
        language_streams.setdefault(lang, []).append(item)
        if item.chapter and item.date is not None:
            day = item.date.date()
            first_item_day[item.chapter] = min(
                day, first_item_day.get(item.chapter, day)
            )

    translations: dict[str, tuple[Item, ...]] = {}
    originals: dict[str, Item] = {}
    for item in published:
        shown = tuple(
            t
            for t in federation.translations.get(item.path, ())
            if t.published_by(build_date)
        )
        if shown:
            translations[item.path] = shown
            for translation in shown:
                originals[translation.path] = item
                language_streams.setdefault(translation.lang, []).append(translation)
    # A language's stream holds what is written in it: originals and translations.
    language_streams = {
        lang: newest_first(stream, zone) for lang, stream in language_streams.items()
    }

    facts = federation_facts(chapters, published, build_date, settings.freshness)
    calendars = settings.calendars
    schedules = {
        slug: meeting_schedule(
            chapter.meetings,
            meetings_since(
                chapter.founded, first_item_day.get(slug), calendars.meetings_since
            ),
            chapter.closed if chapter.is_closed else None,
            calendars.meeting_minutes,
        )
        for slug, chapter in chapters.items()
    }
    next_meetings = {
        slug: schedule.next_meeting(build_date) for slug, schedule in schedules.items()
    }
    everything, by_chapter = event_lists(published, chapters, build_date)
    return SiteIndex(
        settings=settings,
        federation=federation,
        items=tuple(published),
        parents=parents,
        children=federation.children(),
        trails={
            slug: tuple(reversed([slug, *ancestors(slug, parents)]))
            for slug in chapters
        },
        chapter_streams=streams(published, parents),
        area_streams=area_streams(published, area_of),
        kind_streams=kind_streams,
        listings=kind_listings(published),
        language_streams=language_streams,
        facts=facts,
        feeds=catalogue(
            settings.site_name,
            settings.short_name,
            default_lang,
            chapters,
            settings.chapters.areas,
            language_streams,
            exchange="exchange" in settings.outputs,
        ),
        events=everything,
        chapter_events=by_chapter,
        first_item_day=first_item_day,
        schedules=schedules,
        next_meetings=next_meetings,
        rows=tuple(chapter_rows(chapters, facts, settings.siteurl, next_meetings)),
        translations=translations,
        originals=originals,
        nearby=nearby_chapters(chapters),
    )


def dated(items) -> list[Item]:
    return [item for item in items if item.kind in DATED_KINDS]
