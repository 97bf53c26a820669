"""Every public URL and file name of the site (spec §5), in one place.

URLs are relative to SITEURL, without a leading slash; a page's URL ends in
"/" and its file is that folder's index.html. ``absolute`` joins one to the
site's base address. Nothing else in the code writes a URL out by hand, so
the addresses subscribers and bookmarks depend on can only change here.
"""

from __future__ import annotations

HOME = ""
DIRECTORY = "chapters/"
REPORT = "report/"
EVENTS = "events/"
SEARCH = "search/"
# Pagefind's index and its own UI files, written after every page (plugins/search).
SEARCH_BUNDLE = "pagefind/"
CALENDAR = "calendar.ics"
OPML = "feeds.opml"
EXCHANGE = "exchange/"  # every chapter's offers and asks; its feed is atom(EXCHANGE)
DATA_JSON = "data/chapters.json"
DATA_CSV = "data/chapters.csv"
MAP = "map/"
KINDS = ("posts", "reports", "events", "pages")
# What every public site serves (spec §5), at the site's root.
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
FAVICON = "favicon.ico"
# The theme's static files are published under theme/ (Pelican's THEME_STATIC_DIR).
ICON_SVG = "theme/images/icon.svg"
ICON_PNG = "theme/images/icon-180.png"
ICON_SMALL_PNG = "theme/images/icon-32.png"
STYLESHEET = "theme/css/site.css"


def chapter(slug: str) -> str:
    return f"chapters/{slug}/"


def item(chapter_slug: str | None, kind: str, slug: str) -> str:
    """An item's page: /chapters/<slug>/<kind>/<item>/, or /<kind>/<item>/ at the top."""
    prefix = chapter(chapter_slug) if chapter_slug else ""
    return f"{prefix}{kind}/{slug}/"


def site_page(slug: str) -> str:
    """A page of the international level, e.g. /pages/about/ for content/pages/about.md."""
    return item(None, "pages", slug)


def area(key: str) -> str:
    return f"areas/{key}/"


def atom(page: str) -> str:
    """The Atom feed that follows a page (the site's, a chapter's or an area's)."""
    return f"{page}atom.xml"


def rss(page: str) -> str:
    return f"{page}rss.xml"


def listing(chapter_slug: str, kind: str) -> str:
    """One kind of a chapter's items, newest first: /chapters/<slug>/<kind>/ (pages
    2 and on at .../page/N/, Pelican's PAGINATION_PATTERNS)."""
    return f"{chapter(chapter_slug)}{kind}/"


def events(chapter_slug: str | None = None) -> str:
    return listing(chapter_slug, "events") if chapter_slug else EVENTS


def calendar(chapter_slug: str | None = None) -> str:
    return f"{chapter(chapter_slug)}calendar.ics" if chapter_slug else CALENDAR


def event_calendar(item_url: str) -> str:
    """One event as a calendar file, beside its page: .../events/<item>/event.ics."""
    return f"{item_url}event.ics"


def report_csv(area_key: str) -> str:
    return f"{REPORT}{area_key}.csv"


def page_file(url: str) -> str:
    """The file a URL is served from: pages are folders with an index.html."""
    return f"{url}index.html" if url == "" or url.endswith("/") else url


def of_file(path: str) -> str:
    """The URL a written file is served at: the inverse of ``page_file``."""
    if path == "index.html":
        return HOME
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def absolute(base_url: str, url: str) -> str:
    """``url`` under the site's absolute base address (no trailing slash on ``base_url``)."""
    return f"{base_url.rstrip('/')}/{url.lstrip('/')}"
