"""Pelican reader for Markdown with YAML front matter, sanitising the HTML it produces."""

from __future__ import annotations

import logging
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader

from ..model import formats
from ..model.diagnostics import ContentError
from ..model.files import read_text
from ..model.items import slug_for, split_front_matter
from .sanitize import sanitize_html

logger = logging.getLogger(__name__)

# Fields Pelican itself knows how to turn into its own types.
_PELICAN_FIELDS = ("title", "date", "modified", "tags", "authors", "status", "lang")


class FrontMatterMarkdownReader(MarkdownReader):
    """Reads ``---``-fenced YAML front matter (or Pelican's ``Key: value`` header)."""

    enabled = True
    file_extensions = ("md", "markdown")

    def read(self, source_path: str):
        shown = Path(source_path).name
        text, problems = read_text(Path(source_path), source_path)
        if text is None:
            raise ContentError(problems)
        located, body, _line, problems = split_front_matter(text, source_path)
        if located is None or problems:
            raise ContentError(problems)
        metadata = {"slug": slug_for(Path(source_path))}
        for name, value in located.data.items():
            metadata[name] = self._metadata_value(name, value, source_path)
        content = self.render(body, source_path)
        logger.debug("read %s", shown)
        return content, metadata

    def render(self, markdown_text: str, source_path: str) -> str:
        """Markdown to sanitised HTML; what the sanitiser removes is logged."""
        md = Markdown(**self.settings["MARKDOWN"])
        html = md.convert(markdown_text)
        return sanitize_html(
            html,
            self.settings.get("CHAPTERS_IFRAME_HOSTS", ()),
            removed=lambda reason: logger.warning(
                "%s: removed %s from the HTML (see docs/content.md, 'Raw HTML')",
                source_path,
                reason,
            ),
        )

    def _metadata_value(self, name: str, value, source_path: str):
        if name in _PELICAN_FIELDS:
            return self.process_metadata(name, value)
        if name == "summary":
            return self.render(value, source_path)
        if name in ("starts", "ends"):
            return formats.parse_datetime(value)
        return value
