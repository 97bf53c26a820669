"""Pelican generator writing the calendar.ics files and the event listing pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from pelican.generators import Generator

from ..rollup.words import meetings_in_words
from .ical import CalendarEvent, calendar_bytes
from .listing import EventLists
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
from .settings import CalendarsSettings, calendars_settings

SITE_CALENDAR = "calendar.ics"


def chapter_calendar_path(slug: str) -> str:
    return f"chapters/{slug}/calendar.ics"


class CalendarsGenerator(Generator):
    """Writes /calendar.ics, /events/ and each chapter's calendar.ics and events/."""

    def generate_context(self) -> None:
        pass  # the event lists are put in the context once all content is read

    def generate_output(self, writer) -> None:
        settings = calendars_settings(self.settings)
        federation = self.context["federation"]
        everything: EventLists = self.context["federation_events"]
        by_chapter: dict[str, EventLists] = self.context["chapter_events"]
        zone = zoneinfo.ZoneInfo(self.settings.get("TIMEZONE") or "UTC")

        entries = {
            content.item.path: self._event(content, settings, zone)
            for content in everything.all
        }
        site_name = self.settings["SITENAME"]
        self._write_bytes(
            SITE_CALENDAR,
            calendar_bytes(
                site_name,
                f"Events of every chapter of {site_name}. Each chapter's calendar "
                "also has its regular meetings.",
                entries.values(),
            ),
        )
        earliest = self._earliest_item_days()
        for slug, chapter in federation.chapters.items():
            events = [entries[content.item.path] for content in by_chapter[slug].all]
            meetings = self._meetings(chapter, earliest.get(slug), settings, zone)
            note = meetings_note(chapter.meetings, meetings_in_words(chapter.meetings))
            self._write_bytes(
                chapter_calendar_path(slug),
                calendar_bytes(
                    chapter.name,
                    f"Meetings and events of {chapter.name}. {note}",
                    [*([meetings] if meetings else []), *events],
                ),
            )
            self._write_page(
                writer,
                f"chapters/{slug}/events/",
                by_chapter[slug],
                chapter=chapter,
                calendar_url=chapter_calendar_path(slug),
            )
        self._write_page(
            writer, "events/", everything, chapter=None, calendar_url=SITE_CALENDAR
        )

    def _write_page(self, writer, url: str, events: EventLists, **context) -> None:
        writer.write_file(
            url + "index.html",
            self.get_template("events"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="events",
            url=url,
            page_name=url + "index",
            upcoming=events.upcoming,
            past=events.past,
            **context,
        )

    def _write_bytes(self, path: str, data: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def _earliest_item_days(self) -> dict[str, dt.date]:
        """Each chapter's earliest own item date, for meetings without 'founded'."""
        earliest: dict[str, dt.date] = {}
        for content in self.context["chapter_items"]:
            item = content.item
            if item.chapter and item.date is not None:
                day = item.date.date()
                earliest[item.chapter] = min(day, earliest.get(item.chapter, day))
        return earliest

    def _meetings(
        self, chapter, earliest: dt.date | None, settings: CalendarsSettings, zone
    ) -> CalendarEvent | None:
        since = meetings_since(chapter.founded, earliest, settings.meetings_since)
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
        url = absolute_url(settings.siteurl, chapter.url)
        lines.append(f"More: {url}")
        return CalendarEvent(
            uid=meetings_uid(chapter.slug, settings.uid_domain),
            summary=f"{chapter.name} meeting",
            start=recurrence.start,
            duration=recurrence.duration,
            rule=recurrence.rule,
            stamp=utc_stamp(chapter.updated or since, zone),
            location=meetings.venue or meetings.online,
            url=url,
            description="\n".join(lines),
        )

    def _event(self, content, settings: CalendarsSettings, zone) -> CalendarEvent:
        item = content.item
        start, end = event_times(item.starts, item.ends)
        url = absolute_url(settings.siteurl, content.url)
        location = content.metadata.get("location")
        online = content.metadata.get("online")
        lines = [plain_text(content.summary)]
        if online:
            lines.append(f"Online: {online}")
        lines.append(f"More: {url}")
        return CalendarEvent(
            uid=event_uid(item.url, settings.uid_domain),
            summary=item.title,
            start=start,
            end=end,
            stamp=utc_stamp(item.modified or item.date or item.starts, zone),
            location=str(location or online or "") or None,
            url=url,
            description="\n\n".join(line for line in lines if line),
            last_modified=utc_stamp(item.modified, zone) if item.modified else None,
        )


def absolute_url(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path.lstrip('/')}"
