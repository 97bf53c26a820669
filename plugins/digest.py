"""The weekly digest: pages that are stale or soon will be, and membership
figures not confirmed for a year, with who can fix them and how."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .freshness.facts import ChapterFacts, stale_from
from .freshness.settings import FreshnessSettings
from .gfm import code_span, markdown_text
from .model import urls
from .model.chapters import LEVEL_ORDER
from .site.words import long_date

# The schema checks GitHub names; checked again here so that nothing but a name
# can follow an @ that the digest writes itself.
_GITHUB_NAME = re.compile(r"[A-Za-z0-9-]+")
_MAINTAINER = re.compile(r"[A-Za-z0-9-]+(?:/[A-Za-z0-9._-]+)?")  # a user or org/team


def _admin(admin) -> str:
    """An admin's GitHub mention (the digest notifies them), else their name as text."""
    if _mentionable(admin):
        return f"@{admin.github}"
    return markdown_text(admin.name)


def _mentionable(admin) -> bool:
    return bool(admin.github and _GITHUB_NAME.fullmatch(admin.github))


def due(
    chapters: Mapping,
    facts: Mapping[str, ChapterFacts],
    build_date: dt.date,
    settings: FreshnessSettings,
    within_days: int = 30,
) -> list[tuple]:
    """(chapter, fact, stale-from date) of pages stale by build date + within_days.

    Stale pages first (national first, then the oldest), then those about to be.
    """
    horizon = build_date + dt.timedelta(days=within_days)
    found = []
    for slug, chapter in chapters.items():
        fact = facts[slug]
        start = stale_from(chapter, fact.last_updated, settings)
        if start is not None and start <= horizon:
            found.append((chapter, fact, start))
    return sorted(
        found,
        key=lambda row: (
            row[2] > build_date,
            LEVEL_ORDER[row[0].level],
            row[2],
            row[0].slug,
        ),
    )


def membership_due(
    chapters: Mapping,
    build_date: dt.date,
    settings: FreshnessSettings,
    within_days: int = 30,
) -> list[tuple]:
    """(chapter, date from which its membership figure counts as not
    confirmed) of open chapters whose figure is unconfirmed by build date +
    within_days, the oldest first: what a coordinator asks for this month."""
    horizon = build_date + dt.timedelta(days=within_days)
    found = []
    for chapter in chapters.values():
        if chapter.members is None or chapter.is_closed:
            continue
        start = chapter.members.as_of + dt.timedelta(days=settings.membership_days + 1)
        if start <= horizon:
            found.append((chapter, start))
    return sorted(found, key=lambda row: (row[1], row[0].slug))


def digest_markdown(
    rows: list[tuple],
    build_date: dt.date,
    chapters_folder: str = "chapters",
    *,
    repository_url: str = "",
    site_url: str = "",
    maintainers: tuple[str, ...] = (),
    membership: list[tuple] = (),
) -> str:
    """Markdown for the digest issue; empty when nothing is due.

    Every link is absolute, so that it works in notification e-mails too: the
    chapter's page under ``site_url`` and its chapter.yaml under
    ``repository_url`` (``https://github.com/OWNER/REPO``); without either,
    the text stands without a link. Admins without a GitHub name are not
    notified by the issue, so they are listed with their e-mail address for
    the maintainers, who are mentioned.
    """
    if not rows and not membership:
        return ""
    repository_url = repository_url.rstrip("/")
    site_url = site_url.rstrip("/")
    unreachable: dict[str, object] = {}

    def name_of(chapter) -> str:
        name = markdown_text(chapter.name) or chapter.slug
        profile = f"{chapters_folder}/{chapter.slug}/chapter.yaml"
        if site_url:
            name = f"[{name}]({urls.absolute(site_url, urls.chapter(chapter.slug))})"
        if repository_url:
            name += f" ([chapter.yaml]({repository_url}/blob/HEAD/{profile}))"
        return name

    def admins_of(chapter) -> str:
        if not any(_mentionable(a) for a in chapter.admins):
            unreachable.setdefault(chapter.slug, chapter)
        return (
            ", ".join(_admin(a) for a in chapter.admins)
            or "no admins: the page needs someone to look after it"
        )

    def when(start: dt.date) -> str:
        return "now" if start <= build_date else f"from {start.isoformat()}"

    lines = []
    if rows:
        lines += [
            f"Chapter pages that are out of date, or will be within 30 days of "
            f"{long_date(build_date)}.",
            "",
            "To clear the flag, publish a post, report or event in the chapter's "
            'folder, or check the page and add `updated: "YYYY-MM-DD"` (today\'s '
            "date) to its `chapter.yaml`.",
            "",
            "| chapter | level | last updated | out of date | admins |",
            "|---|---|---|---|---|",
        ]
        for chapter, fact, start in rows:
            updated = fact.last_updated.isoformat() if fact.last_updated else "never"
            lines.append(
                f"| {name_of(chapter)} | {markdown_text(chapter.level)} | {updated} "
                f"| {when(start)} | {admins_of(chapter)} |"
            )
    if membership:
        lines += [
            *([""] if lines else []),
            f"Membership figures not confirmed for more than a year, or not by 30 "
            f"days after {long_date(build_date)}: the site shows them flagged, and "
            "the totals rest on them.",
            "",
            "To confirm one, count the members again and write the count and "
            'today\'s date in `members:` (`count:` and `as_of: "YYYY-MM-DD"`) in '
            "the chapter's `chapter.yaml`.",
            "",
            "| chapter | members | counted on | not confirmed | admins |",
            "|---|---|---|---|---|",
        ]
        for chapter, start in membership:
            members = chapter.members
            lines.append(
                f"| {name_of(chapter)} | {members.count} | "
                f"{members.as_of.isoformat()} | {when(start)} | {admins_of(chapter)} |"
            )
    if unreachable:
        lines += ["", _unreachable(list(unreachable.values()), maintainers)]
    return "\n".join(lines) + "\n"


def _unreachable(chapters: list, maintainers: tuple[str, ...]) -> str:
    """The chapters this issue notifies nobody of, with the addresses to write to."""
    who = ", ".join(
        f"@{name.lstrip('@')}"
        for name in maintainers
        if _MAINTAINER.fullmatch(name.lstrip("@"))
    )
    lines = [
        f"{who + ': t' if who else 'T'}his issue notifies nobody of these chapters, "
        "whose admins have no GitHub name. Please write to them, and ask them "
        "for a GitHub name to add to `chapter.yaml`:",
        "",
    ]
    for chapter in chapters:
        people = [
            markdown_text(a.name) + (f" {code_span(a.email)}" if a.email else "")
            for a in chapter.admins
        ]
        contact = chapter.contact.get("email") if chapter.contact else None
        if contact:
            people.append(f"the chapter's address {code_span(str(contact))}")
        lines.append(
            f"- {markdown_text(chapter.name) or chapter.slug}: "
            + ("; ".join(people) or "no admins and no address: find someone")
        )
    return "\n".join(lines)
