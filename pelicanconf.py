"""Pelican settings for the Chapterhouse site; tasks.py overrides paths and the build date."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # plugins/ is a package at the project root
    sys.path.insert(0, str(ROOT))

SITENAME = "IOPS — International Organization for a Participatory Society"
SITE_SHORTNAME = "IOPS"
SITEURL = ""
RELATIVE_URLS = False
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = str(ROOT)
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
# Pelican looks a dotted plugin name up by its last part in these folders:
# plugins/, so that "plugins.content" is never the content/ folder of the site.
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = [
    "plugins.content",
    "plugins.rollup",
    "plugins.feeds",
    "plugins.calendars",
    "plugins.exports",
    "plugins.report",
    "plugins.sitefiles",
    "plugins.map",
    "plugins.exchange",
    "plugins.search",
]

# Who the organisation is: shown on every page (see docs/settings.md).
CHAPTERS_TAGLINE = (
    "IOPS is an international organisation of local chapters working for a"
    " participatory society: self-managed, classless, feminist and ecological."
)
CHAPTERS_CONTACT_EMAIL = "info@example.org"
CHAPTERS_LOGO = "theme/images/logo.svg"
CHAPTERS_COLOUR = "#8a2b4c"

# Chapterhouse settings (see docs/settings.md). Paths are relative to PATH.
CHAPTERS_PATH = "chapters"
CHAPTERS_CONTENT_PATH = "content"
CHAPTERS_BUILD_DATE = None  # --build-date, else SOURCE_DATE_EPOCH, else today (UTC)
CHAPTERS_IFRAME_HOSTS = []  # e.g. ["www.youtube-nocookie.com"]
# GitHub users or teams who maintain the site: they own everything in the
# generated .github/CODEOWNERS, so every pull request has a reviewer, and are
# named for every chapter folder too (docs/workflows.md).
CHAPTERS_MAINTAINERS = ["iops/maintainers"]
# Base of the absolute links in feeds and calendars while SITEURL is empty.
CHAPTERS_LOCAL_SITEURL = "http://localhost:8000"
# Feed entry ids and calendar UIDs: None is SITEURL's host; pin it before the
# first public build (publishconf.py does).
CHAPTERS_ID_AUTHORITY = None

# Our generators read chapters/ and content/; Pelican's own read nothing. The
# pictures published are the ones `invoke check` validated (plugins/model/walk.py),
# never a walk of Pelican's own, which would follow links and publish hidden files.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
for _kind in (
    "TAG",
    "TAGS",
    "CATEGORY",
    "CATEGORIES",
    "AUTHOR",
    "AUTHORS",
    "ARCHIVES",
    "DRAFT",
    "DRAFT_PAGE",
):
    globals()[f"{_kind}_SAVE_AS"] = ""
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SUMMARY_MAX_LENGTH = None
SUMMARY_MAX_PARAGRAPHS = 1
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {
    "chapter": 20,
    "area": 20,
    "index": 20,
    "listing": 20,
    "events": 20,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.codehilite": {
            "css_class": "highlight",
            "guess_lang": False,
        },
    },
    "output_format": "html5",
}
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}
# Our own cache of checked and rendered files (plugins/model/cache.py), keyed by
# each file's content: `invoke build --no-cache` skips it. Pelican's own content
# cache has nothing to do: our generators read no file through Pelican.
CHAPTERS_CACHE = True
CACHE_PATH = str(ROOT / "cache")
LOAD_CONTENT_CACHE = False

# Calendars: defaults live in plugins/calendars/settings.py (see docs/calendars.md).
# CALENDARS_MEETING_MINUTES = 120  # length of one regular meeting
# CALENDARS_MEETINGS_SINCE = "2000-01-01"  # first meeting, if no 'founded' and no items
# CALENDARS_UPCOMING_ON_CHAPTER = 3  # next events shown on a chapter page

# Search (docs/search.md; defaults in plugins/search/settings.py)
# SEARCH_INDEX = True  # False skips Pagefind; `invoke build --no-search-index`

# Feeds (docs/feeds.md; defaults in plugins/feeds/settings.py)
FEEDS_MAX_ITEMS = 20
FEEDS_TAG_YEAR = "2012"
