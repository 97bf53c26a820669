"""Pelican generator writing /map/ and handing the home and area pages their part of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup
from pelican.generators import Generator

from ..model import urls
from ..site.words import country_name
from . import places
from .atlas import load_countries
from .drawing import (
    ACTIVITIES,
    WORLD,
    legend_svg,
    map_svg,
    project,
    view_around,
    view_of,
)

if TYPE_CHECKING:
    from ..site.index import SiteIndex

# The template context key of the cropped maps: "" for the home page, else an area key.
PARTS_KEY = "map_parts"


class MapGenerator(Generator):
    def generate_context(self) -> None:
        """Draw every map once; the home and area pages are written by another output."""
        site: SiteIndex = self.context["site"]
        siteurl = site.settings.siteurl
        outlines = project(load_countries())
        chapters = list(site.chapters.values())
        groups = places.by_country(
            [c for c in chapters if c.location is not None], country_name
        )
        every_marker = places.markers(groups, site.facts, siteurl)
        name = site.settings.short_name
        self.world = Markup(
            map_svg(
                outlines,
                every_marker,
                view_of(WORLD),
                f"Chapters of {name} on a map of the world",
                "world-map",
                marker_size=7,
            )
        )
        self.groups = groups
        self.unplaced = sorted(
            (c for c in chapters if c.location is None),
            key=lambda c: (c.name.casefold(), c.slug),
        )
        parts: dict[str, Markup] = {}
        if every_marker:
            parts[""] = self._part(
                outlines, every_marker, f"Chapters of {name}", "home"
            )
        by_area = places.area_markers(groups, site.facts, siteurl)
        for area in site.settings.chapters.areas:
            members = by_area.get(area.key)
            if members:
                parts[area.key] = self._part(
                    outlines, members, f"Chapters in {area.name}", area.key
                )
        self.context[PARTS_KEY] = parts
        self.context["map_legend"] = [
            (activity, Markup(legend_svg(activity))) for activity in ACTIVITIES
        ]

    @staticmethod
    def _part(outlines, markers, title: str, key: str) -> Markup:
        view = view_around([(m.lat, m.lon) for m in markers])
        return Markup(
            map_svg(outlines, markers, view, f"{title} on the map", f"map-{key}")
        )

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        counts = {activity: 0 for activity in ACTIVITIES}
        for country in self.groups:
            for chapter in country.chapters:
                counts[site.facts[chapter.slug].activity] += 1
        writer.write_file(
            urls.page_file(urls.MAP),
            self.get_template("map"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=urls.MAP,
            page_name="map/index",
            world_map=self.world,
            countries=self.groups,
            unplaced=self.unplaced,
            activity_counts=counts,
        )
