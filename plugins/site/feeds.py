"""Which feeds the site has: their titles, languages and URL paths (spec §5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..i18n.language import language_name
from ..model import urls
from ..model.languages import chapter_language

if TYPE_CHECKING:
    from ..model.areas import Area
    from ..model.chapters import Chapter

# What RFC 4151 allows in the specific part of a tag URI, besides unreserved characters.
_TAG_SAFE = "/?:@!$&'()*+,;=-._~"


def tag_uri(authority: str, year: str, path: str) -> str:
    """``tag:authority,year:/path``: a name that depends on nothing an edit can change.

    ``path`` is the site-relative URL path of the item or feed (``chapters/oslo/``).
    Every feed of the site names its entries and itself this way.
    """
    return f"tag:{authority},{year}:/{quote(path.lstrip('/'), safe=_TAG_SAFE)}"


@dataclass(frozen=True)
class Feed:
    """One scope (site, chapter or area) with its Atom and RSS files."""

    title: str
    description: str
    page: str  # the HTML page it follows, from the site root: "", "chapters/oslo/"
    language: str
    folder: str | None = None  # where its files are, when not beside its page
    formats: tuple[str, ...] = ("Atom", "RSS")  # the exchange's feed is Atom only

    def files(self) -> list[tuple[str, str]]:
        """(format, path) of each file of this feed: ("Atom", "chapters/oslo/atom.xml")."""
        paths = {"Atom": self.atom, "RSS": self.rss}
        return [(label, paths[label]) for label in self.formats]

    @property
    def atom(self) -> str:
        return urls.atom(self.page if self.folder is None else self.folder)

    @property
    def rss(self) -> str:
        return urls.rss(self.page if self.folder is None else self.folder)


@dataclass(frozen=True)
class Catalogue:
    site: Feed
    chapters: Mapping[str, Feed] = field(default_factory=dict)
    areas: Mapping[str, Feed] = field(default_factory=dict)
    languages: Mapping[str, Feed] = field(default_factory=dict)
    exchange: Feed | None = None  # offers and asks (the exchange output), if on

    def all(self) -> list[Feed]:
        """The site's feed, chapters by slug, areas in the settings' order,
        languages by tag, the exchange."""
        return [
            self.site,
            *(self.chapters[s] for s in sorted(self.chapters)),
            *self.areas.values(),
            *(self.languages[lang] for lang in sorted(self.languages)),
            *([self.exchange] if self.exchange else []),
        ]

    def for_page(
        self, chapter: object = None, area: object = None, lang: str | None = None
    ) -> list[Feed]:
        """The feeds a page links: its chapter's or area's, its language's, the site's."""
        own = self.chapters.get(getattr(chapter, "slug", None)) or self.areas.get(
            getattr(area, "key", None)
        )
        language = self.languages.get(lang) if lang else None
        return [feed for feed in (own, language, self.site) if feed is not None]


def catalogue(
    site_name: str,
    short_name: str,
    default_lang: str,
    chapters: Mapping[str, Chapter],
    areas: Iterable[Area],
    languages: Iterable[str] = (),
    exchange: bool = False,
) -> Catalogue:
    """Every feed of the site; a chapter's feed speaks the chapter's first language.

    ``languages`` are those of the published items: each gets a feed of the
    items written in it, titled with its own name for itself ('norsk bokmål').
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
                language=chapter_language(chapter, default_lang),
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
        languages={
            lang: Feed(
                title=f"{short_name} — {language_name(lang, lang)}",
                description=f"Posts, reports and events of {short_name} in "
                f"{language_name(lang, default_lang)}",
                page=urls.HOME,
                language=lang,
                folder=urls.language(lang),
            )
            for lang in sorted(languages)
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
