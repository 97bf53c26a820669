"""Pelican generator for the roll-up pages: chapters, areas, the directory and the home page."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.membership import membership_totals
from ..site.streams import directory_groups, directory_languages

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class ChapterPagesGenerator(Generator):
    """Writes /chapters/<slug>/ and its listings, /chapters/, /areas/<key>/ and / (paginated)."""

    def generate_context(self) -> None:
        pass  # everything it needs is in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        self._write_chapters(writer, site)
        self._write_listings(writer, site)
        self._write_directory(writer, site)
        self._write_areas(writer, site)
        self._write_home(writer, site)

    def _pages(self, items, site: SiteIndex, slug: str | None = None) -> list:
        """The pages of ``items`` as a listing of chapter ``slug`` (or of the
        site) shows them: each in the listing's language where translated."""
        pages = self.context["pages"]
        lang = site.listing_language(slug)
        return [pages[item.path] for item in site.versions_in(items, lang)]

    def _write(self, writer, url: str, template: str, **context) -> None:
        writer.write_file(
            urls.page_file(url),
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name=template,
            url=url,
            page_name=urls.page_file(url).removesuffix(".html"),
            **context,
        )

    def _write_chapters(self, writer, site: SiteIndex) -> None:
        chapters = site.chapters
        about = self.context.get("about", {})
        for slug, chapter in chapters.items():
            self._write(
                writer,
                urls.chapter(slug),
                "chapter",
                paginated={
                    "articles": self._pages(site.chapter_streams[slug], site, slug)
                },
                chapter=chapter,
                about=about[slug].content if slug in about else "",
                parent=chapters.get(chapter.parent) if chapter.parent else None,
                trail=[chapters[s] for s in site.trails[slug][:-1]],
                children=[chapters[s] for s in site.children.get(slug, [])],
            )

    def _write_listings(self, writer, site: SiteIndex) -> None:
        """/chapters/<slug>/<kind>/ for posts, reports and pages, where a chapter has any.

        A chapter's events listing is the calendars output's (upcoming, then past).
        """
        chapters = site.chapters
        for slug, chapter in chapters.items():
            for kind in site.listing_kinds(slug):
                if kind == "events":
                    continue
                self._write(
                    writer,
                    urls.listing(slug, kind),
                    "listing",
                    # Paginated where PAGINATED_TEMPLATES names "listing", else one page.
                    articles=self._pages(site.listing(slug, kind), site, slug),
                    chapter=chapter,
                    kind=kind,
                    trail=[chapters[s] for s in site.trails[slug]],
                )

    def _write_directory(self, writer, site: SiteIndex) -> None:
        self._write(
            writer,
            urls.DIRECTORY,
            "directory",
            groups=directory_groups(
                site.chapters.values(), site.settings.chapters.area_keys
            ),
            languages=directory_languages(
                site.chapters.values(), site.settings.default_lang
            ),
        )

    def _write_areas(self, writer, site: SiteIndex) -> None:
        for area in site.settings.chapters.areas:
            members = site.area_chapters.get(area.key, ())
            self._write(
                writer,
                urls.area(area.key),
                "area",
                paginated={
                    "articles": self._pages(site.area_streams.get(area.key, []), site)
                },
                area=area,
                groups=directory_groups(members, [area.key]),
                membership=membership_totals(
                    site.rows_by_slug, within=[c.slug for c in members]
                ),
            )

    def _write_home(self, writer, site: SiteIndex) -> None:
        facts = site.facts
        chapters = site.chapters.values()
        items = self._pages(site.items, site)
        self._write(
            writer,
            urls.HOME,
            "index",
            paginated={"articles": items},
            national=[c for c in chapters if c.level == "national"],
            unattached=[
                c for c in chapters if c.parent is None and c.level != "national"
            ],
            # Featured is the original's say (a translation takes its
            # original's place), shown in the home page's language.
            featured=[
                page
                for item, page in zip(site.items, items, strict=True)
                if item.featured
            ],
            activity_counts=Counter(f.activity for f in facts.values()),
            stale_count=sum(f.stale for f in facts.values()),
        )
