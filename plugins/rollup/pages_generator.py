"""Pelican generator for the chapter pages and the international home page."""

from __future__ import annotations


from pelican.generators import Generator

from ..model.tree import ancestors
from .tree import streams


class ChapterPagesGenerator(Generator):
    """Writes /chapters/<slug>/ (paginated) for every chapter, and /."""

    def generate_context(self) -> None:
        pass  # everything it needs is in the context once all readers ran

    def generate_output(self, writer) -> None:
        federation = self.context["federation"]
        items = self.context["chapter_items"]
        chapters = federation.chapters
        parents = {slug: chapter.parent for slug, chapter in chapters.items()}
        children = federation.children()
        stream = streams(items, parents)
        reader = self.readers.readers["md"]
        template = self.get_template("chapter")
        for slug, chapter in chapters.items():
            about = ""
            if chapter.about_path is not None:
                about = reader.render(
                    chapter.about_path.read_text(encoding="utf-8"), str(chapter.about_path)
                )
            save_as = f"chapters/{slug}/index.html"
            writer.write_file(
                save_as,
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": stream[slug]},
                template_name="chapter",
                url=chapter.url,
                chapter=chapter,
                about=about,
                parent=chapters.get(chapter.parent) if chapter.parent else None,
                trail=[chapters[s] for s in reversed(ancestors(slug, parents))],
                children=[chapters[s] for s in children.get(slug, [])],
                page_name=f"chapters/{slug}/index",
            )
        writer.write_file(
            "index.html",
            self.get_template("index"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"articles": items},
            template_name="index",
            url="",
            national=[chapters[s] for s in children.get(None, [])],
            featured=[i for i in items if i.item.featured],
            page_name="index",
        )


