"""Pelican generator writing /data/chapters.json and /data/chapters.csv."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from .rows import COLUMNS, chapter_rows
from .writer import to_csv, to_json


class ExportsGenerator(Generator):
    def generate_context(self) -> None:
        pass  # the rows need the facts, which exist once all content is read

    def generate_output(self, writer) -> None:
        rows = chapter_rows(
            self.context["federation"].chapters,
            self.context["facts"],
            self.settings.get("SITEURL", ""),
        )
        data = Path(self.output_path) / "data"
        data.mkdir(parents=True, exist_ok=True)
        (data / "chapters.json").write_text(to_json(rows), encoding="utf-8")
        (data / "chapters.csv").write_text(to_csv(rows, COLUMNS), encoding="utf-8")
