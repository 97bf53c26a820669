"""Calendars plugin: iCalendar files of meetings and events, and the event pages.

Pelican is imported when the plugin is registered, not when the package is:
its settings module is read by the site index, which stays free of Pelican.
"""

from __future__ import annotations


def get_generators(pelican_object):
    from .generator import CalendarsGenerator

    return CalendarsGenerator


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(get_generators)
