"""A chapter profile: reading and checking one chapters/<slug>/chapter.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from . import formats, urls
from .diagnostics import Diagnostic
from .files import read_text
from .schema import validate
from .yamlload import Located, load_yaml

# Outermost first: listings put national chapters before regional and local ones.
LEVEL_ORDER = {"national": 0, "regional": 1, "local": 2}


@dataclass(frozen=True)
class Admin:
    name: str
    github: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Meetings:
    frequency: str
    day: str | None = None
    time: str | None = None
    timezone: str | None = None
    venue: str | None = None
    online: str | None = None


@dataclass(frozen=True)
class Members:
    count: int
    as_of: dt.date
    women: int | None = None


@dataclass(frozen=True)
class Chapter:
    slug: str
    path: str  # as shown in messages, e.g. chapters/oslo/chapter.yaml
    name: str
    level: str
    country: str
    parent: str | None = None
    area: str | None = None  # resolved: own, else parent's, else country's
    declared_area: str | None = None
    city: str | None = None
    location: tuple[float, float] | None = None
    founded: str | None = None
    languages: tuple[str, ...] = ()
    summary: str | None = None
    admins: tuple[Admin, ...] = ()
    contact: dict[str, Any] = field(default_factory=dict, compare=False)
    meetings: Meetings | None = None
    members: Members | None = None
    status: str = "active"
    closed: dt.date | None = None
    updated: dt.date | None = None
    # about.md as sanitised HTML, rendered once while checking.
    about_html: str | None = field(default=None, compare=False, repr=False)
    source: Located | None = field(default=None, compare=False, repr=False)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def url(self) -> str:
        return urls.chapter(self.slug)


def read_chapter(
    yaml_path: Path, shown_as: str, slug: str, validator: Draft202012Validator
) -> tuple[Chapter | None, list[Diagnostic]]:
    """Load and check one profile; a Chapter only when it has no errors."""
    text, problems = read_text(yaml_path, shown_as)
    if text is None:
        return None, problems
    located, problems = load_yaml(text, shown_as)
    if located is None:
        return None, problems
    if located.data is None:
        return None, [
            Diagnostic(
                shown_as,
                1,
                1,
                "chapter.yaml is empty",
                "it needs at least name, level and country, e.g. "
                "'name: Oslo', 'level: local', 'country: \"NO\"'",
            )
        ]
    problems = validate(located, validator, shown_as)
    if problems:
        return None, problems
    data = located.data
    problems = _profile_rules(data, located, shown_as)
    if problems:
        return None, problems
    return _chapter_from(data, located, shown_as, slug), []


def _profile_rules(data: dict, located: Located, shown_as: str) -> list[Diagnostic]:
    """Rules inside one profile that a JSON Schema cannot say clearly."""
    problems = []

    def problem(path: tuple, message: str, hint: str) -> None:
        line, column = located.mark(path)
        problems.append(Diagnostic(shown_as, line, column, message, hint))

    members = data.get("members") or {}
    if "women" in members and members["women"] > members["count"]:
        problem(
            ("members", "women"),
            f"'members.women' ({members['women']}) is more than "
            f"'members.count' ({members['count']})",
            "women are counted among all members; check both numbers",
        )
    status = data.get("status", "active")
    if status == "closed" and "closed" not in data:
        problem(
            ("status",),
            "a closed chapter needs the date it closed",
            "add a line 'closed: \"YYYY-MM-DD\"'",
        )
    if "closed" in data and status != "closed":
        problem(
            ("closed",),
            f"'closed' is given but status is '{status}'",
            "add 'status: closed', or remove the 'closed' line",
        )
    if data.get("level") == "national" and "parent" in data:
        problem(
            ("parent",),
            "a national chapter has no parent; it hangs under the international site",
            "remove the 'parent' line, or change 'level'",
        )
    return problems


def _chapter_from(data: dict, located: Located, shown_as: str, slug: str) -> Chapter:
    location = data.get("location")
    meetings = data.get("meetings")
    members = data.get("members")
    return Chapter(
        slug=slug,
        path=shown_as,
        name=data["name"],
        level=data["level"],
        country=data["country"],
        parent=data.get("parent"),
        declared_area=data.get("area"),
        city=data.get("city"),
        location=(float(location["lat"]), float(location["lon"])) if location else None,
        founded=data.get("founded"),
        languages=tuple(data.get("languages", ())),
        summary=data.get("summary"),
        admins=tuple(Admin(**admin) for admin in data.get("admins", ())),
        contact=dict(data.get("contact", {})),
        meetings=Meetings(**meetings) if meetings else None,
        members=Members(
            count=members["count"],
            women=members.get("women"),
            as_of=formats.parse_date(members["as_of"]),
        )
        if members
        else None,
        status=data.get("status", "active"),
        closed=formats.parse_date(data["closed"]) if "closed" in data else None,
        updated=formats.parse_date(data["updated"]) if "updated" in data else None,
        source=located,
    )
