"""Pelican generator that reads every published item of the federation and writes its page."""

from __future__ import annotations

import logging

from pelican.generators import Generator
from pelican.readers import _DISCARD, default_metadata

from ..model.diagnostics import ContentError
from ..model.federation import Federation, load_federation
from ..model.items import DATED_KINDS, Item
from ..model.settings import chapter_settings
from ..model.tree import ancestors
from .contents import ItemArticle, ItemPage
from .sanitize import sanitised

logger = logging.getLogger(__name__)

TEMPLATES = {"posts": "post", "reports": "report", "events": "event", "pages": "page"}
# Fields Pelican itself turns into its own types (dates, Tag and Author objects).
_PELICAN_FIELDS = ("title", "date", "modified", "tags", "authors", "status", "lang")


class ItemsGenerator(Generator):
    """Posts, reports, events and pages of every chapter and of the site itself.

    Each content object wraps the model's item: the file was read, checked and
    rendered once, by the walk that validated it; nothing here reads it again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items: list = []

    def generate_context(self) -> None:
        settings = chapter_settings(self.settings)
        federation = self.settings.get("CHAPTERS_FEDERATION")
        if federation is None:
            federation, problems = load_federation(settings)
            if problems:
                raise ContentError(problems)
        published = [i for i in federation.items if i.published_by(settings.build_date)]
        parents = {slug: c.parent for slug, c in federation.chapters.items()}
        self.items = [self._content(item, federation, parents) for item in published]
        self.items.sort(key=sort_key)
        self.context["federation"] = federation
        self.context["chapter_settings"] = settings
        self.context["build_date"] = settings.build_date
        self.context["area_names"] = {area.key: area.name for area in settings.areas}
        self.context["chapter_items"] = self.items
        # Pelican's name for dated content, so other plugins see our posts.
        self.context["articles"] = [c for c in self.items if c.kind in DATED_KINDS]

    def _content(self, item: Item, federation: Federation, parents: dict):
        content_class = ItemArticle if item.kind in DATED_KINDS else ItemPage
        content = content_class(
            content=sanitised(item.html, self.settings, item.path),
            metadata=self._metadata(item),
            settings=self.settings,
            source_path=str(item.source),
            context=self.context,
        )
        chapter = federation.chapters.get(item.chapter) if item.chapter else None
        if item.lang is None:
            languages = chapter.languages if chapter else ()
            content.lang = languages[0] if languages else self.settings["DEFAULT_LANG"]
        content.override_url = item.url
        content.override_save_as = item.url + "index.html"
        content.kind = item.kind
        content.chapter = chapter
        # The chapter and its ancestors, outermost first, for breadcrumbs.
        content.trail = (
            [
                federation.chapters[slug]
                for slug in reversed([item.chapter, *ancestors(item.chapter, parents)])
            ]
            if item.chapter
            else []
        )
        content.joint = [federation.chapters[slug] for slug in item.chapters]
        content.item = item
        content.template = TEMPLATES[item.kind]
        self.add_source_path(content)
        return content

    def _metadata(self, item: Item) -> dict:
        """Pelican's metadata of an item, from the fields the model checked."""
        process = self.readers.readers["md"].process_metadata
        metadata = default_metadata(settings=self.settings, process=process)
        metadata["slug"] = item.slug
        data = item.meta.data if item.meta is not None else {}
        for name, value in data.items():
            if name in _PELICAN_FIELDS:
                processed = process(name, value)
                if processed is not _DISCARD:  # empty tags and authors
                    metadata[name] = processed
            elif name in ("starts", "ends"):
                metadata[name] = getattr(item, name)
            elif name != "summary":
                metadata[name] = value
        if item.summary_html is not None:
            metadata["summary"] = sanitised(item.summary_html, self.settings, item.path)
        return metadata

    def generate_output(self, writer) -> None:
        for content in self.items:
            writer.write_file(
                content.save_as,
                self.get_template(content.template),
                self.context,
                article=content,
                page=content,
                item=content,
                chapter=content.chapter,  # its feeds are linked from the page too
                relative_urls=self.settings["RELATIVE_URLS"],
                url=content.url,
            )


def sort_key(content) -> tuple:
    """Newest first; undated pages last; ties broken by source path for stable output."""
    date = getattr(content, "date", None)
    stamp = -date.timestamp() if date else float("inf")
    return (stamp, content.item.path)
