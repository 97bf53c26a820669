"""Pure functions for each derived fact of a chapter (spec §4); no Pelican here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..model.chapters import Chapter
from .settings import FreshnessSettings

FREQUENCY_WORDS = {
    "weekly": "every week",
    "fortnightly": "every other week",
    "monthly": "every month",
    "bimonthly": "every two months",
    "quarterly": "every three months",
    "irregular": "irregularly",
}


@dataclass(frozen=True)
class Criterion:
    key: str
    met: bool
    reason: str


def item_day(item, build_date: dt.date) -> dt.date | None:
    """The newest of an item's date and modified that is not after the build date.

    A date in the future counts for nothing until a build on or after it, like a
    scheduled item (spec §4), so a typo such as 2099 cannot keep a page fresh.
    """
    days = [
        d.date()
        for d in (item.date, item.modified)
        if d is not None and d.date() <= build_date
    ]
    return max(days) if days else None


def last_updated(
    chapter: Chapter, own_items: Iterable, build_date: dt.date
) -> dt.date | None:
    """Newest date/modified of the chapter's own items, or its profile's 'updated'."""
    days = [
        day for item in own_items if (day := item_day(item, build_date)) is not None
    ]
    if chapter.updated is not None and chapter.updated <= build_date:
        days.append(chapter.updated)
    return max(days) if days else None


def is_stale(
    chapter: Chapter,
    updated: dt.date | None,
    build_date: dt.date,
    settings: FreshnessSettings,
) -> bool:
    """Never updated, or older than the level's threshold; closed chapters never are."""
    start = stale_from(chapter, updated, settings)
    return start is not None and build_date >= start


def stale_from(
    chapter: Chapter, updated: dt.date | None, settings: FreshnessSettings
) -> dt.date | None:
    """The first build date on which the page counts as stale (None: never, when closed)."""
    if chapter.is_closed:
        return None
    if updated is None:
        return dt.date.min
    return updated + dt.timedelta(days=settings.stale_days[chapter.level] + 1)


def activity(
    chapter: Chapter,
    newest: dt.date | None,
    build_date: dt.date,
    settings: FreshnessSettings,
) -> str:
    """active / quiet / dormant from the newest item of the chapter's stream; or closed."""
    if chapter.is_closed:
        return "closed"
    if newest is None:
        return "dormant"
    age = (build_date - newest).days
    if age <= settings.active_days:
        return "active"
    if age <= settings.quiet_days:
        return "quiet"
    return "dormant"


def membership_stale(
    chapter: Chapter, build_date: dt.date, settings: FreshnessSettings
) -> bool:
    if chapter.members is None:
        return False
    return (build_date - chapter.members.as_of).days > settings.membership_days


def working_criteria(
    chapter: Chapter, stale: bool, settings: FreshnessSettings
) -> list[Criterion]:
    """Each working-chapter criterion, met or missed, with the reason in words."""
    meetings = chapter.meetings
    members = chapter.members
    frequency = meetings.frequency if meetings else None
    criteria = [
        Criterion(
            "meets-regularly",
            frequency in settings.working_frequencies,
            f"meets {FREQUENCY_WORDS.get(frequency, frequency)}"
            if frequency
            else "no regular meetings given",
        ),
        Criterion(
            "page-current",
            not stale,
            "page is up to date" if not stale else "page is out of date",
        ),
    ]
    count = members.count if members else None
    criteria.append(
        Criterion(
            "members",
            count is not None and count >= settings.min_members,
            f"{count} member{'s' if count != 1 else ''} "
            f"(at least {settings.min_members} needed)"
            if count is not None
            else "membership not given",
        )
    )
    women = members.women if members else None
    share_needed = round(settings.min_women_share * 100)
    if women is None or not count:
        criteria.append(
            Criterion(
                "women",
                False,
                f"share of women unknown (at least {share_needed}% needed)",
            )
        )
    else:
        share = women / count
        criteria.append(
            Criterion(
                "women",
                share >= settings.min_women_share,
                f"{round(share * 100)}% women (at least {share_needed}% needed)",
            )
        )
    admins = len(chapter.admins)
    criteria.append(
        Criterion(
            "admins",
            admins >= settings.min_admins,
            f"{admins} admin{'s' if admins != 1 else ''} "
            f"(at least {settings.min_admins} needed)",
        )
    )
    return criteria


def age_in_words(then: dt.date, now: dt.date) -> str:
    """'1 year and 4 months ago', 'today', '3 days ago' (calendar months, not 30-day blocks)."""
    if then >= now:
        return "today"
    months = (now.year - then.year) * 12 + now.month - then.month
    if now.day < then.day:
        months -= 1
    if months <= 0:
        days = (now - then).days
        return f"{days} day{'s' if days != 1 else ''} ago"
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " and ".join(parts) + " ago"


@dataclass(frozen=True)
class ChapterFacts:
    """Every derived fact of one chapter, computed once and shown the same everywhere."""

    last_updated: dt.date | None
    stale: bool
    newest: dt.date | None  # newest item of the chapter, its joint work and descendants
    activity: str
    membership_stale: bool
    criteria: tuple[Criterion, ...] | None  # local chapters only
    working: bool | None
    working_descendants: int
    local_descendants: int


def federation_facts(
    chapters: dict[str, Chapter],
    items: Iterable,
    build_date: dt.date,
    settings: FreshnessSettings,
) -> dict[str, ChapterFacts]:
    """Facts of every chapter from the published items, in one pass over the items.

    ``items`` are model Items already filtered to what the build publishes.
    Each item touches its own chapter, its joint chapters and their ancestors,
    so the cost is items x depth.
    """
    from ..model.tree import ancestors

    parents = {slug: chapter.parent for slug, chapter in chapters.items()}
    up = {slug: ancestors(slug, parents) for slug in chapters}
    own: dict[str, list] = {slug: [] for slug in chapters}
    newest: dict[str, dt.date | None] = dict.fromkeys(chapters)
    for item in items:
        day = item_day(item, build_date)
        if item.chapter in own:
            own[item.chapter].append(item)
        if day is None:
            continue
        owners = ([item.chapter] if item.chapter else []) + list(item.chapters)
        for owner in owners:
            for slug in (owner, *up.get(owner, ())):
                if newest[slug] is None or day > newest[slug]:
                    newest[slug] = day

    partial: dict[str, tuple] = {}
    for slug, chapter in chapters.items():
        updated = last_updated(chapter, own[slug], build_date)
        stale = is_stale(chapter, updated, build_date, settings)
        criteria = (
            working_criteria(chapter, stale, settings)
            if chapter.level == "local"
            else None
        )
        working = None
        if criteria is not None:
            working = not chapter.is_closed and all(c.met for c in criteria)
        partial[slug] = (updated, stale, criteria, working)

    working_below = dict.fromkeys(chapters, 0)
    locals_below = dict.fromkeys(chapters, 0)
    for slug, chapter in chapters.items():
        if chapter.level != "local":
            continue
        for ancestor in up[slug]:
            locals_below[ancestor] += 1
            working_below[ancestor] += bool(partial[slug][3])

    return {
        slug: ChapterFacts(
            last_updated=partial[slug][0],
            stale=partial[slug][1],
            newest=newest[slug],
            activity=activity(chapter, newest[slug], build_date, settings),
            membership_stale=membership_stale(chapter, build_date, settings),
            criteria=tuple(partial[slug][2]) if partial[slug][2] is not None else None,
            working=partial[slug][3],
            working_descendants=working_below[slug],
            local_descendants=locals_below[slug],
        )
        for slug, chapter in chapters.items()
    }
