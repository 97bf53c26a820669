"""The exchange's Atom feed: one entry per chapter listing, named by its text.

A static build has no memory of earlier builds, so "what changed" is read off
the content: each chapter on the exchange is one entry whose id joins the
chapter's slug to a fingerprint of its offers and asks. Unchanged text keeps
its id whatever else changes; a changed offer or ask is a new id, which feed
readers show as a new entry. Entries are dated by the profile's 'updated'
(docs/exchange.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from ..model import urls
from ..site.feeds import Feed, tag_uri
from ..site.words import Message, plural_message
from .board import Listing

# Named without a version so that upgrading feedgen does not change the feed.
GENERATOR = "Chapterhouse"


def entry_path(listing: Listing) -> str:
    """The path part of an entry's id: exchange/<chapter>/<fingerprint>."""
    return f"{urls.EXCHANGE}{listing.slug}/{listing.fingerprint}"


def entry_title(listing: Listing, say: Callable[[Message], str] = str) -> str:
    """'IOPS Wien: 2 offers, 1 ask'; ``say`` writes the counts in the feed's language.

    The counts are plural messages (docs/translating.md); ``str`` says them in English.
    """
    chapter = listing.chapter
    parts = []
    if chapter.offers:
        n = len(chapter.offers)
        # TRANSLATORS: a feed entry's title on /exchange/: 'IOPS Wien: 2 offers, 1 ask'
        parts.append(say(plural_message("{n} offer", "{n} offers", n)))
    if chapter.asks:
        n = len(chapter.asks)
        parts.append(say(plural_message("{n} ask", "{n} asks", n)))
    return f"{chapter.name}: {', '.join(parts)}"


def entry_html(listing: Listing, chapter_url: str | None) -> str:
    """The offers and asks as lists, every text escaped, and where to write."""
    chapter = listing.chapter
    name = escape(chapter.name)
    html = []
    for heading, lines in (
        (f"{name} can offer", chapter.offers),
        (f"{name} is looking for", chapter.asks),
    ):
        if lines:
            html.append(f"<p><strong>{heading}:</strong></p>")
            html.append(
                "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
            )
    if chapter_url is not None:
        link = escape(chapter_url + "#join", quote=True)
        html.append(f'<p>Contact: see <a href="{link}">how to reach {name}</a>.</p>')
    return "\n".join(html)


def moment(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """Midnight of ``day`` in the site's time zone: a date has no time of its own."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def newest_first(shown: Sequence[Listing]) -> list[Listing]:
    """By date, newest first; chapters of the same date by slug."""
    return sorted(shown, key=lambda listing: (-listing.date.toordinal(), listing.slug))


def exchange_atom(
    feed: Feed,
    shown: Sequence[Listing],
    *,
    base_url: str,
    authority: str,
    tag_year: str,
    zone: dt.tzinfo,
    build_date: dt.date,
    author: str,
    limit: int,
    chapter_pages: bool = True,
    say: Callable[[Message], str] = str,
) -> bytes:
    """Atom for the newest ``limit`` listings; an empty feed is dated by the build.

    An entry links its chapter page's block, or, without chapter pages (the
    rollup output switched off), its listing on /exchange/. ``say`` writes
    a message in the feed's language (``str``: English).
    """
    chosen = newest_first(shown)[:limit]
    newest = chosen[0].date if chosen else build_date
    from feedgen.feed import FeedGenerator  # when made: see feeds/render.py

    generator = FeedGenerator()
    generator.generator(GENERATOR)
    generator.id(tag_uri(authority, tag_year, feed.atom))
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.author(name=author)
    generator.link(href=urls.absolute(base_url, feed.atom), rel="self")
    generator.link(href=urls.absolute(base_url, feed.page), rel="alternate")
    generator.language(feed.language)
    generator.updated(moment(newest, zone))
    for listing in chosen:
        chapter_url = urls.absolute(base_url, listing.chapter.url)
        if chapter_pages:
            link = f"{chapter_url}#exchange"
        else:
            link = f"{urls.absolute(base_url, feed.page)}#chapter-{listing.slug}"
        when = moment(listing.date, zone)
        entry = generator.add_entry(order="append")
        entry.id(tag_uri(authority, tag_year, entry_path(listing)))
        entry.title(entry_title(listing, say))
        entry.link(href=link, rel="alternate")
        entry.content(
            entry_html(listing, chapter_url if chapter_pages else None), type="html"
        )
        entry.published(when)
        entry.updated(when)
    return generator.atom_str(pretty=True)
