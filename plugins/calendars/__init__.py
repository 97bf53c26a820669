"""Calendars plugin: iCalendar files of meetings and events, and the event pages."""

from __future__ import annotations

from pelican import signals

from .generator import CalendarsGenerator


def get_generators(pelican_object):
    return CalendarsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
