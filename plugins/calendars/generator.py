"""Pelican generator writing the calendar.ics files, one event.ics per event, and the event listings."""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site import pagecache
from ..site.events import EventLists, day_of
from ..site.shares import owns
from .ical import CalendarEvent, CalendarNote, calendar_bytes, event_bytes
from .recurrence import (
    GUESSED_WEEKS,
    event_times,
    event_uid,
    meetings_note,
    meetings_uid,
    plain_text,
    utc_stamp,
)

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class CalendarsGenerator(Generator):
    """Writes /calendar.ics, /events/, each event's event.ics, and each chapter's calendar.ics and events/."""

    def generate_context(self) -> None:
        pass  # the event lists and the meetings are in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        pages = self.context["pages"]
        zone = zoneinfo.ZoneInfo(site.settings.timezone)
        # A calendar shows events' summaries, never a whole body: the page
        # cache's digest is all it is made from (plugins/site/pagecache.py).
        self._page_cache = pagecache.of(writer)
        # Each event's entry is made once, when a calendar of this process's
        # share (plugins/site/shares.py) first needs it.
        entries: dict[str, CalendarEvent] = {}

        def entry(item) -> CalendarEvent:
            if item.path not in entries:
                entries[item.path] = self._event(pages[item.path], site, zone)
            return entries[item.path]

        for item in site.events.all:
            if owns(writer, urls.event_calendar(item.url)):
                self._write_bytes(
                    urls.event_calendar(item.url),
                    lambda item=item: event_bytes(entry(item)),
                )
        site_name = site.settings.site_name
        if owns(writer, urls.calendar()):
            self._write_bytes(
                urls.calendar(),
                lambda: calendar_bytes(
                    site_name,
                    f"Events of every chapter of {site_name}. Each chapter's "
                    "calendar also has its regular meetings.",
                    [entry(item) for item in site.events.all],
                    self._nothing_scheduled(site, None, site_name, zone),
                ),
            )
        for slug, chapter in site.chapters.items():
            events = site.chapter_events[slug]
            if owns(writer, urls.calendar(slug)):
                self._write_bytes(
                    urls.calendar(slug),
                    lambda slug=slug, chapter=chapter, events=events: (
                        self._chapter_calendar(slug, chapter, events, entry, site, zone)
                    ),
                )
            self._write_page(writer, urls.events(slug), events, chapter=chapter)
        self._write_page(writer, urls.events(), site.events, chapter=None)

    def _chapter_calendar(self, slug, chapter, events, entry, site, zone) -> bytes:
        meetings = self._meetings(chapter, site, zone)
        note = meetings_note(site.schedules[slug])
        return calendar_bytes(
            chapter.name,
            f"Meetings and events of {chapter.name}. {note}",
            [*([meetings] if meetings else []), *(entry(i) for i in events.all)],
            self._nothing_scheduled(site, chapter, chapter.name, zone),
        )

    def _write_page(self, writer, url: str, events: EventLists, chapter) -> None:
        pages = self.context["pages"]
        site: SiteIndex = self.context["site"]
        slug = chapter.slug if chapter else None
        writer.write_file(
            urls.page_file(url),
            self.get_template("events"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="events",
            url=url,
            page_name=urls.page_file(url).removesuffix(".html"),
            # Upcoming (soonest first), then past (newest first), 20 a page where
            # PAGINATED_TEMPLATES names "events" (else one page); the template
            # splits each page at the build date.
            # Each event in the page's language where translated (spec §3).
            articles=[
                pages[item.path]
                for item in site.versions_in(events.all, site.listing_language(slug))
            ],
            upcoming_count=len(events.upcoming),
            chapter=chapter,
            # A calendar with nothing in it is not offered (docs/calendars.md).
            calendar_url=urls.calendar(slug) if site.has_calendar(slug) else None,
        )

    def _write_bytes(self, path: str, make: Callable[[], bytes]) -> None:
        """Write the file ``make`` makes, or the published one if it is the same."""
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if self._page_cache is None:
            target.write_bytes(make())
            return
        data = self._page_cache.made(path, make)
        times = self._page_cache.cache.times.pop(path, None)
        published = self._page_cache.cache.published_file(path) if times else None
        pagecache.write_unless_same(str(target), data, times, published)
        self._page_cache.cache.wrote(path, os.lstat(target))

    def _meetings(self, chapter, site: SiteIndex, zone) -> CalendarEvent | None:
        schedule = site.schedules[chapter.slug]
        if not schedule.in_calendar:
            return None
        assert schedule.start is not None and schedule.meetings is not None
        meetings = schedule.meetings
        lines = [schedule.sentence]
        if schedule.guessed:
            lines.append(GUESSED_WEEKS)
        if meetings.venue:
            lines.append(f"Venue: {meetings.venue}")
        if meetings.access:
            lines.append(f"Access: {meetings.access}")
        if meetings.online:
            lines.append(f"Online: {meetings.online}")
        url = site.absolute(chapter.url)
        lines.append(f"More: {url}")
        first_day = day_of(schedule.start)
        return CalendarEvent(
            uid=meetings_uid(chapter.slug, site.settings.authority),
            summary=f"{chapter.name} meeting",
            start=schedule.start,
            duration=schedule.duration,
            rule=schedule.rule,
            stamp=utc_stamp(chapter.updated or meetings.since or first_day, zone),
            location=meetings.venue or meetings.online,
            url=url,
            description="\n".join(lines),
        )

    def _nothing_scheduled(self, site: SiteIndex, chapter, name: str, zone):
        """The note an otherwise empty calendar holds; dated from the content, never now."""
        if chapter is None:
            url, uid_path = site.absolute(urls.EVENTS), "calendar"
            what = "No event of any chapter has been published yet."
            stamp = None
        else:
            url = site.absolute(chapter.url)
            uid_path = f"chapters/{chapter.slug}/calendar"
            what = meetings_note(site.schedules[chapter.slug])
            stamp = site.facts[chapter.slug].last_updated
        return CalendarNote(
            uid=f"{uid_path}@{site.settings.authority}",
            summary=f"{name}: nothing scheduled",
            stamp=utc_stamp(stamp or site.settings.calendars.meetings_since, zone),
            description=f"{what} This calendar has no meetings or events yet; "
            f"it will show them here once they are published. More: {url}",
            url=url,
        )

    def _event(self, content, site: SiteIndex, zone) -> CalendarEvent:
        item = content.item
        start, end = event_times(item.starts, item.ends)
        url = site.absolute(content.url)
        location, online = item.location, item.online
        lines = [plain_text(content.summary)]
        if online:
            lines.append(f"Online: {online}")
        if item.registration:
            lines.append(f"Register: {item.registration}")
        lines.append(f"More: {url}")
        return CalendarEvent(
            uid=event_uid(item.url, site.settings.authority),
            summary=item.title,
            start=start,
            end=end,
            stamp=utc_stamp(item.modified or item.date or item.starts, zone),
            location=str(location or online or "") or None,
            url=url,
            description="\n\n".join(line for line in lines if line),
            last_modified=utc_stamp(item.modified, zone) if item.modified else None,
        )
