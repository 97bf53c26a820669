"""Which feeds the site has: their titles, languages and URL paths (spec §5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import urls

if TYPE_CHECKING:
    from ..model.areas import Area
    from ..model.chapters import Chapter


@dataclass(frozen=True)
class Feed:
    """One scope (site, chapter or area) with its Atom and RSS files."""

    title: str
    description: str
    page: str  # the HTML page it follows, from the site root: "", "chapters/oslo/"
    language: str
    formats: tuple[str, ...] = ("Atom", "RSS")  # the exchange's feed is Atom only

    def files(self) -> list[tuple[str, str]]:
        """(format, path) of each file of this feed: ("Atom", "chapters/oslo/atom.xml")."""
        paths = {"Atom": self.atom, "RSS": self.rss}
        return [(label, paths[label]) for label in self.formats]

    @property
    def atom(self) -> str:
        return urls.atom(self.page)

    @property
    def rss(self) -> str:
        return urls.rss(self.page)


@dataclass(frozen=True)
class Catalogue:
    site: Feed
    chapters: Mapping[str, Feed] = field(default_factory=dict)
    areas: Mapping[str, Feed] = field(default_factory=dict)
    exchange: Feed | None = None  # offers and asks (the exchange output), if on

    def all(self) -> list[Feed]:
        """The site's feed, chapters by slug, areas in the settings' order, the exchange."""
        return [
            self.site,
            *(self.chapters[s] for s in sorted(self.chapters)),
            *self.areas.values(),
            *([self.exchange] if self.exchange else []),
        ]

    def for_page(self, chapter: object = None, area: object = None) -> list[Feed]:
        """The feeds a page links: its chapter's or area's first, then the site's."""
        own = self.chapters.get(getattr(chapter, "slug", None)) or self.areas.get(
            getattr(area, "key", None)
        )
        return [own, self.site] if own else [self.site]


def catalogue(
    site_name: str,
    short_name: str,
    default_lang: str,
    chapters: Mapping[str, Chapter],
    areas: Iterable[Area],
    exchange: bool = False,
) -> Catalogue:
    """Every feed of the site; a chapter's feed speaks the chapter's first language.

    ``exchange``: whether the exchange output writes /exchange/atom.xml.
    """
    return Catalogue(
        site=Feed(
            title=site_name,
            description=f"Posts, reports and events from every chapter of {short_name}",
            page=urls.HOME,
            language=default_lang,
        ),
        chapters={
            slug: Feed(
                title=chapter.name,
                description=_chapter_description(chapter),
                page=chapter.url,
                language=chapter.languages[0] if chapter.languages else default_lang,
            )
            for slug, chapter in chapters.items()
        },
        areas={
            area.key: Feed(
                title=f"{area.name} — {short_name}",
                description=f"Posts, reports and events of the chapters in {area.name}",
                page=urls.area(area.key),
                language=default_lang,
            )
            for area in areas
        },
        exchange=Feed(
            title=f"Offers and asks — {short_name}",
            description=f"What the chapters of {short_name} offer each other and "
            "what they are looking for, one entry per change",
            page=urls.EXCHANGE,
            language=default_lang,
            formats=("Atom",),
        )
        if exchange
        else None,
    )


def _chapter_description(chapter: Chapter) -> str:
    if chapter.level == "local":
        return f"Posts, reports and events of {chapter.name}"
    return f"Posts, reports and events of {chapter.name} and the chapters within it"
