"""Defaults of the freshness settings (spec §4) and their parsing into one frozen object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    "FRESHNESS_STALE_DAYS": {"national": 365, "regional": 180, "local": 180},
    "FRESHNESS_ACTIVE_DAYS": 90,
    "FRESHNESS_QUIET_DAYS": 365,
    "FRESHNESS_MEMBERSHIP_DAYS": 365,
    "FRESHNESS_WORKING_FREQUENCIES": ["weekly", "fortnightly", "monthly", "bimonthly"],
    "FRESHNESS_WORKING_MIN_MEMBERS": 5,
    "FRESHNESS_WORKING_MIN_WOMEN_SHARE": 0.3,
    "FRESHNESS_WORKING_MIN_ADMINS": 1,
}


@dataclass(frozen=True)
class FreshnessSettings:
    stale_days: Mapping[str, int]
    active_days: int
    quiet_days: int
    membership_days: int
    working_frequencies: frozenset[str]
    min_members: int
    min_women_share: float
    min_admins: int


def freshness_settings(settings: Mapping[str, Any]) -> FreshnessSettings:
    """Parse once; every bad value is reported together."""
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    problems = []
    stale = {**DEFAULTS["FRESHNESS_STALE_DAYS"], **merged["FRESHNESS_STALE_DAYS"]}
    for level, days in stale.items():
        if (
            level not in ("national", "regional", "local")
            or not isinstance(days, int)
            or days < 0
        ):
            problems.append(f"FRESHNESS_STALE_DAYS[{level!r}] = {days!r}")
    whole_numbers = (
        "FRESHNESS_ACTIVE_DAYS",
        "FRESHNESS_QUIET_DAYS",
        "FRESHNESS_MEMBERSHIP_DAYS",
        "FRESHNESS_WORKING_MIN_MEMBERS",
        "FRESHNESS_WORKING_MIN_ADMINS",
    )
    problems.extend(
        f"{key} = {merged[key]!r} (a whole number of at least 0)"
        for key in whole_numbers
        if not isinstance(merged[key], int) or merged[key] < 0
    )
    frequencies = merged["FRESHNESS_WORKING_FREQUENCIES"]
    known = {"weekly", "fortnightly", "monthly", "bimonthly", "quarterly", "irregular"}
    if not isinstance(frequencies, list | tuple) or not set(frequencies) <= known:
        problems.append(
            f"FRESHNESS_WORKING_FREQUENCIES = {frequencies!r} (a list of: "
            f"{', '.join(sorted(known))})"
        )
    share = merged["FRESHNESS_WORKING_MIN_WOMEN_SHARE"]
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        problems.append(
            f"FRESHNESS_WORKING_MIN_WOMEN_SHARE = {share!r} (between 0 and 1)"
        )
    active, quiet = merged["FRESHNESS_ACTIVE_DAYS"], merged["FRESHNESS_QUIET_DAYS"]
    if isinstance(active, int) and isinstance(quiet, int) and quiet < active:
        problems.append("FRESHNESS_QUIET_DAYS is shorter than FRESHNESS_ACTIVE_DAYS")
    if problems:
        raise ValueError("bad freshness settings: " + "; ".join(problems))
    return FreshnessSettings(
        stale_days=stale,
        active_days=merged["FRESHNESS_ACTIVE_DAYS"],
        quiet_days=merged["FRESHNESS_QUIET_DAYS"],
        membership_days=merged["FRESHNESS_MEMBERSHIP_DAYS"],
        working_frequencies=frozenset(merged["FRESHNESS_WORKING_FREQUENCIES"]),
        min_members=merged["FRESHNESS_WORKING_MIN_MEMBERS"],
        min_women_share=float(share),
        min_admins=merged["FRESHNESS_WORKING_MIN_ADMINS"],
    )
