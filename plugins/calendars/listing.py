"""Which events each chapter shows, split into upcoming and past by the build date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .recurrence import split_events


@dataclass(frozen=True)
class EventLists:
    upcoming: list = field(default_factory=list)  # soonest first
    past: list = field(default_factory=list)  # newest first

    @property
    def all(self) -> list:
        return self.upcoming + self.past


def owners(content) -> list[str]:
    """The chapters an item belongs to: its own folder's and the joint ones it names."""
    slugs = [content.chapter.slug] if content.chapter is not None else []
    return list(dict.fromkeys(slugs + [joint.slug for joint in content.joint]))


def event_lists(
    contents: Iterable, chapter_slugs: Iterable[str], build_date: dt.date
) -> tuple[EventLists, dict[str, EventLists]]:
    """Events of the whole federation, and of each chapter (own events and joint ones).

    ``contents`` are published items with ``kind``, ``chapter``, ``joint`` and
    ``item`` (the model Item with ``starts``, ``ends`` and ``path``).
    """
    events = [c for c in contents if c.kind == "events" and c.item.starts is not None]
    by_chapter: dict[str, list] = {slug: [] for slug in chapter_slugs}
    for content in events:
        for slug in owners(content):
            by_chapter.setdefault(slug, []).append(content)

    def split(group: list) -> EventLists:
        return EventLists(*split_events(group, build_date, _when))

    return split(events), {slug: split(group) for slug, group in by_chapter.items()}


def _when(content) -> tuple:
    return content.item.starts, content.item.ends, content.item.path
