"""Which events each chapter shows, split into upcoming and past by the build date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .streams import owners

if TYPE_CHECKING:
    from ..model.items import Item

Temporal = dt.date | dt.datetime
T = TypeVar("T")


@dataclass(frozen=True)
class EventLists:
    upcoming: list = field(default_factory=list)  # soonest first
    past: list = field(default_factory=list)  # newest first

    @property
    def all(self) -> list:
        return self.upcoming + self.past


def event_lists(
    items: Iterable[Item], chapter_slugs: Iterable[str], build_date: dt.date
) -> tuple[EventLists, dict[str, EventLists]]:
    """Events of the whole federation, and of each chapter (own events and joint ones).

    ``items`` are the published model items.
    """
    events = [i for i in items if i.kind == "events" and i.starts is not None]
    by_chapter: dict[str, list] = {slug: [] for slug in chapter_slugs}
    for item in events:
        for slug in owners(item):
            by_chapter.setdefault(slug, []).append(item)

    def split(group: list) -> EventLists:
        return EventLists(*split_events(group, build_date, _when))

    return split(events), {slug: split(group) for slug, group in by_chapter.items()}


def _when(item: Item) -> tuple:
    return item.starts, item.ends, item.path


def day_of(value: Temporal) -> dt.date:
    """The calendar day as written (an offset's local day, not UTC's)."""
    return value.date() if isinstance(value, dt.datetime) else value


def is_upcoming(starts: Temporal, ends: Temporal | None, build_date: dt.date) -> bool:
    """Upcoming until its last day has passed: starting on or after, or ongoing."""
    return day_of(ends or starts) >= build_date


def start_key(starts: Temporal) -> tuple[dt.date, dt.time]:
    """Order by day and wall-clock time as written; all-day events first in a day."""
    if isinstance(starts, dt.datetime):
        return starts.date(), starts.time().replace(tzinfo=None)
    return starts, dt.time.min


def split_events(
    events: Iterable[T], build_date: dt.date, when: Callable[[T], tuple[Any, Any, str]]
) -> tuple[list[T], list[T]]:
    """(upcoming soonest first, past newest first).

    ``when(event)`` gives (starts, ends or None, a tie-break such as the source path).
    """

    def key(event: T) -> tuple:
        starts, _ends, tiebreak = when(event)
        return (*start_key(starts), tiebreak)

    upcoming: list[T] = []
    past: list[T] = []
    for event in events:
        starts, ends, _tiebreak = when(event)
        (upcoming if is_upcoming(starts, ends, build_date) else past).append(event)
    upcoming.sort(key=key)
    past.sort(key=key, reverse=True)
    return upcoming, past
