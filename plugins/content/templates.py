"""Jinja helpers that turn the site index's model items into the pages templates show."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import pass_context


@pass_context
def as_pages(context, items: Iterable) -> list:
    """``{% for page in site.chapter_streams[slug]|pages %}``: items as content objects."""
    pages = context["pages"]
    return [pages[item.path] for item in items]
