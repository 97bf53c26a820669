"""Whether a production build (`invoke publish`) has a public address for its links and feeds."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .site.settings import is_absolute, site_address

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

    SITEURL and the id authority are read as the build reads them
    (site.settings.site_address). An empty SITEURL (an unset repository
    variable gives one) counts as unset: the feeds, OPML and calendars would
    otherwise point at CHAPTERS_LOCAL_SITEURL, a local address.
    """
    address, _ = site_address(settings)
    siteurl = address.siteurl
    if not siteurl.strip():
        return (
            f"SITEURL is not set, so feeds and calendars would point nowhere: {WHERE}"
        )
    if not is_absolute(siteurl):
        return (
            f"SITEURL = {siteurl!r} is not an absolute address starting with "
            f"https:// (or http://): {WHERE}"
        )
    parts = urlsplit(siteurl)
    assert parts.hostname is not None  # is_absolute
    if is_local_host(parts.hostname):
        return (
            f"SITEURL = {siteurl!r} is a local address that readers cannot reach: "
            f"{WHERE}"
        )
    if parts.query or parts.fragment:
        return f"SITEURL = {siteurl!r} has a query or fragment: {WHERE}"
    # Unless pinned, the authority is SITEURL's host, public by now.
    if is_local_host(address.authority.rpartition("@")[2]):
        return (
            f"CHAPTERS_ID_AUTHORITY = {address.authority!r} is a local name: pin it "
            "to the site's public domain in publishconf.py"
        )
    return None
