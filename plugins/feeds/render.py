"""Atom and RSS from plain entries (with feedgen); the OPML list (with ElementTree)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model.urls import absolute as absolute_url
from ..site.feeds import Feed
from .entries import Entry

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

# Named without a version so that upgrading feedgen does not change every feed.
GENERATOR = "Chapterhouse"

# An ampersand that could begin a character reference (&amp; &#38; &lt;).
_REFERENCE_START = re.compile(r"&(?=[A-Za-z0-9#])")


def plain_text(text: str) -> str:
    """``text`` as the same characters whether a reader takes it as text or HTML.

    RSS readers take a channel description as HTML by convention, others as
    text. Angle brackets become the similar single angle quotation marks, so no
    tag can form, and an ``&`` that could start a character reference becomes
    the fullwidth ampersand (docs/feeds.md).
    """
    text = text.replace("<", "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}")
    text = text.replace(">", "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}")
    return _REFERENCE_START.sub("\N{FULLWIDTH AMPERSAND}", text)


def atom_xml(
    feed: Feed,
    entries: Sequence[Entry],
    *,
    base_url: str,
    feed_id: str,
    updated: dt.datetime,
    author: str,
) -> bytes:
    """Atom: full HTML content, authors, categories, dc:language per entry."""
    generator = _generator(feed, base_url, feed.atom, updated, feed.title)
    generator.id(feed_id)
    generator.author(name=author)
    generator.subtitle(plain_text(feed.description))
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.link(href=entry.url, rel="alternate")
        # Atom says its titles and names are text (RFC 4287, 3.1): as written.
        _common(item, entry, entry.title, entry.tags)
        if entry.authors:
            item.author([{"name": name} for name in entry.authors])
    return generator.atom_str(pretty=True)


def rss_xml(
    feed: Feed, entries: Sequence[Entry], *, base_url: str, updated: dt.datetime
) -> bytes:
    """The RSS 2.0 document: summary in description, full HTML in content:encoded.

    RSS wants an e-mail address in <author>; our authors are names, so they go
    in dc:creator. The guid is the same tag URI as the Atom id, not a permalink.
    RSS does not say whether its text is text or HTML, and many readers take
    it as HTML: titles, categories and creators are plain text too.
    """
    generator = _generator(feed, base_url, feed.rss, updated, plain_text(feed.title))
    generator.description(plain_text(feed.description))
    for entry in entries:
        item = generator.add_entry(order="append")
        item.guid(entry.id, permalink=False)
        item.link(href=entry.url)
        tags = tuple(plain_text(tag) for tag in entry.tags)
        _common(item, entry, plain_text(entry.title), tags)
        if entry.authors:
            item.dc.dc_creator([plain_text(name) for name in entry.authors])
    return generator.rss_str(pretty=True)


def _generator(
    feed: Feed, base_url: str, self_path: str, updated: dt.datetime, title: str
) -> FeedGenerator:
    # Imported when a feed is made: a rebuild that copies every feed from the
    # cache never loads feedgen and lxml (0.01 s and 4 MB of memory).
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.generator(GENERATOR)
    generator.title(title)
    generator.link(href=absolute_url(base_url, self_path), rel="self")
    # feedgen takes the last link as RSS <link>: the page, not the feed itself.
    generator.link(href=absolute_url(base_url, feed.page), rel="alternate")
    generator.language(feed.language)
    generator.updated(updated)  # also RSS lastBuildDate; feedgen's default is "now"
    return generator


def _common(item, entry: Entry, title: str, tags: Sequence[str]) -> None:
    item.title(title)
    item.content(entry.content, type="html")
    if entry.summary:
        item.summary(entry.summary, type="html")
    item.published(entry.published)
    item.updated(entry.updated)
    if tags:
        # One call: feedgen rebuilds its whole RSS list on every call, so a call
        # per tag costs time quadratic in the number of tags.
        item.category([{"term": tag} for tag in tags])
    item.dc.dc_language(entry.lang)


def opml_xml(title: str, feeds: Sequence[Feed], base_url: str) -> bytes:
    """OPML 2.0 listing each file (Atom, RSS) of every feed, each with its title."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(opml, "body")
    for feed in feeds:
        for label, path in feed.files():
            name = f"{feed.title} ({label})"
            ET.SubElement(
                body,
                "outline",
                type="rss",
                text=name,
                title=name,
                description=feed.description,
                language=feed.language,
                xmlUrl=absolute_url(base_url, path),
                htmlUrl=absolute_url(base_url, feed.page),
            )
    ET.indent(opml)
    return ET.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"
