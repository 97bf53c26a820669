"""What every public site serves: /sitemap.xml, /robots.txt, /404.html, /favicon.ico."""

from __future__ import annotations

import struct
import threading
import urllib.error
import urllib.request

import lxml.etree
import lxml.html
import pytest

from plugins.serve import make_server
from plugins.sitefiles.files import ico_from_png, page_urls, robots_txt, sitemap_xml
from tests.conftest import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The urlset of the sitemaps.org 0.9 schema (sitemap.xsd), transcribed.
SITEMAP_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xsd:element name="urlset">
    <xsd:complexType><xsd:sequence>
      <xsd:element name="url" type="tUrl" maxOccurs="unbounded"/>
    </xsd:sequence></xsd:complexType>
  </xsd:element>
  <xsd:complexType name="tUrl"><xsd:sequence>
    <xsd:element name="loc" type="tLoc"/>
    <xsd:element name="lastmod" type="xsd:string" minOccurs="0"/>
    <xsd:element name="changefreq" type="xsd:string" minOccurs="0"/>
    <xsd:element name="priority" type="xsd:decimal" minOccurs="0"/>
  </xsd:sequence></xsd:complexType>
  <xsd:simpleType name="tLoc">
    <xsd:restriction base="xsd:anyURI">
      <xsd:minLength value="12"/><xsd:maxLength value="2048"/>
    </xsd:restriction>
  </xsd:simpleType>
</xsd:schema>
"""
SMALL = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    "chapters/oslo/posts/hello.md": '---\ntitle: Hello & welcome\ndate: "2014-10-01"\n---\nHi.\n',
    "chapters/oslo/posts/draft.md": (
        '---\ntitle: Draft\ndate: "2014-10-02"\nstatus: draft\n---\nNot yet.\n'
    ),
    "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("sitefiles"))
    site.write(SMALL)
    code, out = site.build()
    assert code == 0, out
    return site


def html_pages(site: Site) -> set[str]:
    """Every written HTML page but the 404 page, as a URL."""
    pages = set()
    for path in site.output.rglob("*.html"):
        name = path.relative_to(site.output).as_posix()
        if name != "404.html" and not name.startswith("theme/"):
            pages.add(name.removesuffix("index.html"))
    return pages


def test_the_sitemap_lists_every_html_page_and_nothing_else(small):
    tree = lxml.etree.fromstring((small.output / "sitemap.xml").read_bytes())
    locs = tree.xpath("//s:url/s:loc/text()", namespaces={"s": SITEMAP_NS})
    base = "http://localhost:8000/"
    assert all(loc.startswith(base) for loc in locs)
    assert {loc.removeprefix(base) for loc in locs} == html_pages(small)
    assert len(locs) == len(set(locs))
    assert "chapters/oslo/posts/hello/" in {loc.removeprefix(base) for loc in locs}
    assert not any("draft" in loc or "404" in loc for loc in locs)


def test_the_sitemap_is_valid_against_the_sitemaps_schema(small):
    schema = lxml.etree.XMLSchema(lxml.etree.fromstring(SITEMAP_XSD))
    document = lxml.etree.parse(str(small.output / "sitemap.xml"))
    assert schema.validate(document), schema.error_log


def test_sitemap_addresses_are_escaped_by_the_xml_library():
    xml = sitemap_xml(["https://example.org/a?b=1&c=<2>"])
    tree = lxml.etree.fromstring(xml)
    assert tree.xpath("string(//*[local-name()='loc'])") == (
        "https://example.org/a?b=1&c=<2>"
    )
    assert b"&amp;" in xml and b"&lt;2&gt;" in xml


def test_page_urls_are_the_html_files_without_the_404_and_the_theme():
    files = [
        "index.html",
        "404.html",
        "chapters/index.html",
        "chapters/oslo/page/2/index.html",
        "theme/images/logo.svg",
        "atom.xml",
        "theme/x.html",
    ]
    assert page_urls(files) == ["", "chapters/", "chapters/oslo/page/2/"]


def test_robots_txt_points_to_the_sitemap(small):
    text = (small.output / "robots.txt").read_text(encoding="utf-8")
    assert text == robots_txt("http://localhost:8000/sitemap.xml")
    assert "Sitemap: http://localhost:8000/sitemap.xml" in text.splitlines()
    assert "Disallow: /" not in text


def test_favicon_is_an_ico_holding_the_themes_icon(small):
    data = (small.output / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 1)
    assert data[22:30] == b"\x89PNG\r\n\x1a\n"
    assert (small.output / "theme/images/icon.svg").is_file()
    with pytest.raises(ValueError):
        ico_from_png(b"GIF89a")


def test_the_404_page_offers_a_way_on(small):
    page = lxml.html.fromstring((small.output / "404.html").read_bytes())
    assert page.xpath("string(//h1)") == "Page not found"
    links = page.xpath("//main//a/@href")
    assert "/" in links and "/chapters/" in links
    # Links start at the root: the page is served for missing pages at any depth.
    assert all(href.startswith(("/", "mailto:", "&")) for href in links)
    # Served at any missing address, it names none as its own and is not indexed.
    assert page.xpath("//link[@rel='canonical'] | //meta[@property='og:url']") == []
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]


@pytest.mark.parametrize(
    "path",
    ["/no/such/page/", "/languages/", "/theme/"],  # the last two: folders, no index
)
def test_the_preview_server_answers_a_missing_page_with_the_404_page(small, path):
    assert path == "/no/such/page/" or (small.output / path.strip("/")).is_dir()
    server = make_server(small.output, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}{path}"
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(url)
        assert error.value.code == 404
        body = error.value.read()
        assert body == (small.output / "404.html").read_bytes()
        assert error.value.headers["Content-Type"] == "text/html; charset=utf-8"
    finally:
        server.shutdown()
        server.server_close()
