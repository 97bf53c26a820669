"""The chapter tree and each chapter's activity stream, computed in one linear pass."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model.tree import ancestors


def streams(
    items: Iterable, parents: Mapping[str, str | None]
) -> dict[str, list]:
    """For each chapter, the items of itself, its joint work and all its descendants.

    ``items`` come newest first and keep that order. Each item is visited once
    and climbs the tree from each chapter it belongs to, so the cost is items x
    depth, never items x chapters.
    """
    result: dict[str, list] = {slug: [] for slug in parents}
    ancestor_cache: dict[str, list[str]] = {}
    for item in items:
        owners = [item.chapter.slug] if item.chapter else []
        owners += [joint.slug for joint in item.joint]
        reached: dict[str, None] = {}
        for owner in owners:
            if owner not in ancestor_cache:
                ancestor_cache[owner] = ancestors(owner, parents)
            for slug in (owner, *ancestor_cache[owner]):
                reached.setdefault(slug, None)
        for slug in reached:
            result[slug].append(item)
    return result
