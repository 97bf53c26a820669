"""Which language a chapter and an item are written in: one rule for the model and every output.

A chapter is in the languages its chapter.yaml declares, the first of them
foremost; a chapter that declares none is in the site's default language. An
item is in its own ``lang`` (a translation's is its file name's), else in its
chapter's first language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .chapters import Chapter
    from .items import Item


def chapter_languages(chapter: Chapter | None, default: str) -> tuple[str, ...]:
    """The languages a chapter declares, in its order; ``(default,)`` when it names none."""
    if chapter is not None and chapter.languages:
        return tuple(chapter.languages)
    return (default,)


def chapter_language(chapter: Chapter | None, default: str) -> str:
    """A chapter's first language; the default for a chapter that declares none, or none."""
    return chapter_languages(chapter, default)[0]


def item_language(item: Item, chapters: Mapping[str, Chapter], default: str) -> str:
    """An item's own 'lang', else its chapter's first language, else the default."""
    if item.lang:
        return item.lang
    chapter = chapters.get(item.chapter) if item.chapter else None
    return chapter_language(chapter, default)
