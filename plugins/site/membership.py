"""Membership totals that count every member once (spec §4, "membership totals").

A national or regional chapter's `members.count` already includes the members
of its chapters, so adding every chapter's figure counts them twice. A
chapter's total is its own figure where it gives one, else the sum of its
children's totals; a group of chapters (an area, a country, the federation)
adds up the totals of its outermost chapters. Women are totalled by the same
rule from `members.women`. Pure functions over plain rows: the report, the
exports and any page use the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Membership:
    members: int  # every member once
    women: int  # by the same rule, from the chapters that give a figure for women
    chapters: int  # chapters in the group
    without_figure: int  # of those, how many gave no member count of their own
    # of ``members``, those counted from figures not confirmed within the
    # settings' window (the rows' ``membership_stale``)
    unconfirmed: int = 0


def membership_totals(
    rows: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]],
    within: Iterable[str] | None = None,
) -> Membership:
    """The totals of the chapters ``within`` (slugs; default: every row).

    ``rows`` hold ``slug``, ``parent``, ``members_count`` and ``members_women``
    (the export rows). Only chapters of the group count: a chapter whose
    ancestors are all outside the group is one of its outermost chapters, and a
    chapter without a figure adds the totals of its children in the group.
    Given by slug (``SiteIndex.rows_by_slug``), the totals of a group cost the
    group's size, not the whole federation's.
    """
    by_slug = rows if isinstance(rows, Mapping) else {row["slug"]: row for row in rows}
    group = set(by_slug) if within is None else {s for s in within if s in by_slug}
    children: dict[str, list[str]] = {}
    roots = []
    for slug in sorted(group):
        parent = _nearest_in(group, by_slug[slug]["parent"], by_slug)
        if parent is None:
            roots.append(slug)
        else:
            children.setdefault(parent, []).append(slug)

    def total(slug: str, key: str, stale_only: bool = False) -> int:
        row = by_slug[slug]
        own = row[key]
        if own is not None:
            return own if not stale_only or row.get("membership_stale") else 0
        return sum(total(child, key, stale_only) for child in children.get(slug, ()))

    return Membership(
        members=sum(total(slug, "members_count") for slug in roots),
        women=sum(total(slug, "members_women") for slug in roots),
        chapters=len(group),
        without_figure=sum(by_slug[slug]["members_count"] is None for slug in group),
        unconfirmed=sum(total(slug, "members_count", True) for slug in roots),
    )


def _nearest_in(group, slug, by_slug) -> str | None:
    """The nearest of ``slug`` and its ancestors that is in the group, if any."""
    while slug is not None and slug not in group:
        slug = by_slug[slug]["parent"] if slug in by_slug else None
    return slug
