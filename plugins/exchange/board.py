"""What /exchange/ shows: each chapter's offers and asks, its contact, grouped by area.

Pure functions of the chapters, the areas and the facts: no Pelican here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.tree import ancestors
from ..site.streams import by_name, grouped, in_order
from ..site.words import country_name

if TYPE_CHECKING:
    from ..model.areas import Area
    from ..model.chapters import Chapter

# The contact points a listing names, in the order they are preferred.
CONTACT_FIELDS = ("email", "website", "mailing_list")


@dataclass(frozen=True)
class Contact:
    """How to reach a chapter about an offer: an e-mail address or a web address."""

    kind: str  # "email", "website" or "mailing_list"
    value: str
    via: str | None = (
        None  # the slug of the chapter whose contact it is, if not its own
    )


@dataclass(frozen=True)
class Listing:
    """One chapter on the exchange."""

    chapter: Chapter
    contact: Contact | None  # None: the site's own contact address is the way
    date: dt.date  # when the listing was last confirmed (the feed's date)
    fingerprint: str  # of the offers and asks: a changed text is a new feed entry

    @property
    def slug(self) -> str:
        return self.chapter.slug


@dataclass(frozen=True)
class Group:
    """A heading of /exchange/: an area, or a country for chapters of no area."""

    anchor: str  # id of the heading: "area-eu", "country-us"
    name: str
    listings: tuple[Listing, ...]


def on_exchange(chapter: Chapter) -> bool:
    """Whether a chapter's offers and asks are shown: it has some and is not closed.

    A closed chapter holds no more meetings and answers no letters; its page
    says so, and `invoke check` warns about offers it still lists.
    """
    return bool(chapter.offers or chapter.asks) and not chapter.is_closed


def fingerprint(offers: Iterable[str], asks: Iterable[str]) -> str:
    """12 hex digits naming exactly this text: unchanged text, unchanged name."""
    text = json.dumps(
        {"offers": list(offers), "asks": list(asks)},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def listing_date(
    chapter: Chapter, last_updated: dt.date | None, build_date: dt.date
) -> dt.date:
    """The profile's 'updated' date; else the chapter's last update; else the build date.

    'updated' is the date the admins confirmed the profile, offers and asks
    included. A date after the build date is not yet true and is not used.
    """
    if chapter.updated is not None and chapter.updated <= build_date:
        return chapter.updated
    return last_updated or build_date


def contact_of(
    chapter: Chapter,
    chapters: Mapping[str, Chapter],
    parents: Mapping[str, str | None] | None = None,
) -> Contact | None:
    """The chapter's own contact; else an admin's e-mail; else its nearest ancestor's.

    ``parents`` (slug to parent slug) is derived from ``chapters`` when not given;
    callers that ask for many chapters pass it once.
    """
    own = _own_contact(chapter)
    if own is not None:
        return own
    if parents is None:
        parents = {slug: c.parent for slug, c in chapters.items()}
    for slug in ancestors(chapter.slug, parents):
        found = _own_contact(chapters[slug])
        if found is not None:
            return Contact(found.kind, found.value, via=slug)
    return None


def _own_contact(chapter: Chapter) -> Contact | None:
    contact = chapter.contact or {}
    for kind in CONTACT_FIELDS:
        if contact.get(kind):
            return Contact(kind, contact[kind])
    for admin in chapter.admins:
        if admin.email:
            return Contact("email", admin.email)
    return None


def listings(
    chapters: Mapping[str, Chapter],
    last_updated: Mapping[str, dt.date | None],
    build_date: dt.date,
) -> list[Listing]:
    """Every chapter on the exchange, by slug."""
    parents = {slug: chapter.parent for slug, chapter in chapters.items()}
    return [
        Listing(
            chapter=chapter,
            contact=contact_of(chapter, chapters, parents),
            date=listing_date(chapter, last_updated.get(slug), build_date),
            fingerprint=fingerprint(chapter.offers, chapter.asks),
        )
        for slug, chapter in sorted(chapters.items())
        if on_exchange(chapter)
    ]


def groups(shown: Iterable[Listing], areas: Iterable[Area]) -> list[Group]:
    """Areas in the settings' order, then countries (by name) for chapters of no area.

    Within a group, chapters by name. Area keys are checked against the
    settings, and every chapter has a country, so no chapter is left out.
    """
    names = {area.key: area.name for area in areas}
    area_order = in_order(names)

    def key(listing: Listing) -> tuple[str, str]:
        chapter = listing.chapter
        return ("area", chapter.area) if chapter.area else ("country", chapter.country)

    def order(found: tuple[str, str]) -> tuple:
        kind, code = found
        if kind == "area":
            return (0, area_order(code))
        return (1, country_name(code).casefold(), code)

    def heading(kind: str, code: str) -> tuple[str, str]:
        if kind == "area":
            return f"area-{code}", names.get(code, code)
        return f"country-{code.lower()}", country_name(code)

    return [
        Group(*heading(*found), tuple(members))
        for found, members in grouped(
            shown, key, order, lambda listing: by_name(listing.chapter)
        )
    ]
