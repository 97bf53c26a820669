"""Pelican content classes whose links are checked again after Pelican resolves them.

Pelican rewrites `{static}`, `{filename}` and similar markers into URLs when the
content is used, after the model sanitised it. Every URL that rewriting puts
in is checked (``safe_replacement``): one that is not a plain address of this
site sends the whole HTML through the sanitiser again, so nothing rewriting
produces can carry script. Summaries from front matter get the same link
resolution as the body.
"""

from __future__ import annotations

import functools
import os
import re
from html import unescape

from pelican.contents import Article, Page
from pelican.utils import (
    memoized,
    posixize_path,
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from ..model.sanitize import sanitize_html

# What could end the attribute, as written and as a browser reads it; and,
# as read, white space and control characters (C0, DEL and C1).
_ENDS = r"\"'<>`\\"
_ENDS_ATTRIBUTE = re.compile(f"[{_ENDS}]")
_ENDS_OR_CONTROL = re.compile(f"[{_ENDS}\\x00-\\x20\\x7f-\\x9f]")


def safe_replacement(url: str) -> bool:
    """Whether ``url``, written by Pelican's link rewriting, needs no sanitising.

    A path of this site, or an http(s) address (SITEURL), with nothing in it
    that could end the attribute or start another scheme (``javascript:``).
    """
    read = unescape(url)  # as a browser reads the attribute: "&#58;" is ":"
    if _ENDS_ATTRIBUTE.search(url) or _ENDS_OR_CONTROL.search(read):
        return False
    scheme, colon, _rest = read.partition(":")
    if not colon:
        return True
    if scheme.lower() in ("http", "https"):
        return True
    # A colon after the first "/", "?" or "#" is part of a path, query or fragment.
    return any(c in scheme for c in "/?#")


@functools.lru_cache(maxsize=8)
def _absolute(path: str) -> str:
    return os.path.abspath(path)


def relative_to_content(path: str, content_path: str) -> str:
    """``path`` (absolute, or relative to ``content_path``) relative to ``content_path``.

    What Pelican's ``get_relative_source_path`` returns, with ``os.path.relpath``
    only for a path outside the content folder: Pelican asks this two or three
    times for every link it resolves, and relpath's work is most of it.
    """
    root = _absolute(content_path)
    absolute = os.path.abspath(os.path.join(root, path))
    if absolute.startswith(root + os.sep):
        return posixize_path(absolute[len(root) + 1 :])
    return posixize_path(os.path.relpath(absolute, root))


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

    _unsafe_rewrite = False

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        source_path = source_path or self.source_path  # type: ignore[attr-defined]
        if source_path is None:
            return None
        return relative_to_content(source_path, self.settings["PATH"])

    @property
    def relative_dir(self) -> str:
        source = os.path.abspath(self.source_path)  # type: ignore[attr-defined]
        return posixize_path(
            os.path.dirname(relative_to_content(source, self.settings["PATH"]))
        )

    def _link_replacer(self, siteurl: str, match) -> str:
        replaced = super()._link_replacer(siteurl, match)  # type: ignore[misc]
        # markup + quote + URL + quote: only the URL is new.
        start = len(match.group("markup")) + 1
        if not safe_replacement(replaced[start:-1]):
            self._unsafe_rewrite = True
        return replaced

    def _update_content(self, content: str, siteurl: str) -> str:
        self._unsafe_rewrite = False
        resolved = super()._update_content(content, siteurl)  # type: ignore[misc]
        if resolved == content or not self._unsafe_rewrite:
            # The sanitised HTML as it was, with plain addresses of this site
            # where the markers were: sanitising it again would change nothing.
            return resolved
        return sanitize_html(resolved, self.settings.get("CHAPTERS_IFRAME_HOSTS", ()))

    def get_content(self, siteurl: str) -> str:
        """The body with its links resolved, made anew each time it is asked for.

        Pelican keeps every body it resolves until the build ends; an output
        process asks for a body for the item's page and at most once more for
        its feeds (which make each entry once), so keeping them only raised
        the process's peak memory (905 bodies, 3.3 MB, in one of the two
        output processes at 1,428 posts).
        """
        return self._update_content(self._content, siteurl)

    @memoized
    def get_summary(self, siteurl: str) -> str:
        """The front matter's summary, else the start of the body (as Pelican cuts it).

        The body is cut before its links are resolved, not after as Pelican
        does: resolving changes only addresses inside tags, never where a
        paragraph or a word ends, so the cut is the same, and only the
        summary's own links are resolved (listings, feeds and the page cache's
        digest need every summary; only the item's page needs its whole body).
        """
        if "summary" in self.metadata:
            return self._update_content(self.metadata["summary"], siteurl)
        return self._update_content(summary_cut(self._content, self.settings), siteurl)


def summary_cut(html: str, settings) -> str:
    """What Pelican's ``get_summary`` keeps of a body: its first paragraphs and
    words (``SUMMARY_MAX_PARAGRAPHS``, ``SUMMARY_MAX_LENGTH``), without a table
    of contents."""
    paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if paragraphs is not None:
        html = truncate_html_paragraphs(html, paragraphs)
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        html = truncate_html_words(
            html, settings["SUMMARY_MAX_LENGTH"], settings["SUMMARY_END_SUFFIX"]
        )
    return strip_toc_elements_from_html(html)


class ItemArticle(_Sanitised, Article):
    """A post, report or event."""


class ItemPage(_Sanitised, Page):
    """A page, or a chapter's about.md."""
