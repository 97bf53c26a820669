"""Jinja helpers that turn the site index's model items into the pages templates show."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import pass_context


@pass_context
def as_pages(context, items: Iterable, lang: str | None = None) -> list:
    """``{% for page in site.upcoming(slug)|pages(lang) %}``: items as content
    objects; given the listing's ``lang``, each in that language where
    translated (spec §3)."""
    pages = context["pages"]
    if lang is not None:
        items = context["site"].versions_in(items, lang)
    return [pages[item.path] for item in items]
