"""Whether a production build (`invoke publish`) has a public address for its links and feeds."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

WHERE = (
    "set the environment variable SITEURL (on GitHub: Settings > Secrets and "
    "variables > Actions > Variables, a repository variable named SITEURL), or "
    "SITEURL in publishconf.py, e.g. https://iops.example.org"
)
_LOCAL_NAMES = {"localhost", "localhost.localdomain"}
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".invalid", ".test")


def is_local_host(host: str) -> bool:
    """A host name or address no reader elsewhere can reach (loopback, private, reserved)."""
    host = host.lower().rstrip(".")
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return True  # a name without a dot: a machine on the local network
        return not address.is_global
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def public_siteurl_problem(settings: Mapping[str, Any]) -> str | None:
    """Why ``settings`` cannot publish, or None: SITEURL must be an absolute public address.

    An empty SITEURL (an unset repository variable gives one) counts as unset:
    the feeds, OPML and calendars would otherwise point at
    CHAPTERS_LOCAL_SITEURL, a local address.
    """
    siteurl = str(settings.get("SITEURL") or "").strip()
    if not siteurl:
        return (
            f"SITEURL is not set, so feeds and calendars would point nowhere: {WHERE}"
        )
    parts = urlsplit(siteurl)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"SITEURL = {siteurl!r} is not an absolute address starting with "
            f"https:// (or http://): {WHERE}"
        )
    if is_local_host(parts.hostname):
        return (
            f"SITEURL = {siteurl!r} is a local address that readers cannot reach: "
            f"{WHERE}"
        )
    if parts.query or parts.fragment:
        return f"SITEURL = {siteurl!r} has a query or fragment: {WHERE}"
    authority = settings.get("CHAPTERS_ID_AUTHORITY")
    if authority and is_local_host(str(authority).rpartition("@")[2]):
        return (
            f"CHAPTERS_ID_AUTHORITY = {authority!r} is a local name: pin it to the "
            "site's public domain in publishconf.py"
        )
    return None
