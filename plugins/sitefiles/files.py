"""Pure functions that make the site files: the sitemap, robots.txt and an .ico around a PNG."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from xml.etree import ElementTree

from ..model import urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Written files that are not pages for a search engine.
NOT_PAGES = (urls.NOT_FOUND,)


def page_urls(files: Iterable[str]) -> list[str]:
    """The public page URLs of written files (paths relative to the output, with '/').

    Every .html file is a page, except the 404 page and the theme's own files.
    """
    pages = {
        urls.of_file(path)
        for path in files
        if path.endswith(".html")
        and path not in NOT_PAGES
        and not path.startswith("theme/")
    }
    return sorted(pages, key=lambda url: (url.count("/"), url))


def sitemap_xml(
    page_addresses: Iterable[str],
    alternates: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> bytes:
    """A sitemaps.org urlset of absolute addresses, serialised by ElementTree.

    ``alternates`` gives, for an address, every language version of the page
    as (lang, absolute address), written as <xhtml:link rel="alternate"
    hreflang> (the form search engines read for translations).
    """
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for address in page_addresses:
        entry = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = address
        for lang, other in (alternates or {}).get(address, ()):
            ElementTree.SubElement(
                entry,
                f"{{{XHTML_NS}}}link",
                {"rel": "alternate", "hreflang": lang, "href": other},
            )
    ElementTree.indent(urlset)
    return ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_address: str) -> str:
    """Every page may be indexed; the sitemap says where they are."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_address}\n"


def ico_from_png(png: bytes) -> bytes:
    """A one-image .ico file holding ``png`` (PNG inside ICO: every current browser)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", png[16:24])
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack(
        "<BBBBHHII",
        width if width < 256 else 0,
        height if height < 256 else 0,
        0,  # no palette
        0,
        1,  # colour planes
        32,  # bits per pixel
        len(png),
        len(header) + 16,  # the image follows the one directory entry
    )
    return header + entry + png
