"""Pure functions for each derived fact of a chapter (spec §4); no Pelican here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n.messages import message, plural_message
from ..model.chapters import Chapter
from ..model.items import DATED_KINDS
from .settings import FreshnessSettings

FREQUENCY_WORDS = {
    "weekly": message("meets every week"),
    "fortnightly": message("meets every other week"),
    "monthly": message("meets every month"),
    "bimonthly": message("meets every two months"),
    "quarterly": message("meets every three months"),
    "irregular": message("meets irregularly"),
}


@dataclass(frozen=True)
class Criterion:
    key: str
    met: bool
    reason: str


def whole_percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` in whole per cent, rounded down: 8 of 27 (29.6%) is
    29, never the 30 a criterion of "at least 30%" misses."""
    return part * 100 // whole


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


def is_work(item) -> bool:
    """A post, report or event: what a chapter did (a page is what it is)."""
    return getattr(item, "kind", "posts") in DATED_KINDS


def activity_day(item, build_date: dt.date) -> dt.date | None:
    """The day an item last showed its chapter at work: ``item_day``, or for an
    event that has taken place the day it started, if later (an event
    announced in the spring and held last week is last week's work)."""
    day = item_day(item, build_date)
    starts = getattr(item, "starts", None)
    if isinstance(starts, dt.datetime):  # in the event's own zone
        starts = starts.date()
    if starts is None or starts > build_date:
        return day
    return starts if day is None else max(day, starts)


def work_day(item, build_date: dt.date) -> dt.date | None:
    """The day of an item's work, for counting work by month or year: a held
    event's first day, else the day it was published (never a later edit:
    fixing a typo in an old post is not that month's work); None before it."""
    starts = getattr(item, "starts", None)
    if isinstance(starts, dt.datetime):
        starts = starts.date()
    if starts is not None and starts <= build_date:
        return starts
    if item.date is None or item.date.date() > build_date:
        return None
    return item.date.date()


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


# How often, for "meets at least ...", shortest interval first.
_AT_LEAST_EVERY = {
    "weekly": message("every week"),
    "fortnightly": message("every other week"),
    "monthly": message("every month"),
    "bimonthly": message("every two months"),
    "quarterly": message("every three months"),
}


def criteria_in_words(settings: FreshnessSettings) -> list:
    """The working-chapter criteria as the settings hold them, in words for a
    reader ("meets at least every two months"), in the order a page lists them."""
    often = [f for f in _AT_LEAST_EVERY if f in settings.working_frequencies]
    return [
        message("meets at least {often}", often=_AT_LEAST_EVERY[often[-1]])
        if often
        else message("meets regularly"),
        message(
            "keeps its page up to date (updated within {days} days)",
            days=settings.stale_days["local"],
        ),
        plural_message(
            "has at least {n} member", "has at least {n} members", settings.min_members
        ),
        message(
            "at least {share}% women among its members",
            share=round(settings.min_women_share * 100),
        ),
        plural_message(
            "has at least {n} admin who keeps its page",
            "has at least {n} admins who keep its page",
            settings.min_admins,
        ),
    ]


def counts_as_working(chapter: Chapter) -> bool:
    """Whether a chapter may count as a working chapter: not one that has
    closed or says itself that it is dormant, whatever criteria it meets."""
    return chapter.status not in ("closed", "dormant")


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
            FREQUENCY_WORDS.get(frequency, frequency)
            if frequency
            else message("no regular meetings given"),
        ),
        Criterion(
            "page-current",
            not stale,
            message("page is up to date")
            if not stale
            else message("page is out of date"),
        ),
    ]
    count = members.count if members else None
    criteria.append(
        Criterion(
            "members",
            count is not None and count >= settings.min_members,
            plural_message(
                "{n} member (at least {needed} needed)",
                "{n} members (at least {needed} needed)",
                count,
                needed=settings.min_members,
            )
            if count is not None
            else message("membership not given"),
        )
    )
    women = members.women if members else None
    share_needed = round(settings.min_women_share * 100)
    if women is None or not count:
        criteria.append(
            Criterion(
                "women",
                False,
                message(
                    "share of women unknown (at least {needed}% needed)",
                    needed=share_needed,
                ),
            )
        )
    else:
        share = women / count
        criteria.append(
            Criterion(
                "women",
                share >= settings.min_women_share,
                message(
                    "{share}% women (at least {needed}% needed)",
                    share=whole_percent(women, count),
                    needed=share_needed,
                ),
            )
        )
    admins = len(chapter.admins)
    criteria.append(
        Criterion(
            "admins",
            admins >= settings.min_admins,
            plural_message(
                "{n} admin (at least {needed} needed)",
                "{n} admins (at least {needed} needed)",
                admins,
                needed=settings.min_admins,
            ),
        )
    )
    return criteria


def age_in_words(then: dt.date, now: dt.date) -> str:
    """'1 year and 4 months ago', 'today', '3 days ago' (calendar months, not 30-day blocks)."""
    if then >= now:
        return message("today")
    months = (now.year - then.year) * 12 + now.month - then.month
    if now.day < then.day:
        months -= 1
    if months <= 0:
        days = (now - then).days
        return plural_message("{n} day ago", "{n} days ago", days)
    years, months = divmod(months, 12)
    if not months:
        return plural_message("{n} year ago", "{n} years ago", years)
    if not years:
        return plural_message("{n} month ago", "{n} months ago", months)
    return message(
        "{years} and {months} ago",
        # TRANSLATORS: the parts of '{years} and {months} ago', e.g. '1 year'
        years=plural_message("{n} year", "{n} years", years),
        months=plural_message("{n} month", "{n} months", months),
    )


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
    # its own and joint posts, reports and events of the last 365 days
    items_last_year: int = 0
    # active only by its chapters' work, not its own (a national page whose
    # admins publish nothing while its local chapters do)
    active_through_chapters: bool = False


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
    last_year = dict.fromkeys(chapters, 0)
    own_newest: dict[str, dt.date | None] = dict.fromkeys(chapters)
    year_ago = build_date - dt.timedelta(days=365)
    for item in items:
        day = activity_day(item, build_date)
        if item.chapter in own:
            own[item.chapter].append(item)
        if day is None:
            continue
        owners = ([item.chapter] if item.chapter else []) + list(item.chapters)
        worked = work_day(item, build_date) if is_work(item) else None
        for owner in owners:
            if worked is not None and worked > year_ago and owner in last_year:
                last_year[owner] += 1
            if owner in own_newest and (
                own_newest[owner] is None or day > own_newest[owner]
            ):
                own_newest[owner] = day
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
            working = counts_as_working(chapter) and all(c.met for c in criteria)
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
            items_last_year=last_year[slug],
            active_through_chapters=(
                activity(chapter, newest[slug], build_date, settings) == "active"
                and activity(chapter, own_newest[slug], build_date, settings)
                != "active"
            ),
        )
        for slug, chapter in chapters.items()
    }
