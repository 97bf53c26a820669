"""Pelican generator that reads every published item of the federation and writes its page."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pelican.generators import Generator
from pelican.readers import _DISCARD, default_metadata

from ..model import urls
from ..model.items import DATED_KINDS, Item
from ..model.translations import SHARED_WHEN_MISSING
from .contents import ItemArticle, ItemPage
from .loader import SITE_KEY

if TYPE_CHECKING:
    from ..site.index import SiteIndex


logger = logging.getLogger(__name__)

TEMPLATES = {"posts": "post", "reports": "report", "events": "event", "pages": "page"}
# Fields Pelican itself turns into its own types (dates, Tag and Author objects).
_PELICAN_FIELDS = ("title", "date", "modified", "tags", "authors", "status", "lang")


class ItemsGenerator(Generator):
    """Posts, reports, events and pages of every chapter and of the site itself.

    Each content object wraps the model's item: the file was read, checked and
    rendered once, by the walk that validated it; nothing here reads it again.
    The site index (plugins/site/index.py) becomes ``site`` in the context of
    every generator and template; the content objects of its items are
    ``pages`` (by source path), and templates turn a stream of items into
    them with the ``pages`` filter.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site: SiteIndex = self.context[SITE_KEY]
        self.context["site"] = self.site
        self.pages: dict[str, object] = {}

    def generate_context(self) -> None:
        site = self.site
        self.pages = {item.path: self._content(item) for item in site.items}
        for versions in site.translations.values():
            self.pages.update({t.path: self._content(t) for t in versions})
        self.context["pages"] = self.pages
        self.context["about"] = {
            slug: self._about(chapter)
            for slug, chapter in site.chapters.items()
            if chapter.about_html is not None
        }
        # Pelican's name for dated content, so other plugins see our posts.
        self.context["articles"] = [
            self.pages[item.path] for item in site.items if item.kind in DATED_KINDS
        ]

    def _content(self, item: Item):
        content_class = ItemArticle if item.kind in DATED_KINDS else ItemPage
        content = content_class(
            content=item.html,  # sanitised by the model while it was checked
            metadata=self._metadata(item),
            settings=self.settings,
            source_path=str(item.source),
            context=self.context,
        )
        content.bind(item, self.site)
        if item.lang is not None:  # a translation's comes from its file name
            content.lang = item.lang
        else:
            chapter = content.chapter
            languages = chapter.languages if chapter else ()
            content.lang = languages[0] if languages else self.settings["DEFAULT_LANG"]
        content.override_url = item.url
        content.override_save_as = urls.page_file(item.url)
        self.add_source_path(content)
        return content

    def _about(self, chapter) -> ItemPage:
        """about.md as a page object, so its links are resolved like an item's."""
        source = self.site.settings.chapters.chapters_path / chapter.slug / "about.md"
        return ItemPage(
            chapter.about_html,
            metadata={"title": chapter.name, "slug": "about"},
            settings=self.settings,
            source_path=str(source),
            context=self.context,
        )

    def _metadata(self, item: Item) -> dict:
        """Pelican's metadata of an item, from the fields the model checked."""
        process = self.readers.readers["md"].process_metadata
        metadata = default_metadata(settings=self.settings, process=process)
        metadata["slug"] = item.slug
        data = item.meta.data if item.meta is not None else {}
        for name, value in data.items():
            if name in ("date", "modified") and getattr(item, name) is not None:
                metadata[name] = getattr(item, name)  # parsed once, by the model
            elif name in _PELICAN_FIELDS:
                processed = process(name, value)
                if processed is not _DISCARD:  # empty tags and authors
                    metadata[name] = processed
            elif name in ("starts", "ends"):
                metadata[name] = getattr(item, name)
            elif name != "summary":
                metadata[name] = value
        if item.summary_html is not None:
            metadata["summary"] = item.summary_html
        if (
            item.translation
        ):  # what it shares with its original (plugins/model/translations.py)
            for name in ("date", *SHARED_WHEN_MISSING):
                if name not in metadata and getattr(item, name) is not None:
                    metadata[name] = getattr(item, name)
        return metadata

    def generate_output(self, writer) -> None:
        for content in self.pages.values():
            writer.write_file(
                content.save_as,
                self.get_template(TEMPLATES[content.kind]),
                self.context,
                article=content,
                page=content,
                item=content,
                chapter=content.chapter,  # its feeds are linked from the page too
                relative_urls=self.settings["RELATIVE_URLS"],
                url=content.url,
            )
