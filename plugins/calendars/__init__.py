"""Calendars plugin: iCalendar files of meetings and events, and the event listing pages."""


def register() -> None:
    pass
