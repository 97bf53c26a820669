"""Calendars plugin: iCalendar files of meetings and events, and the event pages."""

from __future__ import annotations

from pelican import signals

from .generator import CalendarsGenerator
from .listing import event_lists
from .settings import calendars_settings


def check_settings(pelican_object) -> None:
    """Report bad CALENDARS_* settings before anything is read."""
    calendars_settings(pelican_object.settings)


def get_generators(pelican_object):
    return CalendarsGenerator


def list_events(generators) -> None:
    """Every template sees the events of the federation and each chapter."""
    context = generators[0].context
    federation = context["federation"]
    everything, by_chapter = event_lists(
        context["chapter_items"], federation.chapters, context["build_date"]
    )
    shown = calendars_settings(context).upcoming_on_chapter
    context["federation_events"] = everything
    context["chapter_events"] = by_chapter
    context["upcoming_events"] = {
        slug: events.upcoming[:shown] for slug, events in by_chapter.items()
    }


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(list_events)
