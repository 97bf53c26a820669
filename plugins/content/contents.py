"""Pelican content classes whose HTML is sanitised again after Pelican resolves links.

Pelican rewrites `{static}`, `{filename}` and similar markers into URLs when the
content is used, after our reader sanitised it; a second pass on the final HTML
makes sure nothing that rewriting produces can carry script. Summaries from
front matter get the same link resolution as the body.
"""

from __future__ import annotations

from pelican.contents import Article, Page
from pelican.utils import memoized

from .sanitize import sanitize_html


class _Sanitised:
    settings: dict
    metadata: dict

    def _update_content(self, content: str, siteurl: str) -> str:
        resolved = super()._update_content(content, siteurl)  # type: ignore[misc]
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
