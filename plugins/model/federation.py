"""Load the whole repository: every chapter and item, checked together across files."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from unidecode import unidecode

from . import formats
from .areas import area_of_country
from .cache import FileCache
from .chapters import (
    CLOCKS_YEAR,
    PARENT_LEVELS,
    Chapter,
    chapter_zone,
    parent_country_warnings,
    parent_hint,
    profile_warnings,
    read_chapter,
)
from .diagnostics import Diagnostic, at_most_per_file
from .files import read_text
from .items import (
    KINDS,
    MARKDOWN_SUFFIXES,
    Item,
    ParsedItem,
    cache_key,
    checked_key,
    event_offset_warnings,
    front_checked,
    front_head,
    parse_cached,
    parse_text,
    removed_warnings,
    render_located,
)
from .links import Link, check_links, site_link_warnings
from .pool import ItemPool, Parsing, usable_jobs
from .render import MarkdownRenderer
from .schema import (
    CHAPTER_SCHEMA,
    FRONT_MATTER_SCHEMA,
    lost_text_warnings,
    make_validator,
)
from .settings import ChapterSettings
from .translations import pair_translations
from .walk import (
    IMAGE_SUFFIXES,
    Entry,
    link_on_the_way,
    link_problem,
    scan,
    scan_tree,
)

ALLOWED_PARENT_LEVELS = PARENT_LEVELS

# With worker processes, the first item files that need parsing (not in the
# cache) are still parsed in this one: a small repository (a test's, a new
# site's) and a rebuild after a few edits never wait for workers to start.
INLINE_FIRST = 64
# Names that are the same in a file system and in a URL, needing no encoding.
IMAGE_NAME = re.compile(r"[A-Za-z0-9._-]+\Z")
# An item dated later waits for its day (a post planned ahead); one dated
# more than this after the build date is reported: its date is probably a typo.
FAR_AHEAD = dt.timedelta(days=90)
# A photo from a phone is 3 to 5 MB; a page needs far less.
MAX_IMAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class StaticFile:
    """A validated file from an images/ folder and where the site publishes it."""

    source: Path
    url: str  # images/x.png or chapters/<slug>/images/x.png


@dataclass(frozen=True)
class Federation:
    """Every chapter (by slug, sorted), every item (sorted by path), every static file.

    This is everything the build may publish: the walk that validated it is the
    only walk of the repository.
    """

    chapters: dict[str, Chapter]
    items: tuple[Item, ...]
    static_files: tuple[StaticFile, ...] = field(default=(), compare=False)
    # The translations of each item (by the original's path), sorted by language.
    translations: Mapping[str, tuple[Item, ...]] = field(default_factory=dict)
    # Warnings found while reading, for content_warnings: what the sanitiser
    # removed from published text (the page goes out without it), and links
    # written as this site's addresses that lead to no chapter or item.
    read_warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def children(self) -> dict[str | None, list[str]]:
        """Slugs of the chapters directly under each chapter (None: the site)."""
        children: dict[str | None, list[str]] = {}
        for slug, chapter in self.chapters.items():
            children.setdefault(chapter.parent, []).append(slug)
        return children

    @cached_property
    def items_by_source(self) -> dict[Path, Item]:
        return {item.source: item for item in self.items}


@dataclass
class _Walk:
    """What reading files needs, passed down the folder walk, and what it found."""

    shown: Callable[[Path], str]
    validator: Any
    repository: Path
    cache: FileCache | None
    renderer: MarkdownRenderer
    settings_key: str  # what else validation depends on (the area keys)
    build_date: dt.date
    static_files: list[StaticFile] = field(default_factory=list)
    # Relative links to check once the walk knows every published file:
    # (links, source, shown_as, whether the source is published) per file.
    links: list[tuple[tuple[Link, ...], Path, str, bool]] = field(default_factory=list)
    published: set[Path] = field(default_factory=set)
    # Items that exist but are not published on the build date, and why.
    unpublished: dict[Path, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    read_warnings: list[Diagnostic] = field(default_factory=list)  # see Federation
    # With --jobs: item files are parsed in worker processes, and recorded
    # after the walk in the order found: (path, result or its future, cache key).
    pool: ItemPool | None = None
    pending: list[tuple[Path, Any, Any]] = field(default_factory=list)
    # How each file sent to a worker is shown, and its front matter
    # (items.front_head): the verdict on it is kept when the file is valid.
    heads: dict[Path, tuple[str, str | None]] = field(default_factory=dict)
    inline: int = 0  # item files parsed in this process
    meanwhile: Callable[[], None] | None = None  # see load_federation


def load_federation(
    settings: ChapterSettings,
    cache: FileCache | None = None,
    jobs: int = 1,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Federation, list[Diagnostic]]:
    """Read and check everything; the Federation holds only the valid parts.

    The diagnostics come sorted by file, line and column. With ``jobs`` above
    1, item files are parsed in that many processes; the result is the same.
    ``meanwhile`` is work for this process while they parse: it is called
    once the walk has handed them every file, and only if it handed them any
    (this process would otherwise wait for them).
    """
    jobs = usable_jobs(jobs)
    pool = ItemPool(settings, jobs) if jobs > 1 else None
    try:
        return _load(settings, cache, pool, meanwhile)
    finally:
        if pool is not None:
            pool.close()


def _load(
    settings: ChapterSettings,
    cache: FileCache | None,
    pool: ItemPool | None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Federation, list[Diagnostic]]:
    root = _display_root(settings)
    repository = Path(
        os.path.commonpath([settings.chapters_path, settings.content_path])
    )
    chapter_validator = make_validator(CHAPTER_SCHEMA, settings.area_keys)
    item_validator = make_validator(FRONT_MATTER_SCHEMA, settings.area_keys)
    problems: list[Diagnostic] = []
    chapters: dict[str, Chapter] = {}
    broken: set[str] = set()  # chapters whose chapter.yaml has errors of its own

    def shown(path: Path) -> str:
        return _relative(path, root)

    walk = _Walk(
        shown,
        item_validator,
        repository,
        cache,
        MarkdownRenderer(
            settings.markdown, settings.render_seconds, settings.iframe_hosts
        ),
        repr(settings.area_keys),
        settings.build_date,
        pool=pool,
        meanwhile=meanwhile,
    )

    chapters_dir = settings.chapters_path
    content_dir = settings.content_path
    # A linked chapters/ or content/ is not walked at all: what it points to
    # could be anywhere (a hidden folder, another checkout).
    linked = {
        folder: link
        for folder in (chapters_dir, content_dir)
        if (link := link_on_the_way(repository, folder)) is not None
    }
    problems.extend(link_problem(link, shown) for link in sorted(set(linked.values())))
    if chapters_dir in linked:
        pass
    elif not chapters_dir.is_dir():
        problems.append(
            Diagnostic(
                shown(chapters_dir),
                0,
                0,
                "chapters folder not found",
                "pass --chapters DIR or create the folder",
            )
        )
    else:
        entries, found = scan(chapters_dir, shown)
        problems.extend(found)
        for entry in entries:
            if not entry.is_dir:
                problems.append(
                    Diagnostic(
                        shown(entry.path),
                        0,
                        0,
                        "chapters/ holds only chapter folders",
                        "move this file into a chapter's folder or delete it",
                    )
                )
                continue
            slug = entry.name
            if not formats.SLUG.match(slug):
                problems.append(
                    Diagnostic(
                        shown(entry.path),
                        0,
                        0,
                        f"folder name '{slug}' is not a valid chapter slug",
                        "rename it with lower-case letters, digits and hyphens, e.g. "
                        f"'{_suggest_slug(slug)}'",
                    )
                )
                continue
            chapter, found = _chapter_folder(entry.path, slug, walk, chapter_validator)
            problems.extend(found)
            if chapter is None:
                broken.add(slug)
            else:
                chapters[slug] = chapter

    if content_dir not in linked and content_dir.is_dir():
        problems.extend(_content_folder(content_dir, walk))

    problems.extend(_record_pending(walk))
    items = walk.items
    problems.extend(_published_links(walk))
    walk.read_warnings.extend(_site_links(walk, chapters))
    walk.read_warnings.extend(_section_links(walk))
    problems.extend(_hierarchy_rules(chapters, broken))
    chapters = _resolve_areas(chapters, settings, problems, broken)
    walk.read_warnings.extend(parent_country_warnings(chapters, settings.areas))
    problems.extend(_item_cross_rules(items, chapters, broken))
    items, translations, found = pair_translations(
        items, chapters, settings.default_lang
    )
    problems.extend(found)
    ordered = dict(sorted(chapters.items()))
    items_by_path = tuple(sorted(items, key=lambda i: i.path))
    static_files = tuple(sorted(walk.static_files, key=lambda s: s.url))
    federation = Federation(
        ordered, items_by_path, static_files, translations, tuple(walk.read_warnings)
    )
    return federation, at_most_per_file(problems)


def content_warnings(
    federation: Federation, build_date: dt.date | None = None
) -> list[Diagnostic]:
    """What works but is probably not what the writer meant, sorted; never errors.

    Meetings no calendar can show, a closed chapter's offers, UTC for a
    country with summer time, event offsets that are not the chapter's on
    that date, free text cut short by a ' #', what the walk found (HTML the
    sanitiser removed, links to this site's addresses that lead nowhere, a
    parent across a border and an area), and (given the build date) an item
    dated so far ahead that its date is probably a typo, or an event dated
    (announced) on or after the day it takes place, or a chapter marked
    closed on a day still to come. `invoke check
    --strict` treats them as errors.
    """
    found: list[Diagnostic] = list(federation.read_warnings)
    year = build_date.year if build_date is not None else CLOCKS_YEAR  # zone rules
    if build_date is not None:
        found += far_ahead_warnings(federation.items, build_date)
        found += late_announcement_warnings(federation.items, build_date)
        found += closing_ahead_warnings(federation.chapters.values(), build_date)
        found += date_order_warnings(federation, build_date)
    for chapter in federation.chapters.values():
        found += profile_warnings(chapter, year)
        if chapter.source is not None:
            found += lost_text_warnings(chapter.source, CHAPTER_SCHEMA, chapter.path)
    chapters = federation.chapters
    zone_of = {slug: chapter_zone(c, chapters) for slug, c in chapters.items()}
    for item in federation.items:
        if item.meta is not None:
            found += lost_text_warnings(item.meta, FRONT_MATTER_SCHEMA, item.path)
        chapter = chapters.get(item.chapter)
        if chapter is not None and not chapter.is_closed:
            found += event_offset_warnings(item, zone_of[chapter.slug])
    return sorted(found)


def far_ahead_warnings(items: Iterable[Item], build_date: dt.date) -> list[Diagnostic]:
    """Items dated more than ``FAR_AHEAD`` after the build date: kept off the
    site until then, which for a typed year (2105 for 2015) is forever."""
    found = []
    for item in items:
        if item.is_draft or item.date is None:
            continue
        ahead = (item.date.date() - build_date).days
        if ahead > FAR_AHEAD.days:
            line, column = item.meta.mark(("date",)) if item.meta else (0, 0)
            found.append(
                Diagnostic(
                    item.path,
                    line,
                    column,
                    f"dated {item.date.date().isoformat()}, {ahead:,} days after "
                    f"the build date ({build_date.isoformat()}): it stays off the "
                    "site until that day",
                    "if the year or month is a typo, correct the date; an item "
                    "planned that far ahead needs nothing",
                    severity="warning",
                )
            )
    return found


def late_announcement_warnings(
    items: Iterable[Item], build_date: dt.date
) -> list[Diagnostic]:
    """Events not published yet whose ``date`` (the day they are announced)
    is on or after the day they take place: readers see them only then."""
    found = []
    for item in items:
        if item.kind != "events" or item.is_draft or item.starts is None:
            continue
        if item.date is None or item.translation:
            continue
        announced, starts = _day(item.date), _day(item.starts)
        if announced <= build_date or announced < starts:
            continue
        line, column = item.meta.mark(("date",)) if item.meta else (0, 0)
        when = (
            "the day it takes place" if announced == starts else "after it takes place"
        )
        found.append(
            Diagnostic(
                item.path,
                line,
                column,
                f"the event is dated {announced.isoformat()}, {when} "
                f"({starts.isoformat()}): 'date' is the day it is announced, "
                "and it stays off the site until then",
                f"set date to the day you announce it, such as the build date, "
                f'"{build_date.isoformat()}"',
                severity="warning",
            )
        )
    return found


def closing_ahead_warnings(
    chapters: Iterable[Chapter], build_date: dt.date
) -> list[Diagnostic]:
    """Chapters marked closed on a day after the build date: the site shows
    them closed already, while their calendar keeps the meetings until then."""
    found = []
    for chapter in chapters:
        if chapter.closed is None or chapter.closed <= build_date:
            continue
        line, column = chapter.source.mark(("closed",)) if chapter.source else (0, 0)
        found.append(
            Diagnostic(
                chapter.path,
                line,
                column,
                f"'closed' is {chapter.closed.isoformat()}, after the build date "
                f"({build_date.isoformat()}): the site shows the chapter as "
                "closed already, and its calendar keeps the meetings until then",
                "keep the chapter's status until the day it closes, then set "
                "'status: closed'; to say now that it will close, write a post",
                severity="warning",
            )
        )
    return found


def date_order_warnings(
    federation: Federation, build_date: dt.date
) -> list[Diagnostic]:
    """Dates a reader sees that cannot be right on the build date: an item
    'modified' after it (its page says "updated 1 June 2099" and its feeds
    date the entry then) or before its own 'date', and a profile 'updated',
    counted ('members.as_of') or founded after it. Freshness ignores such a
    date until its day comes; the pages and feeds show it."""
    found = []

    def warn(path, source, key, message, hint) -> None:
        line, column = source.mark(key) if source is not None else (0, 0)
        found.append(Diagnostic(path, line, column, message, hint, severity="warning"))

    today = build_date.isoformat()
    for item in federation.items:
        if item.modified is None or item.is_draft:
            continue
        modified = _day(item.modified)
        if item.date is not None and _day(item.date) > build_date:
            continue  # not published yet: its dates are for later
        if modified > build_date:
            warn(
                item.path,
                item.meta,
                ("modified",),
                f"'modified' is {modified.isoformat()}, after the build date "
                f"({today}): the page says it was updated then, and its feeds "
                "date the entry then",
                "write the day you last changed it",
            )
        elif item.date is not None and modified < _day(item.date):
            warn(
                item.path,
                item.meta,
                ("modified",),
                f"'modified' ({modified.isoformat()}) is before 'date' "
                f"({_day(item.date).isoformat()}): the page says it was updated "
                "before it was written",
                "write the day you last changed it, on or after 'date', or leave "
                "'modified' out",
            )
    for chapter in federation.chapters.values():
        members = chapter.members
        as_of = members.as_of if members else None
        for key, day, shown in (
            (("updated",), chapter.updated, chapter.updated),
            (("members", "as_of"), as_of, as_of),
            (("founded",), _founded_day(chapter.founded), chapter.founded),
        ):
            if day is not None and day > build_date:
                written = shown if isinstance(shown, str) else shown.isoformat()
                warn(
                    chapter.path,
                    chapter.source,
                    key,
                    f"'{'.'.join(key)}' is {written}, after the build date "
                    f"({today}): that day has not come yet",
                    "write the day it happened; a typing mistake in the year?",
                )
    return found


def _founded_day(founded: str | None) -> dt.date | None:
    """The first day of 'founded' (YYYY, YYYY-MM or YYYY-MM-DD); None if unreadable."""
    if not founded:
        return None
    try:
        return formats.parse_partial_date(founded)
    except ValueError:
        return None


def _same_looking(path: str, other: str) -> str:
    """Why two names that look the same are two files: é written as one
    character in one and as e and an accent in the other (NFC and NFD)."""
    if path != other and unicodedata.normalize("NFC", path) == unicodedata.normalize(
        "NFC", other
    ):
        return (
            ": the two names look the same but write an accented letter "
            "differently (as one character, and as a letter and an accent)"
        )
    return ""


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _display_root(settings: ChapterSettings) -> Path:
    """Paths in messages are relative to the folder that holds chapters/ and content/."""
    return settings.chapters_path.parent


def _relative(path: Path, root: Path) -> str:
    # Called several times for every file: a prefix of the text when it is one
    # (what relative_to finds, without parsing both paths again).
    text, prefix = str(path), str(root) + os.sep
    if text.startswith(prefix) and len(text) > len(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _chapter_folder(folder: Path, slug: str, walk: _Walk, validator):
    """(the chapter or None, problems) of one chapters/<slug>/ folder and its items."""
    shown = walk.shown
    entries, problems = scan(folder, shown)
    names = {entry.name: entry for entry in entries}
    profile = names.get("chapter.yaml")
    misnamed = _misnamed_profile(entries) if profile is None or profile.is_dir else None
    if misnamed is not None:
        problems.append(
            Diagnostic(
                shown(misnamed.path),
                0,
                0,
                f"the chapter's profile must be named chapter.yaml, not "
                f"'{misnamed.name}'",
                f"rename {misnamed.name} to chapter.yaml",
            )
        )
        chapter = None
    elif profile is None or profile.is_dir:
        # A link or hidden file of that name is reported by the scan already.
        if not any(p.path == shown(folder / "chapter.yaml") for p in problems):
            problems.append(
                Diagnostic(
                    shown(folder),
                    0,
                    0,
                    "chapter folder has no chapter.yaml",
                    f"add {shown(folder / 'chapter.yaml')} (invoke new-chapter {slug}) "
                    "or remove the folder",
                )
            )
        chapter = None
    else:
        chapter, found = read_chapter(
            profile.path,
            shown(profile.path),
            slug,
            validator,
            walk.cache,
            walk.settings_key,
        )
        problems.extend(found)
    about_html = None
    for entry in entries:
        name = entry.name
        if name == "chapter.yaml" or entry is misnamed:
            continue
        if name == "images" and entry.is_dir:
            problems.extend(_images(entry.path, walk, f"chapters/{slug}/images/"))
        elif name == "about.md" and not entry.is_dir:
            about_html, found = _about(entry.path, walk)
            problems.extend(found)
        elif name in KINDS and entry.is_dir:
            problems.extend(_kind_folder(entry.path, slug, name, walk))
        else:
            problems.append(_unexpected(entry, shown(entry.path), chapter=True))
    if chapter is not None and about_html is not None:
        chapter = replace(chapter, about_html=about_html)
    return chapter, problems


def _misnamed_profile(entries: list[Entry]) -> Entry | None:
    """A file that is the profile under another name: chapter.yml, Chapter.yaml."""
    for entry in entries:
        stem, dot, suffix = entry.name.rpartition(".")
        if (
            not entry.is_dir
            and dot
            and stem.casefold() == "chapter"
            and suffix.casefold() in ("yaml", "yml")
        ):
            return entry
    return None


def _content_folder(folder: Path, walk: _Walk) -> list[Diagnostic]:
    entries, problems = scan(folder, walk.shown)
    for entry in entries:
        if entry.name == "images" and entry.is_dir:
            problems.extend(_images(entry.path, walk, "images/"))
        elif entry.name in KINDS and entry.is_dir:
            problems.extend(_kind_folder(entry.path, None, entry.name, walk))
        else:
            problems.append(_unexpected(entry, walk.shown(entry.path), chapter=False))
    return problems


def _images(folder: Path, walk: _Walk, url: str) -> list[Diagnostic]:
    """Pictures and PDFs under images/ are published as they are; nothing else is."""
    files, problems = scan_tree(folder, walk.shown)
    for entry in files:
        path = entry.path
        found = _image_problems(path, path.relative_to(folder), walk.shown(path))
        if found:
            problems.extend(found)
            continue
        walk.static_files.append(
            StaticFile(path, url + path.relative_to(folder).as_posix())
        )
        walk.published.add(path)
    return problems


def _image_problems(path: Path, relative: Path, shown_as: str) -> list[Diagnostic]:
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return [
            Diagnostic(
                shown_as,
                0,
                0,
                f"'{path.suffix or path.name}' files are not published from images/",
                "use a picture (" + ", ".join(IMAGE_SUFFIXES) + "); "
                "an SVG can carry script, so convert it to PNG",
            )
        ]
    problems = []
    bad = [part for part in relative.parts if not IMAGE_NAME.match(part)]
    if bad:
        # The name becomes part of the picture's address: '#', '?', '%',
        # spaces and quotes mean something else there.
        problems.append(
            Diagnostic(
                shown_as,
                0,
                0,
                f"the name '{bad[0]}' has characters that do not work in a web address",
                f"rename it to '{_suggest_image_name(bad[0])}' (letters, digits, "
                "'.', '_' and '-')",
            )
        )
    try:
        size = os.lstat(path).st_size
    except OSError as error:
        return [Diagnostic(shown_as, 0, 0, f"cannot read: {error.strerror}")]
    if size > MAX_IMAGE_BYTES:
        problems.append(
            Diagnostic(
                shown_as,
                0,
                0,
                f"the file is {size:,} bytes; pictures may be at most "
                f"{MAX_IMAGE_BYTES // 1024 // 1024} MiB",
                "make it smaller: a picture on a page rarely needs to be more than "
                "2,000 pixels wide, saved as JPEG or WebP",
            )
        )
    return problems


def _suggest_image_name(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""

    def simple(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "-", unidecode(text)).strip("-")

    return (simple(stem) or "picture") + (f".{simple(suffix)}" if suffix else "")


def _suggest_slug(name: str) -> str:
    return formats.slugify(name) or "my-chapter"


def _kind_folder(
    folder: Path, chapter: str | None, kind: str, walk: _Walk
) -> list[Diagnostic]:
    shown = walk.shown
    files, problems = scan_tree(folder, shown)
    for entry in files:
        path = entry.path
        if (
            path.suffix.lower() in MARKDOWN_SUFFIXES
            and path.suffix not in MARKDOWN_SUFFIXES
        ):
            problems.append(
                Diagnostic(
                    shown(path),
                    0,
                    0,
                    f"file name ends in '{path.suffix}'",
                    f"rename it to end in '{path.suffix.lower()}' (lower case)",
                )
            )
            continue
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            problems.append(
                Diagnostic(
                    shown(path),
                    0,
                    0,
                    f"only Markdown (.md) files belong in {kind}/",
                    "put images and other files in the images/ folder",
                )
            )
            continue
        if walk.pool is None:
            parsed = parse_cached(
                path,
                shown(path),
                chapter,
                kind,
                walk.validator,
                walk.cache,
                walk.renderer,
                walk.settings_key,
            )
            problems.extend(_record(path, parsed, walk))
        else:
            problems.extend(_submit(path, chapter, kind, walk))
    return problems


def _submit(path: Path, chapter: str | None, kind: str, walk: _Walk) -> list:
    """Read the file and ask the cache now; parse it here if it is one of the
    first ``INLINE_FIRST`` to parse, else in a worker process.

    Its result is recorded after the walk, in the order the files were found.
    """
    shown_as = walk.shown(path)
    text, problems = read_text(path, shown_as)
    if text is None:
        walk.pending.append((path, ParsedItem(None, tuple(problems)), None))
        return []
    key = cache_key(
        path, shown_as, chapter, kind, walk.renderer, walk.settings_key, text
    )
    parsed = walk.cache.get(key) if walk.cache is not None else None
    if parsed is not None:
        # keeps the verdict on its front matter for the day only its body changes
        walk.cache.get(checked_key(shown_as))
    elif walk.inline < INLINE_FIRST:
        walk.inline += 1
        parsed = _Inline(text, shown_as, chapter, kind)
    else:
        parsed = walk.pool.submit(text, path, shown_as, chapter, kind)
        if walk.cache is not None:
            walk.heads[path] = (shown_as, front_head(text))
    walk.pending.append((path, parsed, key))
    return []


@dataclass(frozen=True)
class _Inline:
    """An item file to parse in this process once the walk has handed the
    workers every other file: a cold build's workers start at the first file
    past ``INLINE_FIRST`` and parse meanwhile, and a rebuild's few changed
    files never start them."""

    text: str
    shown_as: str
    chapter: str | None
    kind: str


def _record_pending(walk: _Walk) -> list[Diagnostic]:
    """The results of the worker processes, recorded in the order of the walk."""
    problems = []
    if walk.pool is not None:
        walk.pool.flush()  # parsed while the earlier batches are taken in
        if walk.pool.sent and walk.meanwhile is not None:
            walk.meanwhile()
    for path, found, key in walk.pending:
        if isinstance(found, _Inline):
            parsed = parse_text(
                found.text,
                path,
                found.shown_as,
                found.chapter,
                found.kind,
                walk.validator,
                walk.renderer,
                walk.cache,
            )
        else:
            parsed = found.result() if isinstance(found, Parsing) else found
        if isinstance(found, (Parsing, _Inline)) and walk.cache is not None:
            walk.cache.put(key, parsed)
        shown_as, head = walk.heads.pop(path, (None, None))
        if head is not None and not parsed.problems:
            # parsed in a worker without the cache: its front matter is valid
            walk.cache.put(
                checked_key(shown_as), front_checked(walk.validator, head, ())
            )
        problems.extend(_record(path, parsed, walk))
    walk.pending.clear()
    return problems


def _record(path: Path, parsed: ParsedItem, walk: _Walk) -> list[Diagnostic]:
    """What the walk keeps of one parsed item file; its problems."""
    shown = walk.shown
    item = parsed.item
    # An item with errors of its own counts as published: links to it are
    # not reported again.
    published = item is None or item.published_by(walk.build_date)
    if published:
        walk.published.add(path)
    else:
        walk.unpublished[path] = _why_unpublished(item, walk.build_date)
    walk.links.append((parsed.links, path, shown(path), published))
    walk.read_warnings.extend(parsed.removed)
    if item is not None:
        walk.items.append(item)
    return list(parsed.problems)


def _why_unpublished(item: Item, build_date: dt.date) -> str:
    if item.is_draft:
        return "it is a draft (status: draft)"
    return (
        f"it is dated {item.date.date().isoformat()}, after the build date "
        f"{build_date.isoformat()}"
    )


def _about(path: Path, walk: _Walk) -> tuple[str | None, list[Diagnostic]]:
    """about.md rendered to HTML, read once; the build publishes this HTML."""
    shown_as = walk.shown(path)
    text, problems = read_text(path, shown_as)
    if text is None:
        return None, problems
    if text.startswith("---"):
        return None, [
            Diagnostic(
                shown_as,
                1,
                1,
                "about.md is Markdown text only, without front matter",
                "move the fields into chapter.yaml and delete the '---' block",
            )
        ]
    rendered, links, problems = render_located(walk.renderer, text, shown_as, 1)
    walk.links.append((links, path, shown_as, True))
    if rendered is None:
        return None, problems
    if not problems:  # an error (a picture from another site) is said once
        walk.read_warnings.extend(removed_warnings(rendered.removed, text, shown_as, 1))
    return rendered.html, problems


def _published_links(walk: _Walk) -> list[Diagnostic]:
    """Relative links must name a file the site publishes (an item or a picture).

    A draft or future item may link to another one: they are published together.
    """
    problems = []
    # As text, the way check_links resolves a link: no Path made per link.
    published_files = frozenset(map(str, walk.published))
    unpublished = {str(path): why for path, why in walk.unpublished.items()}
    not_yet = published_files | unpublished.keys()
    for links, source, shown_as, published in walk.links:
        if published:
            problems += check_links(
                links,
                source,
                walk.repository,
                shown_as,
                published_files,
                unpublished,
            )
        else:
            problems += check_links(links, source, walk.repository, shown_as, not_yet)
    return problems


# The ids of an item's page that a text can link to: its headings' and those
# written in it, all with the sanitiser's prefix.
_ITEM_ID = re.compile(r'\sid="user-content-([^"]*)"')


def _section_links(walk: _Walk) -> list[Diagnostic]:
    """Links of published texts to a section of an item (other.md#next-steps)
    whose page has no such heading or id: the link opens the page's top.
    Warnings: the page is published with the link."""
    items = {str(item.source): item for item in walk.items}
    ids: dict[str, frozenset[str]] = {}  # of each item linked to, found once
    found = []
    for links, source, shown_as, published in walk.links:
        if not published:
            continue
        folder = os.path.dirname(source)
        for link in links:
            address, _, fragment = link.target.partition("#")
            path = unquote(address.partition("?")[0])
            if not fragment or not path.lower().endswith((".md", ".markdown")):
                continue
            target = items.get(os.path.normpath(os.path.join(folder, path)))
            if target is None:
                continue  # no such item: check_links says so
            known = ids.get(target.path)
            if known is None:
                known = ids[target.path] = frozenset(
                    unquote(found_id) for found_id in _ITEM_ID.findall(target.html)
                )
            section = unquote(fragment).removeprefix("user-content-")
            if section in known:
                continue
            close = formats.did_you_mean(section, sorted(known))
            found.append(
                Diagnostic(
                    shown_as,
                    link.line,
                    link.column,
                    f"link '{link.target}' leads to no heading of {target.path}: "
                    "the page opens at its top",
                    close
                    or (
                        "its headings are "
                        + ", ".join(f"#{name}" for name in sorted(known)[:8])
                        if known
                        else "it has no headings: link to the page without '#...'"
                    ),
                    severity="warning",
                )
            )
    return found


def _site_links(walk: _Walk, chapters: Mapping[str, Chapter]) -> list[Diagnostic]:
    """Links of published texts, written as this site's addresses, that lead to
    no chapter, item or picture (or to an item not published on the build date)."""
    items = {  # a translation's address is its original's plus its language
        item.url_of_original: None
        if item.published_by(walk.build_date)
        else _why_unpublished(item, walk.build_date)
        for item in walk.items
        if not item.translation
    }
    files = frozenset(static.url for static in walk.static_files)
    found = []
    for links, _source, shown_as, published in walk.links:
        if published and any(link.site for link in links):
            found += site_link_warnings(links, shown_as, chapters, items, files)
    return found


def _unexpected(entry: Entry, shown_as: str, *, chapter: bool) -> Diagnostic:
    where = "a chapter folder" if chapter else "content/"
    allowed = ("chapter.yaml, about.md, " if chapter else "") + (
        "posts/, reports/, events/, pages/ and images/"
    )
    hint = f"{where} holds {allowed}"
    if entry.path.suffix.lower() in MARKDOWN_SUFFIXES:
        hint = "move it into posts/, reports/, events/ or pages/"
    return Diagnostic(
        shown_as,
        0,
        0,
        f"unexpected {'folder' if entry.is_dir else 'file'} '{entry.name}'",
        hint,
    )


def _hierarchy_rules(
    chapters: dict[str, Chapter], broken: set[str]
) -> list[Diagnostic]:
    problems = []
    for slug, chapter in sorted(chapters.items()):
        if chapter.parent is None or chapter.level == "national":
            continue
        line, column = chapter.source.mark(("parent",))
        parent = chapters.get(chapter.parent)
        if chapter.parent == slug:
            problems.append(
                Diagnostic(
                    chapter.path,
                    line,
                    column,
                    "a chapter cannot be its own parent",
                    "name the enclosing chapter's folder",
                )
            )
        elif parent is None:
            if chapter.parent in broken:
                continue  # the parent's own errors are reported already
            problems.append(
                Diagnostic(
                    chapter.path,
                    line,
                    column,
                    f"parent '{chapter.parent}' is not a chapter",
                    parent_hint(
                        chapter.parent, slug, chapter.level, chapters, chapter.country
                    ),
                )
            )
        elif parent.level not in ALLOWED_PARENT_LEVELS[chapter.level]:
            allowed = " or ".join(ALLOWED_PARENT_LEVELS[chapter.level])
            problems.append(
                Diagnostic(
                    chapter.path,
                    line,
                    column,
                    f"a {chapter.level} chapter's parent must be {allowed}; "
                    f"'{chapter.parent}' is {parent.level}",
                    "pick another parent or change one of the levels",
                )
            )
    problems.extend(_cycles(chapters))
    return problems


def _cycles(chapters: dict[str, Chapter]) -> list[Diagnostic]:
    problems = []
    state: dict[str, str] = {}  # slug -> "walking" | "done"
    for start in sorted(chapters):
        trail: list[str] = []
        slug: str | None = start
        while slug in chapters and state.get(slug) != "done":
            if state.get(slug) == "walking":
                loop = trail[trail.index(slug) :]
                if len(loop) > 1:
                    first = chapters[min(loop)]
                    line, column = first.source.mark(("parent",))
                    problems.append(
                        Diagnostic(
                            first.path,
                            line,
                            column,
                            "parents form a cycle: " + " → ".join([*loop, loop[0]]),
                            "one of these chapters must have a different parent",
                        )
                    )
                break
            state[slug] = "walking"
            trail.append(slug)
            slug = chapters[slug].parent
        for walked in trail:
            state[walked] = "done"
    return problems


def _resolve_areas(chapters, settings, problems, broken) -> dict[str, Chapter]:
    resolved: dict[str, str | None] = {}

    def area(slug: str, seen: frozenset = frozenset()) -> str | None:
        if slug in resolved:
            return resolved[slug]
        chapter = chapters[slug]
        value = chapter.declared_area
        if value is None and chapter.parent in chapters and chapter.parent not in seen:
            value = area(chapter.parent, seen | {slug})
        if value is None:
            value = area_of_country(settings.areas, chapter.country)
        resolved[slug] = value
        return value

    def under_broken(slug: str) -> bool:
        seen = {slug}
        parent = chapters[slug].parent
        while parent in chapters and parent not in seen:
            seen.add(parent)
            parent = chapters[parent].parent
        return parent in broken

    result = {}
    for slug, chapter in chapters.items():
        value = area(slug)
        if value is None and chapter.level != "national" and not under_broken(slug):
            line, column = chapter.source.mark(("country",))
            problems.append(
                Diagnostic(
                    chapter.path,
                    line,
                    column,
                    f"country {chapter.country} belongs to no single area",
                    "add a line 'area: KEY' to this chapter or its parent; areas: "
                    + ", ".join(settings.area_keys),
                )
            )
        result[slug] = replace(chapter, area=value)
    return result


def _event_offsets(item: Item, chapters: Mapping[str, Chapter]) -> list[Diagnostic]:
    """Event times need their UTC offset (spec §3); the hint gives the chapter's zone's."""
    problems = []
    for name in ("starts", "ends"):
        value = getattr(item, name)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            chapter = chapters.get(item.chapter) if item.chapter else None
            zone = chapter_zone(chapter, chapters) if chapter else None
            line, column = item.meta.mark((name,))
            problems.append(
                Diagnostic(
                    item.path,
                    line,
                    column,
                    f"'{name}' has a time but no UTC offset, so calendars cannot tell "
                    "when it is",
                    f'write {name}: "{with_offset(value, zone)}"'
                    + (
                        f" ({zone} time on that day)"
                        if zone
                        else " (the offset of your time zone)"
                    ),
                )
            )
    return problems


def with_offset(value: dt.datetime, zone: str | None) -> str:
    """ISO text of a local time with the offset of ``zone`` on that day (UTC if none)."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo(zone) if zone else dt.UTC
    return value.replace(tzinfo=tz).isoformat()


def _item_cross_rules(
    items: list[Item], chapters: dict[str, Chapter], broken: set[str]
) -> list[Diagnostic]:
    problems = []
    seen: dict[tuple, Item] = {}
    for item in sorted(items, key=lambda i: i.path):
        for index, other in enumerate(item.chapters):
            if other in broken:
                continue  # that chapter's own errors are reported already
            if other not in chapters:
                line, column = item.meta.mark(("chapters", index))
                hint = formats.did_you_mean(other, chapters)
                problems.append(
                    Diagnostic(
                        item.path,
                        line,
                        column,
                        f"'chapters' names '{other}', which is not a chapter",
                        hint or "use the folder name of an existing chapter",
                    )
                )
            elif other == item.chapter:
                line, column = item.meta.mark(("chapters", index))
                problems.append(
                    Diagnostic(
                        item.path,
                        line,
                        column,
                        f"'chapters' lists '{other}', the chapter this file is in",
                        "list only the other chapters of a joint item",
                    )
                )
        problems.extend(_event_offsets(item, chapters))
        key = (item.chapter, item.kind, item.slug, item.translation)
        if key in seen:
            problems.append(
                Diagnostic(
                    item.path,
                    0,
                    0,
                    f"has the same address as {seen[key].path} (/{item.url})"
                    + _same_looking(item.path, seen[key].path),
                    "rename one of the two files",
                )
            )
        else:
            seen[key] = item
    return problems
