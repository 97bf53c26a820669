"""Pelican generator writing /report/ and a CSV per area."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from ..exports.rows import COLUMNS, chapter_rows
from ..exports.writer import to_csv
from ..model.items import DATED_KINDS
from ..rollup.tree import area_streams
from .chart import bar_chart, month_label
from .tables import (
    by_area,
    items_per_month,
    last_months,
    stale_pages,
    totals,
    unconfirmed_membership,
)


class ReportGenerator(Generator):
    def generate_context(self) -> None:
        pass  # needs the facts, computed once all content is read

    def generate_output(self, writer) -> None:
        federation = self.context["federation"]
        settings = self.context["chapter_settings"]
        build_date = self.context["build_date"]
        rows = chapter_rows(
            federation.chapters, self.context["facts"], self.settings.get("SITEURL", "")
        )
        months = last_months(build_date, 24)
        area_of = {slug: chapter.area for slug, chapter in federation.chapters.items()}
        dated = [c for c in self.context["chapter_items"] if c.kind in DATED_KINDS]
        streams = area_streams(dated, area_of)
        report_dir = Path(self.output_path) / "report"
        report_dir.mkdir(parents=True, exist_ok=True)

        areas = []
        names = {area.key: area.name for area in settings.areas}
        for key, group in by_area(rows, settings.area_keys):
            name = names.get(key, "No single area")
            counts = None
            chart = None
            if key is not None:
                days = [c.item.date.date() for c in streams.get(key, [])]
                counts = items_per_month(days, months)
                chart = Markup(
                    bar_chart(
                        months, counts, f"Items per month in {name}", f"chart-{key}"
                    )
                )
                (report_dir / f"{key}.csv").write_text(
                    to_csv(group, COLUMNS), encoding="utf-8"
                )
            areas.append(
                {
                    "key": key,
                    "name": name,
                    "rows": group,
                    "totals": totals(group),
                    "chart": chart,
                    "monthly": list(
                        zip([month_label(m) for m in months], counts, strict=True)
                    )
                    if counts is not None
                    else [],
                }
            )
        writer.write_file(
            "report/index.html",
            self.get_template("state"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url="report/",
            areas=areas,
            overall=totals(rows),
            working=[row for row in rows if row["working"]],
            stale=stale_pages(rows),
            unconfirmed=unconfirmed_membership(rows),
            page_name="report/index",
        )
