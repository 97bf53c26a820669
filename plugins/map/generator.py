"""Pelican generator writing /map/ and handing the home and area pages their part of it."""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup
from pelican.generators import Generator

from ..model import urls
from ..site.lazy import LazyMapping, LazyMarkup
from ..site.words import country_name
from . import places
from .atlas import load_countries
from .drawing import (
    ACTIVITIES,
    WORLD,
    Land,
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
        """Place every chapter; the maps are drawn when a page first shows one.

        The home and area pages are written by another output. A rebuild that
        takes those pages and /map/ from the published site draws nothing, and
        with output processes each draws only what its own pages show.
        """
        site: SiteIndex = self.context["site"]
        chapters = list(site.chapters.values())
        self.groups = places.by_country(
            [c for c in chapters if c.location is not None], country_name
        )
        self.unplaced = sorted(
            (c for c in chapters if c.location is None),
            key=lambda c: (c.name.casefold(), c.slug),
        )
        self.drawings = _Drawings(site, self.groups)
        self.context[PARTS_KEY] = LazyMapping(lambda: self.drawings.parts)
        self.context["map_legend"] = [
            (activity, Markup(legend_svg(activity))) for activity in ACTIVITIES
        ]

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
            world_map=LazyMarkup(lambda: self.drawings.world),
            countries=self.groups,
            unplaced=self.unplaced,
            activity_counts=counts,
        )


@cache
def world_land() -> Land:
    """The countries of the atlas, projected once per process (the data is the package's)."""
    return Land(project(load_countries()))


class _Drawings:
    """The world map and the home's and areas' crops, drawn once, on first use."""

    def __init__(self, site: SiteIndex, groups: list):
        self._site = site
        self._groups = groups

    @cached_property
    def _markers(self) -> list:
        """Every placed chapter's marker (the world map's and the home's)."""
        site = self._site
        return places.markers(self._groups, site.facts, site.settings.siteurl)

    @cached_property
    def world(self) -> Markup:
        site = self._site
        return Markup(
            map_svg(
                world_land(),
                self._markers,
                view_of(WORLD),
                f"Chapters of {site.settings.short_name} on a map of the world",
                "world-map",
                marker_size=7,
            )
        )

    @cached_property
    def parts(self) -> dict[str, Markup]:
        """The home page's map ("") and each area's with chapters on it (its key)."""
        site = self._site
        siteurl, name = site.settings.siteurl, site.settings.short_name
        parts: dict[str, Markup] = {}
        if self._markers:
            parts[""] = self._part(self._markers, f"Chapters of {name}", "home")
        by_area = places.area_markers(self._groups, site.facts, siteurl)
        for area in site.settings.chapters.areas:
            members = by_area.get(area.key)
            if members:
                parts[area.key] = self._part(
                    members, f"Chapters in {area.name}", area.key
                )
        return parts

    def _part(self, markers, title: str, key: str) -> Markup:
        view = view_around([(m.lat, m.lon) for m in markers])
        return Markup(
            map_svg(world_land(), markers, view, f"{title} on the map", f"map-{key}")
        )
