"""Files that `invoke new-chapter` and `invoke new-post` write: valid at once, every option explained."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from .model import formats, zones
from .model.areas import Area, area_of_country
from .model.chapters import Chapter, parse_chapter
from .model.federation import ALLOWED_PARENT_LEVELS, with_offset
from .model.formats import SLUG, FormatProblem, check_country
from .model.items import KINDS, parse_text
from .model.placeholders import ITEM_BODY
from .model.render import MarkdownRenderer
from .model.schema import CHAPTER_SCHEMA, FRONT_MATTER_SCHEMA, make_validator
from .model.walk import windows_name_problem

CHAPTER_SCHEMA_PATH = "plugins/model/schemas/chapter.schema.json"
FRONT_MATTER_SCHEMA_PATH = "plugins/model/schemas/front-matter.schema.json"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def chapter_yaml(
    name: str,
    level: str,
    country: str,
    parent: str | None,
    schema: str,
    area: str | None = None,
    timezone: str | None = None,
    updated: dt.date | None = None,
) -> str:
    """A chapter.yaml with the required fields set and every other field commented.

    ``timezone`` is the zone of the chapter's country (or the one chosen among
    its zones), written into the commented meetings so they fit the chapter.
    ``updated``: the day the page is made, which confirms it as current (a
    new chapter's page would otherwise say it was never updated).
    """
    updated_line = (
        f'updated: "{updated.isoformat()}"     # confirms the page is current on '
        "this date: change it when you check the page"
        if updated
        else '# updated: "2014-11-30"     # confirms the page is current on this date'
    )
    zone = timezone or "Europe/Oslo       # the IANA name of your time zone"
    parent_line = (
        f"parent: {parent}"
        if parent
        else "# parent: norway            # folder name of the enclosing chapter"
    )
    area_line = (
        f"area: {area}"
        if area
        else "# area: na-ne               # only needed for the US and Canada "
        "(see docs/settings.md)"
    )
    return f"""\
# yaml-language-server: $schema={schema}
# The profile of this chapter. Lines starting with # are explanations or
# optional fields: remove the # to use a field. Field reference: docs/fields.md

name: {_quote(name)}
level: {level}                 # local, regional or national
country: {_quote(country)}               # ISO country code in quotes, e.g. "NO" for Norway
{parent_line}

{area_line}
# city: Oslo
# location: {{lat: 59.91, lon: 10.75}}
# founded: "2013-02"        # "YYYY-MM-DD", "YYYY-MM" or "YYYY", in quotes
# languages: [en]           # the first is the default language of your posts
# summary: One paragraph of plain text, at most 300 characters.

# admins:                   # the people who keep this page; GitHub names make
#   - name: Kari Nordmann   # them reviewers of changes to this folder
#     github: kari-n
#     email: kari@example.org

# contact:
#   email: chapter@example.org
#   website: https://example.org/
#   mailing_list: https://lists.example.org/chapter
#   social: [https://social.example/@chapter]

# meetings:
#   frequency: monthly      # weekly, fortnightly, monthly, bimonthly, quarterly, irregular
#   day: wednesday
#   week: first             # monthly and longer: first, second, third, fourth or last
#   since: "2014-06-04"     # the date of one meeting, "YYYY-MM-DD" in quotes
#   time: "19:00"           # 24-hour, in quotes
#   timezone: {zone}
#   venue: "Community hall, 1 High Street"   # in quotes if it holds a #
#   access: Step-free entrance; childcare on request
#   online: https://meet.example.org/chapter

# members:                  # numbers only, never names
#   count: 12
#   women: 5
#   as_of: "2014-06-01"     # when you counted; confirm it at least once a year

# status: active            # forming, active, dormant or closed
# closed: "2015-01-01"      # with status: closed
{updated_line}
"""


def item_markdown(
    kind: str, title: str, date: dt.date, schema: str, timezone: str | None = None
) -> str:
    """An item with title and date set, the event fields for events, the rest commented.

    Event times carry the UTC offset of the chapter's time zone on that day.
    The item is a draft, with placeholder text for its body: `invoke check`
    refuses to publish the placeholder, so the writer replaces it and then
    removes the 'status: draft' line.
    """
    day = date.isoformat()
    event = ""
    if kind == "events":
        starts = with_offset(dt.datetime.combine(date, dt.time(19)), timezone)
        ends = with_offset(dt.datetime.combine(date, dt.time(21)), timezone)
        event = f"""\
starts: "{starts}"   # date and time with UTC offset, or just "{day}"
# ends: "{ends}"
# location: Folkets hus, Oslo
# online: https://meet.example.org/event
"""
    return f"""\
---
# yaml-language-server: $schema={schema}
title: {_quote(title)}
date: "{day}"
{event}status: draft                  # off the site until you remove this line
# modified: "{day}"          # the date of a later substantive change
# authors: [Kari Nordmann]
# tags: [organising]
# summary: One sentence; the first paragraph is used if you leave this out.
# lang: en                     # if not in the chapter's first language
# chapters: [bergen]           # other chapters this is joint work with
# featured: true               # puts it on the international front page
# original_url: https://example.org/where-it-first-appeared
---
{ITEM_BODY}
"""


# Characters of a title's slug kept in a file name: a long title made a name
# longer than a file system holds (255 bytes; a Chinese character is 3).
MAX_TITLE_SLUG = 60


def title_slug(title: str) -> str:
    """The file name of a new item's title: its slug, cut at a word within
    MAX_TITLE_SLUG characters, never a name Windows keeps for itself ("CON"
    gives con-1.md, not con.md)."""
    slug = formats.slugify(title) or "untitled"
    if len(slug) > MAX_TITLE_SLUG:
        cut = slug[:MAX_TITLE_SLUG]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return f"{slug}-1" if windows_name_problem(f"{slug}.md") else slug


def _would_fail(problems) -> list[str]:
    """The errors ``invoke check`` would find in a file about to be written,
    as the reasons not to write it (a scaffold writes only what passes)."""
    return [
        f"the file would not pass check: {p.message}"
        + (f" ({p.hint})" if p.hint else "")
        for p in problems
        if not p.is_warning
    ]


def new_chapter(
    chapters_dir: Path,
    slug: str,
    *,
    level: str,
    country: str | None,
    name: str | None = None,
    parent: str | None = None,
    area: str | None = None,
    timezone: str | None = None,
    chapters: Mapping[str, Chapter] | None = None,
    areas: tuple[Area, ...] = (),
    prefix: str = "",
    updated: dt.date | None = None,
) -> tuple[Path | None, list[str]]:
    """Write chapters/<slug>/chapter.yaml; the path, or what is wrong with the request.

    Without --name the name is ``prefix`` (the organisation's short name, as in
    "IOPS Oslo") and the slug in title case. The time zone is the country's;
    a country with several needs ``timezone``, one of them.

    ``chapters`` are the existing valid chapters and ``areas`` the site's areas:
    with them the same hierarchy and area rules as `invoke check` apply here.
    """
    chapters = chapters or {}
    problems = []
    if not SLUG.match(slug):
        problems.append(
            f"'{slug}' is not a valid slug: use lower-case letters, digits and "
            "hyphens, e.g. new-york-city"
        )
    if level not in ALLOWED_PARENT_LEVELS:
        problems.append(f"--level must be local, regional or national, not '{level}'")
    if not country:
        country = ""
        problems.append(
            "--country is required: the chapter's ISO country code, e.g. "
            "--country GB for the United Kingdom or --country NO for Norway"
        )
    else:
        try:
            check_country(country)
        except FormatProblem as problem:
            problems.append(f"--country '{country}': {problem}")
            country = ""  # no more problems of a country that is none
        else:
            problems += _timezone_problems(country, timezone)
    if parent and level == "national":
        problems.append("a national chapter has no --parent")
    elif parent and parent not in chapters:
        problems.append(f"--parent '{parent}' is not a chapter")
    elif (
        parent
        and level in ALLOWED_PARENT_LEVELS
        and chapters[parent].level not in ALLOWED_PARENT_LEVELS[level]
    ):
        allowed = " or ".join(ALLOWED_PARENT_LEVELS[level])
        problems.append(
            f"a {level} chapter's parent must be {allowed}; '{parent}' is "
            f"{chapters[parent].level}"
        )
    keys = [a.key for a in areas]
    if area and area not in keys:
        problems.append(f"--area '{area}' is not an area; areas: {', '.join(keys)}")
    resolved = area or (chapters[parent].area if parent in chapters else None)
    resolved = resolved or area_of_country(areas, country)
    if areas and resolved is None and level != "national" and country:
        problems.append(
            f"country {country} belongs to no single area: pass --area, one of "
            + ", ".join(keys)
        )
    folder = chapters_dir / slug
    if folder.exists():
        problems.append(f"{folder} exists already")
    if problems:
        return None, problems
    path = folder / "chapter.yaml"
    schema = _relative_schema(path, CHAPTER_SCHEMA_PATH)
    display = name or " ".join(filter(None, [prefix, slug.replace("-", " ").title()]))
    zone = timezone or next(iter(zones.country_zones(country)), None)
    text = chapter_yaml(display, level, country, parent, schema, area, zone, updated)
    _, found = parse_chapter(
        text,
        f"{slug}/chapter.yaml",
        slug,
        make_validator(CHAPTER_SCHEMA, [a.key for a in areas]),
    )
    if failing := _would_fail(found):
        return None, failing
    folder.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path, []


def _timezone_problems(country: str, timezone: str | None) -> list[str]:
    """A --timezone that is no zone; none given where the country has several."""
    found = zones.country_zones(country)
    if timezone:
        try:
            formats.check_timezone(timezone)
        except FormatProblem as problem:
            return [f"--timezone '{timezone}' is not a time zone: {problem}"]
        return []
    if len(found) > 1:
        return [
            f"country {country} has {len(found)} time zones: pass --timezone, one "
            "of " + ", ".join(found)
        ]
    return []


def new_item(
    chapters_dir: Path,
    chapter: str,
    title: str,
    *,
    kind: str,
    date: dt.date,
    timezone: str | None = None,
) -> tuple[Path | None, list[str]]:
    """Write chapters/<chapter>/<kind>/<slug>.md; the path, or what is wrong."""
    problems = []
    if kind not in KINDS:
        problems.append(f"--kind must be one of {', '.join(KINDS)}, not '{kind}'")
    if not (chapters_dir / chapter / "chapter.yaml").is_file():
        problems.append(f"'{chapter}' is not a chapter (no {chapter}/chapter.yaml)")
    if not title.strip():
        problems.append("the title is empty")
    if problems:
        return None, problems
    path = chapters_dir / chapter / kind / f"{title_slug(title)}.md"
    if path.exists():
        return None, [f"{path} exists already: choose another title or edit that file"]
    schema = _relative_schema(path, FRONT_MATTER_SCHEMA_PATH)
    text = item_markdown(kind, title.strip(), date, schema, timezone)
    parsed = parse_text(
        text,
        path,
        f"{chapter}/{kind}/{path.name}",
        chapter,
        kind,
        make_validator(FRONT_MATTER_SCHEMA, ()),
        MarkdownRenderer(),
    )
    if failing := _would_fail(parsed.problems):
        return None, failing
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, []


def _relative_schema(path: Path, schema: str) -> str:
    """The schema's path relative to the new file, so editors find it in any clone."""
    target = Path(__file__).resolve().parent.parent / schema
    return Path(os.path.relpath(target, path.parent.resolve())).as_posix()
