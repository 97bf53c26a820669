"""Streams of items: per chapter (with its descendants), per area; linear passes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from ..model.chapters import LEVEL_ORDER
from ..model.languages import chapter_languages
from ..model.tree import ancestors

T = TypeVar("T")
K = TypeVar("K")


def owners(item) -> list[str]:
    """The chapters a model item belongs to: its folder's and its joint ones."""
    return list(
        dict.fromkeys(([item.chapter] if item.chapter else []) + list(item.chapters))
    )


def streams(items: Iterable, parents: Mapping[str, str | None]) -> dict[str, list]:
    """For each chapter, the items of itself, its joint work and all its descendants.

    ``items`` are model items, newest first, and keep that order. Each item is
    visited once and climbs the tree from each chapter it belongs to, so the
    cost is items x depth, never items x chapters.
    """
    result: dict[str, list] = {slug: [] for slug in parents}
    ancestor_cache: dict[str, list[str]] = {}
    for item in items:
        reached: dict[str, None] = {}
        for owner in owners(item):
            if owner not in ancestor_cache:
                ancestor_cache[owner] = ancestors(owner, parents)
            for slug in (owner, *ancestor_cache[owner]):
                reached.setdefault(slug, None)
        for slug in reached:
            result[slug].append(item)
    return result


def kind_listings(items: Iterable) -> dict[tuple[str, str], list]:
    """For each (chapter, kind), the chapter's own items of that kind and the joint
    items that name it; not its descendants' (docs/content.md, "Listing pages").

    ``items`` keep their order (newest first). Only pairs with items appear, so a
    chapter has a listing page for exactly the kinds it has published.
    """
    result: dict[tuple[str, str], list] = {}
    for item in items:
        for owner in owners(item):
            result.setdefault((owner, item.kind), []).append(item)
    return result


def area_streams(items: Iterable, area_of: Mapping[str, str | None]) -> dict[str, list]:
    """For each area, the items of its chapters (joint items count for every area named)."""
    result: dict[str, list] = {}
    for item in items:
        for area in dict.fromkeys(area_of.get(owner) for owner in owners(item)):
            if area is not None:
                result.setdefault(area, []).append(item)
    return result


def grouped(
    members: Iterable[T],
    key: Callable[[T], K],
    order: Callable[[K], Any],
    within: Callable[[T], Any],
) -> list[tuple[K, list[T]]]:
    """``members`` (chapters, or what stands for one) grouped by ``key``, in one pass.

    Groups sorted by ``order`` of their key (equal ones as first met), each
    group's members by ``within``; a group without members never appears.
    The one way the directory, the area pages, /exchange/ and the map group
    chapters by area or country.
    """
    groups: dict[K, list[T]] = {}
    for member in members:
        groups.setdefault(key(member), []).append(member)
    return [
        (found, sorted(groups[found], key=within))
        for found in sorted(groups, key=order)
    ]


def by_name(chapter) -> tuple[str, str]:
    """Chapters in alphabetical order of their names, whatever their case."""
    return chapter.name.casefold(), chapter.slug


def by_level_and_name(chapter) -> tuple[int, str, str]:
    """Outermost chapters first (national, regional, local), then by name."""
    return LEVEL_ORDER[chapter.level], chapter.name.lower(), chapter.slug


def in_order(keys: Iterable[K]) -> Callable[[K | None], tuple[int, int]]:
    """An ``order`` for ``grouped``: ``keys`` as given, then None, then any other."""
    position = {key: index for index, key in enumerate(keys)}
    return lambda key: (
        (0, position[key]) if key in position else (1 if key is None else 2, 0)
    )


def directory_groups(
    chapters: Iterable, area_keys: Iterable[str]
) -> list[tuple[str | None, list]]:
    """Chapters grouped by area in the settings' order (no area last), then level and name."""
    return grouped(chapters, lambda c: c.area, in_order(area_keys), by_level_and_name)


def directory_languages(chapters: Iterable, default_lang: str) -> list[str]:
    """Every language some chapter declares, once each, by tag: the directory's language filter."""
    return sorted({tag for c in chapters for tag in chapter_languages(c, default_lang)})
