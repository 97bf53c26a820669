"""Every plugin's settings, parsed once per build into one frozen object.

Each plugin keeps its defaults in its own settings.py; this module reads them
all together, adds what they share (the site's base address and the authority
of feed ids and calendar UIDs), and reports every bad value of every plugin
in one message, each with the setting's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..calendars.settings import CalendarsSettings, calendars_settings
from ..feeds.settings import FeedsSettings, feeds_settings
from ..freshness.settings import FreshnessSettings, freshness_settings
from ..model.settings import ChapterSettings, chapter_settings
from ..search.settings import SearchSettings, search_settings

DEFAULTS: dict[str, Any] = {
    # Base of absolute addresses (feeds, calendars) while SITEURL is empty.
    "CHAPTERS_LOCAL_SITEURL": "http://localhost:8000",
    # Authority of feed entry ids (tag: URIs) and calendar UIDs; None: the host
    # of SITEURL, else FALLBACK_AUTHORITY. Pin it before the first public build.
    "CHAPTERS_ID_AUTHORITY": None,
    # Who the organisation is, shown on every page (docs/settings.md).
    "CHAPTERS_TAGLINE": "",  # one sentence: what the organisation is
    "CHAPTERS_CONTACT_EMAIL": None,  # the organisation-wide contact address
    "CHAPTERS_LOGO": "theme/images/logo.svg",  # URL relative to SITEURL
    "CHAPTERS_COLOUR": "#8a2b4c",  # the identity colour: links, header rule
}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")
FALLBACK_AUTHORITY = "chapterhouse.invalid"
RENAMED = {
    "FEEDS_SITEURL": "CHAPTERS_LOCAL_SITEURL",
    "CALENDARS_SITEURL": "CHAPTERS_LOCAL_SITEURL",
    "FEEDS_TAG_AUTHORITY": "CHAPTERS_ID_AUTHORITY",
    "CALENDARS_UID_DOMAIN": "CHAPTERS_ID_AUTHORITY",
}
# The output plugins; the content plugin is always needed.
OUTPUTS = (
    "rollup",
    "feeds",
    "calendars",
    "exports",
    "report",
    "sitefiles",
    "map",
    "exchange",
    "search",
)

_DNS_NAME = re.compile(
    r"(?=.{1,253}\Z)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\Z"
)
_EMAIL = re.compile(r"[a-z0-9._%+-]+@(?P<host>.+)\Z")


class SettingsError(ValueError):
    """Every bad setting, each named; str() lists them all."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    short_name: str
    default_lang: str
    timezone: str
    siteurl: str  # as configured, "" for local builds
    base_url: str  # absolute, without a trailing slash: SITEURL or the local one
    authority: str  # of tag: URIs and UIDs
    outputs: frozenset[str]  # the output plugins switched on
    tagline: str  # one sentence: what the organisation is
    contact_email: str | None  # the organisation-wide contact address
    logo: str  # URL relative to SITEURL, or ""
    colour: str  # "#rrggbb"
    chapters: ChapterSettings
    freshness: FreshnessSettings
    feeds: FeedsSettings
    calendars: CalendarsSettings
    search: SearchSettings

    @property
    def build_date(self):
        return self.chapters.build_date


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is: what its links, feeds and ids are built on."""

    siteurl: str  # SITEURL as configured, without a trailing slash; "" locally
    base_url: str  # absolute, without a trailing slash: SITEURL or the local one
    authority: str  # of tag: URIs and UIDs, lower case


def site_address(settings: Mapping[str, Any]) -> tuple[SiteAddress, list[str]]:
    """SITEURL, the absolute base address and the id authority, parsed once; the problems.

    The one reading of these settings: the build's SiteSettings and the check
    `invoke publish` and `invoke digest` make (plugins/siteurl.py) both use it.
    ``settings`` may hold only some of them; the others take their defaults.
    """
    problems = []
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    local = settings.get("CHAPTERS_LOCAL_SITEURL", DEFAULTS["CHAPTERS_LOCAL_SITEURL"])
    base_url = siteurl or str(local or "").rstrip("/")
    if not is_absolute(base_url):
        source = "SITEURL" if siteurl else "CHAPTERS_LOCAL_SITEURL"
        problems.append(
            f"{source} = {base_url!r} (an absolute http:// or https:// address)"
        )
    authority = settings.get("CHAPTERS_ID_AUTHORITY")
    if authority is None:
        authority = urlsplit(siteurl).hostname or FALLBACK_AUTHORITY
    authority = str(authority).lower()
    if not _is_authority(authority):
        problems.append(
            f"CHAPTERS_ID_AUTHORITY = {authority!r} (a domain name like "
            "'example.org' or an e-mail address you own)"
        )
    return SiteAddress(siteurl, base_url, authority), problems


def site_settings(settings: Mapping[str, Any]) -> SiteSettings:
    """Parse every plugin's settings; SettingsError lists all problems at once."""
    problems: list[str] = []
    parsed: dict[str, Any] = {}
    for name, parse in (
        ("chapters", chapter_settings),
        ("freshness", freshness_settings),
        ("feeds", feeds_settings),
        ("calendars", calendars_settings),
        ("search", search_settings),
    ):
        try:
            parsed[name] = parse(settings)
        except ValueError as error:
            problems.append(str(error))

    for old, new in RENAMED.items():
        if old in settings:
            problems.append(f"{old} is now {new} (one setting for feeds and calendars)")

    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    address, found = site_address(settings)
    problems += found
    contact_email = merged["CHAPTERS_CONTACT_EMAIL"]
    if contact_email is not None and not _EMAIL.match(str(contact_email).lower()):
        problems.append(
            f"CHAPTERS_CONTACT_EMAIL = {contact_email!r} (an e-mail address, or None)"
        )
    colour = str(merged["CHAPTERS_COLOUR"])
    if not _COLOUR.match(colour):
        problems.append(f"CHAPTERS_COLOUR = {colour!r} (a colour written '#rrggbb')")
    if problems:
        raise SettingsError(problems)
    return SiteSettings(
        site_name=str(settings.get("SITENAME", "")),
        short_name=str(settings.get("SITE_SHORTNAME") or settings.get("SITENAME", "")),
        default_lang=str(settings.get("DEFAULT_LANG", "en")),
        timezone=str(settings.get("TIMEZONE") or "UTC"),
        siteurl=address.siteurl,
        base_url=address.base_url,
        authority=address.authority,
        outputs=enabled_outputs(settings.get("PLUGINS") or ()),
        tagline=str(merged["CHAPTERS_TAGLINE"] or ""),
        contact_email=str(contact_email) if contact_email else None,
        logo=str(merged["CHAPTERS_LOGO"] or "").lstrip("/"),
        colour=colour,
        **parsed,
    )


def enabled_outputs(plugins) -> frozenset[str]:
    """Which of our output plugins PLUGINS lists ('plugins.feeds' or a module)."""
    names = {getattr(p, "__name__", str(p)).rsplit(".", 1)[-1] for p in plugins}
    return frozenset(name for name in OUTPUTS if name in names)


def is_absolute(url: str) -> bool:
    """An absolute http:// or https:// address, with nothing around it."""
    parts = urlsplit(url)
    return (
        url == url.strip()
        and parts.scheme in ("http", "https")
        and bool(parts.hostname)
    )


def _is_authority(authority: str) -> bool:
    email = _EMAIL.match(authority)
    return bool(_DNS_NAME.match(email.group("host") if email else authority))
