"""Pelican content classes whose HTML is sanitised again after Pelican resolves links.

Pelican rewrites `{static}`, `{filename}` and similar markers into URLs when the
content is used, after our reader sanitised it; a second pass on the final HTML
makes sure nothing that rewriting produces can carry script. Summaries from
front matter get the same link resolution as the body.
"""

from __future__ import annotations

from pelican.contents import Article, Page
from pelican.utils import memoized

from ..model.sanitize import sanitize_html


class _Sanitised:
    """Sanitised after link resolution; wraps a model item of the site index."""

    settings: dict
    metadata: dict
    item = None  # the model Item this page shows
    site = None  # the SiteIndex it belongs to

    def bind(self, item, site) -> None:
        self.item, self.site = item, site

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def chapter(self):
        """The chapter whose folder the item is in (None: the international level)."""
        return self.site.chapters.get(self.item.chapter) if self.item.chapter else None

    @property
    def trail(self) -> list:
        """The chapter and its ancestors, outermost first, for breadcrumbs."""
        if not self.item.chapter:
            return []
        return [self.site.chapters[s] for s in self.site.trails[self.item.chapter]]

    @property
    def joint(self) -> list:
        return [self.site.chapters[slug] for slug in self.item.chapters]

    def _update_content(self, content: str, siteurl: str) -> str:
        resolved = super()._update_content(content, siteurl)  # type: ignore[misc]
        if resolved == content:
            return resolved  # nothing rewritten: it is the sanitised HTML as it was
        return sanitize_html(resolved, self.settings.get("CHAPTERS_IFRAME_HOSTS", ()))

    @memoized
    def get_summary(self, siteurl: str) -> str:
        if "summary" in self.metadata:
            return self._update_content(self.metadata["summary"], siteurl)
        return super().get_summary(siteurl)  # type: ignore[misc]


class ItemArticle(_Sanitised, Article):
    """A post, report or event."""


class ItemPage(_Sanitised, Page):
    """A page, or a chapter's about.md."""
