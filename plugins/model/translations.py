"""Translations by file name (spec §3): each '<name>.<lang>.md' paired with its '<name>.md'."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from .chapters import Chapter
from .diagnostics import Diagnostic
from .items import Item
from .languages import item_language

# What a translation takes from its original when it does not say it itself.
SHARED_WHEN_MISSING = ("starts", "ends", "location", "online", "registration")


def pair_translations(
    items: Iterable[Item], chapters: Mapping[str, Chapter], default_lang: str
) -> tuple[list[Item], dict[str, tuple[Item, ...]], list[Diagnostic]]:
    """(the originals, the translations of each original by its path, the problems).

    A translation shares its original's date; an event's translation takes its
    time and place from the original where it does not give them. Problems:
    a translation without its original, a translation in the original's own
    language (``languages.item_language``: a chapter that declares none writes
    in ``default_lang``), two translations into one language, a date of its own.
    """
    originals: list[Item] = []
    pending: list[Item] = []
    for item in items:
        (pending if item.translation else originals).append(item)
    by_address = {(i.chapter, i.kind, i.slug): i for i in originals}
    found: dict[str, dict[str, Item]] = {}
    problems: list[Diagnostic] = []
    for item in sorted(pending, key=lambda i: i.path):
        lang = item.translation
        assert lang is not None
        original = by_address.get((item.chapter, item.kind, item.slug))
        name = item.path.rsplit("/", 1)[-1]
        base = name[: -len(f".{lang}.md")] if name.endswith(".md") else item.slug
        if original is None:
            problems.append(
                Diagnostic(
                    item.path,
                    0,
                    0,
                    f"is the '{lang}' translation of '{base}.md', which is not in "
                    "this folder",
                    f"add the original '{base}.md' beside it, or rename this file "
                    f"without '.{lang}' if it is an item of its own",
                )
            )
            continue
        if item_language(original, chapters, default_lang) == lang:
            problems.append(
                Diagnostic(
                    item.path,
                    0,
                    0,
                    f"is a second '{lang}' version of {original.path}, which is "
                    f"already in '{lang}'",
                    "keep one of the two files, or give the original its own 'lang:'",
                )
            )
            continue
        versions = found.setdefault(original.path, {})
        if lang in versions:
            problems.append(
                Diagnostic(
                    item.path,
                    0,
                    0,
                    f"is a second '{lang}' translation of {original.path}, after "
                    f"{versions[lang].path}",
                    "keep one of the two files",
                )
            )
            continue
        if item.date is not None and item.date != original.date:
            line, column = item.meta.mark(("date",)) if item.meta else (0, 0)
            problems.append(
                Diagnostic(
                    item.path,
                    line,
                    column,
                    f"a translation shares the date of its original ({original.path})",
                    "remove the 'date' line",
                )
            )
            continue
        shared = {
            name: getattr(original, name)
            for name in SHARED_WHEN_MISSING
            if getattr(item, name) is None
        }
        if shared.get("location"):  # written in the original's language
            shared["location_lang"] = item_language(original, chapters, default_lang)
        versions[lang] = dataclasses.replace(
            item,
            date=original.date,
            chapters=original.chapters,
            featured=False,
            **shared,
        )
    translations = {
        path: tuple(versions[lang] for lang in sorted(versions))
        for path, versions in found.items()
    }
    return originals, translations, problems
