"""Defaults of the feeds settings and their parsing into one frozen object."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEFAULTS: dict[str, Any] = {
    "FEEDS_MAX_ITEMS": 20,
    "FEEDS_SITEURL": "http://localhost:8000",
    "FEEDS_TAG_AUTHORITY": None,  # None: the host of SITEURL, else FALLBACK_AUTHORITY
    "FEEDS_TAG_YEAR": "2012",
}
FALLBACK_AUTHORITY = "chapterhouse.invalid"

# RFC 4151: authorityName is a DNS name or an e-mail address; date is YYYY[-MM[-DD]].
_DNS_NAME = re.compile(
    r"(?=.{1,253}\Z)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\Z"
)
_EMAIL = re.compile(r"[a-z0-9._%+-]+@(?P<host>.+)\Z")
_TAG_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?\Z")


@dataclass(frozen=True)
class FeedsSettings:
    base_url: str  # absolute, without a trailing slash
    max_items: int
    tag_authority: str
    tag_year: str


def feeds_settings(settings: Mapping[str, Any]) -> FeedsSettings:
    """Parse once; every bad value is reported together in one ValueError."""
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    problems = []

    max_items = merged["FEEDS_MAX_ITEMS"]
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        problems.append(
            f"FEEDS_MAX_ITEMS = {max_items!r} (a whole number of at least 1)"
        )

    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    base_url = siteurl or str(merged["FEEDS_SITEURL"] or "").rstrip("/")
    if not _is_absolute(base_url):
        source = "SITEURL" if siteurl else "FEEDS_SITEURL"
        problems.append(
            f"{source} = {base_url!r} (an absolute http:// or https:// address)"
        )

    authority = merged["FEEDS_TAG_AUTHORITY"]
    if authority is None:
        authority = urlsplit(siteurl).hostname or FALLBACK_AUTHORITY
    authority = str(authority).lower()
    if not _is_authority(authority):
        problems.append(
            f"FEEDS_TAG_AUTHORITY = {authority!r} (a domain name like 'example.org' "
            "or an e-mail address you own)"
        )

    year = str(merged["FEEDS_TAG_YEAR"])
    if not _TAG_DATE.match(year):
        problems.append(f"FEEDS_TAG_YEAR = {year!r} (YYYY, YYYY-MM or YYYY-MM-DD)")

    if problems:
        raise ValueError("bad feeds settings: " + "; ".join(problems))
    return FeedsSettings(
        base_url=base_url, max_items=max_items, tag_authority=authority, tag_year=year
    )


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _is_authority(authority: str) -> bool:
    email = _EMAIL.match(authority)
    return bool(_DNS_NAME.match(email.group("host") if email else authority))
