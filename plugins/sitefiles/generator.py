"""Pelican adapter: writes /404.html, /favicon.ico and /robots.txt, then /sitemap.xml last."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import Generator

from ..model import urls
from ..site.files import written_files
from ..site.shares import owns
from .files import ico_from_png, page_urls, robots_txt, sitemap_xml

if TYPE_CHECKING:
    from ..site.index import SiteIndex

logger = logging.getLogger(__name__)

# The theme's small icon, wrapped into /favicon.ico.
FAVICON_SOURCE = Path("static") / "images" / "icon-32.png"


class SiteFilesGenerator(Generator):
    """The files every public site serves at its root (spec §5)."""

    def generate_context(self) -> None:
        pass  # everything it needs is in the site index

    def generate_output(self, writer) -> None:
        site: SiteIndex = self.context["site"]
        writer.write_file(
            urls.NOT_FOUND,
            self.get_template("404"),
            self.context,
            relative_urls=False,  # served at any depth: links from the root
            template_name="404",
            url=urls.NOT_FOUND,
        )
        output = Path(self.output_path)
        if owns(writer, urls.ROBOTS):
            (output / urls.ROBOTS).write_text(
                robots_txt(site.absolute(urls.SITEMAP)), encoding="utf-8"
            )
        if owns(writer, urls.FAVICON):
            icon = Path(self.theme) / FAVICON_SOURCE
            (output / urls.FAVICON).write_bytes(ico_from_png(icon.read_bytes()))


def write_sitemap(pelican_object) -> None:
    """After every generator has written: list each HTML page that exists."""
    site: SiteIndex | None = pelican_object.settings.get("CHAPTERS_SITE")
    if site is None:  # the content plugin did not load a site: nothing was written
        return
    output = Path(pelican_object.output_path)
    files = written_files(str(output), pelican_object.settings)
    addresses = [site.absolute(url) for url in page_urls(files)]
    alternates = {
        site.absolute(url): [(lang, site.absolute(other)) for lang, other in links]
        for url, links in site.alternates().items()
    }
    (output / urls.SITEMAP).write_bytes(sitemap_xml(addresses, alternates))
    logger.info("Sitemap: %s pages", len(addresses))
