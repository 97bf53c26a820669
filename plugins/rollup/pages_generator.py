"""Pelican generator for the roll-up pages: chapters, areas, the directory and the home page."""

from __future__ import annotations

from collections import Counter

from pelican.generators import Generator

from ..content.contents import ItemPage
from ..content.sanitize import sanitised
from ..model.tree import ancestors
from .tree import area_streams, directory_groups, streams


class ChapterPagesGenerator(Generator):
    """Writes /chapters/<slug>/, /chapters/, /areas/<key>/ and / (activity paginated)."""

    def generate_context(self) -> None:
        pass  # everything it needs is in the context once all readers ran

    def generate_output(self, writer) -> None:
        federation = self.context["federation"]
        items = self.context["chapter_items"]
        parents = {
            slug: chapter.parent for slug, chapter in federation.chapters.items()
        }
        self._write_chapters(writer, federation, items, parents)
        self._write_directory(writer, federation)
        self._write_areas(writer, federation, items)
        self._write_home(writer, federation, items)

    def _write(self, writer, save_as: str, template: str, url: str, **context) -> None:
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name=template,
            url=url,
            **context,
        )

    def _write_chapters(self, writer, federation, items, parents) -> None:
        chapters = federation.chapters
        children = federation.children()
        stream = streams(items, parents)
        for slug, chapter in chapters.items():
            about = ""
            if chapter.about_html is not None:
                about = self._about(chapter)
            self._write(
                writer,
                f"chapters/{slug}/index.html",
                "chapter",
                chapter.url,
                paginated={"articles": stream[slug]},
                chapter=chapter,
                about=about,
                parent=chapters.get(chapter.parent) if chapter.parent else None,
                trail=[chapters[s] for s in reversed(ancestors(slug, parents))],
                children=[chapters[s] for s in children.get(slug, [])],
                page_name=f"chapters/{slug}/index",
            )

    def _about(self, chapter) -> str:
        """about.md as HTML, its relative links resolved like an item's."""
        source = self.settings["CHAPTERS_PATH"] + f"/{chapter.slug}/about.md"
        page = ItemPage(
            sanitised(chapter.about_html, self.settings, source),
            metadata={"title": chapter.name, "slug": "about"},
            settings=self.settings,
            source_path=source,
            context=self.context,
        )
        return page.content

    def _write_directory(self, writer, federation) -> None:
        settings = self.context["chapter_settings"]
        self._write(
            writer,
            "chapters/index.html",
            "directory",
            "chapters/",
            groups=directory_groups(federation.chapters.values(), settings.area_keys),
            page_name="chapters/index",
        )

    def _write_areas(self, writer, federation, items) -> None:
        settings = self.context["chapter_settings"]
        area_of = {slug: chapter.area for slug, chapter in federation.chapters.items()}
        stream = area_streams(items, area_of)
        for area in settings.areas:
            members = [c for c in federation.chapters.values() if c.area == area.key]
            self._write(
                writer,
                f"areas/{area.key}/index.html",
                "area",
                f"areas/{area.key}/",
                paginated={"articles": stream.get(area.key, [])},
                area=area,
                groups=directory_groups(members, [area.key]),
                page_name=f"areas/{area.key}/index",
            )

    def _write_home(self, writer, federation, items) -> None:
        facts = self.context["facts"]
        chapters = federation.chapters.values()
        self._write(
            writer,
            "index.html",
            "index",
            "",
            paginated={"articles": items},
            national=[c for c in chapters if c.level == "national"],
            unattached=[
                c for c in chapters if c.parent is None and c.level != "national"
            ],
            featured=[i for i in items if i.item.featured],
            activity_counts=Counter(f.activity for f in facts.values()),
            stale_count=sum(f.stale for f in facts.values()),
            page_name="index",
        )
