"""Rules of a feed entry: its stable id, absolute URLs, dates, and which items go in."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import nh3

from ..model.items import DATED_KINDS
from ..model.sanitize import (
    ATTRIBUTES,
    SAFE_SCHEMES,
    STYLE_PROPERTIES,
    TAGS,
    kept_style,
)

T = TypeVar("T")

# Attributes that hold a URL a feed reader would resolve against the wrong base.
_URL_ATTRIBUTES = frozenset({"href", "src"})
# What RFC 4151 allows in the specific part of a tag URI, besides unreserved characters.


@dataclass(frozen=True)
class Entry:
    """One item as a feed shows it: plain data, ready for Atom or RSS."""

    id: str
    url: str
    title: str
    content: str
    summary: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    lang: str
    published: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class Source:
    """What an item's entry is made from: its fields, with the HTML as the page has it.

    Cheap to make (no copy of the HTML), and all an entry depends on: the feeds'
    cache (``cache.py``) keys a feed's files by the sources of its entries.
    """

    id: str
    url: str
    title: str
    body: str
    summary: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    lang: str
    published: dt.datetime
    updated: dt.datetime
    iframe_hosts: tuple[str, ...]


def make_entry(source: Source) -> Entry:
    """The entry of ``source``: its HTML cleaned, with links made absolute."""
    content = absolutize_html(source.body, source.url, source.iframe_hosts)
    return Entry(
        id=source.id,
        url=source.url,
        title=source.title,
        content=content,
        # A one-paragraph text is its own summary: cleaned once.
        summary=content
        if source.summary == source.body
        else absolutize_html(source.summary, source.url, source.iframe_hosts),
        authors=source.authors,
        tags=source.tags,
        lang=source.lang,
        published=source.published,
        updated=source.updated,
    )


def event_details_html(when: str, location: str | None, online: str | None) -> str:
    """'When: ... Where: ...' as a paragraph that opens an event's entry (text escaped)."""
    lines = [f"<strong>When:</strong> {escape(when)}"]
    if location:
        lines.append(f"<strong>Where:</strong> {escape(location)}")
    if online:
        link = escape(online, quote=True)
        lines.append(f'<strong>Online:</strong> <a href="{link}">{link}</a>')
    return "<p>" + "<br>\n".join(lines) + "</p>"


def absolutize_html(html: str, page_url: str, iframe_hosts: Iterable[str] = ()) -> str:
    """The HTML with every relative href and src resolved against ``page_url``.

    A feed reader has no page to resolve ``/chapters/oslo/`` against, so links are
    made absolute the way a browser on ``page_url`` would resolve them. The HTML is
    cleaned again against the site's allowlist on the way, so whatever reaches a
    feed meets the same rules as the pages (spec §4.2) even if it came another way.
    """
    cleaner = _cleaner(frozenset(iframe_hosts))
    before, _page.url = getattr(_page, "url", None), page_url
    try:
        return cleaner.clean(html)
    finally:
        _page.url = before


# The page whose links this thread's cleaning resolves: the cleaner below is
# made once, its attribute filter with it, and each call says which page.
_page = threading.local()


@cache
def _cleaner(hosts: frozenset[str]) -> nh3.Cleaner:
    """nh3's cleaner for feeds, made once per set of iframe hosts (``nh3.clean``
    converts the allowlist on every call: 30 us, twice for each entry)."""

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style":
            return kept_style(tag, value)  # the pages' rule
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value)
            if parts.scheme != "https" or parts.hostname not in hosts:
                return None
        if attribute in _URL_ATTRIBUTES and value:
            return urljoin(_page.url, value)
        return value

    tags = TAGS | {"iframe"} if hosts else TAGS
    return nh3.Cleaner(
        tags=set(tags),
        attributes={t: set(a) for t, a in ATTRIBUTES.items() if t in tags or t == "*"},
        url_schemes=set(SAFE_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        attribute_filter=attribute_filter,
        link_rel="noopener",
        strip_comments=True,
    )


def choose_entries(
    items: Iterable[T], limit: int, kinds: Sequence[str] = DATED_KINDS
) -> list[T]:
    """The first ``limit`` items of the dated kinds, newest first as given."""
    chosen: list[T] = []
    for item in items:
        if len(chosen) >= limit:
            break
        if getattr(item, "kind", None) in kinds:
            chosen.append(item)
    return chosen


def aware(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A naive datetime read as wall time in ``zone``; aware ones pass unchanged."""
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def plain_datetime(moment: dt.datetime) -> dt.datetime:
    """``moment`` as a ``datetime.datetime``, not a subclass of it.

    feedgen writes every RSS date with ``strftime``, and Pelican's dates are
    ``SafeDatetime``, whose ``strftime`` goes through Python for each directive:
    a fifth of the time spent rendering the feeds. The same instant, zone and fold.
    """
    if type(moment) is dt.datetime:
        return moment
    return dt.datetime.combine(moment.date(), moment.timetz())


def entry_updated(date: dt.datetime, modified: dt.datetime | None) -> dt.datetime:
    """When the entry last changed: ``modified`` when it is later than ``date``."""
    return max(date, modified) if modified is not None else date


def feed_updated(entries: Iterable[Entry], build_date: dt.date) -> dt.datetime:
    """The newest entry's update; an empty feed takes the build date, never "now"."""
    newest = max((entry.updated for entry in entries), default=None)
    if newest is not None:
        return newest
    return dt.datetime(build_date.year, build_date.month, build_date.day, tzinfo=dt.UTC)
