"""Which language a page is in, and which language its interface can be shown in (spec §5.1)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError


def page_language(context: Mapping[str, Any], default: str) -> str:
    """An item page in the item's ``lang``, a chapter's pages in its first language, else the default."""
    item = context.get("item")
    if item is not None and getattr(item, "lang", None):
        return item.lang
    chapter = context.get("chapter")
    if chapter is not None and getattr(chapter, "languages", None):
        return chapter.languages[0]
    return default


def interface_language(lang: str, available: Collection[str], default: str) -> str:
    """The catalogue a page in ``lang`` uses: its own, its primary language's ('pt' for pt-BR), else the default."""
    if lang in available:
        return lang
    primary = lang.split("-")[0]
    if primary in available:
        return primary
    return default


# Pages ask for the same few locales thousands of times in a build: parse each once.
@cache
def babel_locale(lang: str) -> Locale:
    """Babel's locale for a BCP 47 tag; English is written day-month-year (British English).

    A tag Babel does not know falls back to its primary language, then to English.
    """
    for candidate in _candidates(lang):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en_GB")


def _candidates(lang: str) -> list[str]:
    if lang == "en":
        return ["en-GB"]
    return [lang, lang.split("-")[0]]


@cache
def language_name(tag: str, in_lang: str) -> str:
    """'norsk bokmål' for nb shown in Norwegian, 'Norwegian Bokmål' in English; the tag if unknown."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return tag
    return locale.get_display_name(babel_locale(in_lang)) or tag
