"""Pelican generator writing /report/ and a CSV per area."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from pelican.generators import Generator

from ..freshness.facts import criteria_in_words, work_day
from ..model import urls
from ..site.datafiles import to_csv
from ..site.index import dated
from ..site.rows import COLUMNS
from ..site.shares import owns
from .chart import bar_chart, month_label
from .tables import (
    by_area,
    by_country,
    items_per_month,
    last_months,
    not_yet_working,
    stale_pages,
    totals,
    unconfirmed_membership,
)

if TYPE_CHECKING:
    from ..site.index import SiteIndex


class ReportGenerator(Generator):
    def generate_context(self) -> None:
        pass  # needs the facts, computed once all content is read

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        settings = site.settings.chapters
        rows = list(site.rows)
        months = last_months(site.build_date, 24)
        report_dir = Path(self.output_path) / urls.REPORT
        report_dir.mkdir(parents=True, exist_ok=True)
        page = urls.page_file(urls.REPORT)
        writes_page = owns(writer, page)  # else only this process's CSV files

        # A message from Python as the report page says it (the install's filter).
        say = partial(self.env.filters["translated"], self.context)
        areas = []
        for key, group in by_area(rows, settings.area_keys):
            if key is not None and group and owns(writer, urls.report_csv(key)):
                (Path(self.output_path) / urls.report_csv(key)).write_text(
                    to_csv(group, COLUMNS), encoding="utf-8"
                )
            if not writes_page:
                continue
            name = site.area_name(key)
            counts = None
            chart = None
            if key is not None and group:
                # an event in the month it took place, once it has (work_day)
                days = [
                    day
                    for i in dated(site.area_streams.get(key, []))
                    if (day := work_day(i, site.build_date)) is not None
                ]
                counts = items_per_month(days, months)
                chart = Markup(
                    bar_chart(
                        months,
                        counts,
                        f"Items per month in {name}",
                        f"chart-{key}",
                        say=say,
                    )
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
        if not writes_page:
            return
        writer.write_file(
            page,
            self.get_template("state"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=urls.REPORT,
            areas=areas,
            countries=[
                {"code": code, "totals": totals(group)}
                for code, group in by_country(rows)
            ],
            overall=totals(rows),
            working=[row for row in rows if row["working"]],
            not_working=not_yet_working(rows),
            criteria=criteria_in_words(site.settings.freshness),
            stale=stale_pages(rows),
            unconfirmed=unconfirmed_membership(rows),
            page_name="report/index",
        )
