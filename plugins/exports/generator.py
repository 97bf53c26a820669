"""Pelican generator writing /data/chapters.json and /data/chapters.csv."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.datafiles import to_csv, to_json
from ..site.rows import COLUMNS
from ..site.shares import owns

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class ExportsGenerator(Generator):
    def generate_context(self) -> None:
        pass  # the rows are in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        rows = list(site.rows)
        for path, text in (
            (urls.DATA_JSON, lambda: to_json(rows)),
            (urls.DATA_CSV, lambda: to_csv(rows, COLUMNS)),
        ):
            if not owns(writer, path):  # another process writes it
                continue
            target = Path(self.output_path) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text(), encoding="utf-8")
