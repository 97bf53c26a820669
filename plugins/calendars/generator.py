"""Pelican generator writing the calendar.ics files and the event listing pages."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.events import EventLists
from ..site.words import meetings_in_words
from .ical import CalendarEvent, calendar_bytes
from .recurrence import (
    event_times,
    event_uid,
    meetings_note,
    meetings_recurrence,
    meetings_since,
    meetings_uid,
    plain_text,
    utc_stamp,
)

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class CalendarsGenerator(Generator):
    """Writes /calendar.ics, /events/ and each chapter's calendar.ics and events/."""

    def generate_context(self) -> None:
        pass  # the event lists are in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        pages = self.context["pages"]
        zone = zoneinfo.ZoneInfo(site.settings.timezone)
        entries = {
            item.path: self._event(pages[item.path], site, zone)
            for item in site.events.all
        }
        site_name = site.settings.site_name
        self._write_bytes(
            urls.calendar(),
            calendar_bytes(
                site_name,
                f"Events of every chapter of {site_name}. Each chapter's calendar "
                "also has its regular meetings.",
                entries.values(),
            ),
        )
        for slug, chapter in site.chapters.items():
            events = site.chapter_events[slug]
            meetings = self._meetings(chapter, site, zone)
            note = meetings_note(chapter.meetings, meetings_in_words(chapter.meetings))
            self._write_bytes(
                urls.calendar(slug),
                calendar_bytes(
                    chapter.name,
                    f"Meetings and events of {chapter.name}. {note}",
                    [
                        *([meetings] if meetings else []),
                        *(entries[i.path] for i in events.all),
                    ],
                ),
            )
            self._write_page(
                writer,
                urls.events(slug),
                events,
                chapter=chapter,
                calendar_url=urls.calendar(slug),
            )
        self._write_page(
            writer,
            urls.events(),
            site.events,
            chapter=None,
            calendar_url=urls.calendar(),
        )

    def _write_page(self, writer, url: str, events: EventLists, **context) -> None:
        pages = self.context["pages"]
        writer.write_file(
            urls.page_file(url),
            self.get_template("events"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="events",
            url=url,
            page_name=urls.page_file(url).removesuffix(".html"),
            upcoming=[pages[item.path] for item in events.upcoming],
            past=[pages[item.path] for item in events.past],
            **context,
        )

    def _write_bytes(self, path: str, data: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def _meetings(self, chapter, site: SiteIndex, zone) -> CalendarEvent | None:
        settings = site.settings.calendars
        since = meetings_since(
            chapter.founded,
            site.first_item_day.get(chapter.slug),
            settings.meetings_since,
        )
        closed = chapter.closed if chapter.is_closed else None
        recurrence = meetings_recurrence(
            chapter.meetings, since, closed, settings.meeting_minutes
        )
        if recurrence is None:
            return None
        meetings = chapter.meetings
        lines = [meetings_in_words(meetings)]
        if meetings.venue:
            lines.append(f"Venue: {meetings.venue}")
        if meetings.online:
            lines.append(f"Online: {meetings.online}")
        url = site.absolute(chapter.url)
        lines.append(f"More: {url}")
        return CalendarEvent(
            uid=meetings_uid(chapter.slug, site.settings.authority),
            summary=f"{chapter.name} meeting",
            start=recurrence.start,
            duration=recurrence.duration,
            rule=recurrence.rule,
            stamp=utc_stamp(chapter.updated or since, zone),
            location=meetings.venue or meetings.online,
            url=url,
            description="\n".join(lines),
        )

    def _event(self, content, site: SiteIndex, zone) -> CalendarEvent:
        item = content.item
        start, end = event_times(item.starts, item.ends)
        url = site.absolute(content.url)
        location, online = item.location, item.online
        lines = [plain_text(content.summary)]
        if online:
            lines.append(f"Online: {online}")
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
