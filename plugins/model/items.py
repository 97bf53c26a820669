"""Posts, reports, events and pages: splitting and checking a Markdown file's front matter."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import formats, urls, zones
from .cache import FileCache, text_hash
from .diagnostics import Diagnostic
from .files import read_text
from .links import Link, Locator, check_links, located_links
from .placeholders import placeholder_problems
from .render import MarkdownRenderer, Rendered, RenderProblem
from .sanitize import IFRAME_NOT_HTTPS, UNREADABLE_ADDRESS
from .schema import Validator, validate_fields
from .yamlload import MAX_ENTRIES, NOT_TEXT, Located, load_yaml

KINDS = ("posts", "reports", "events", "pages")
DATED_KINDS = ("posts", "reports", "events")
MARKDOWN_SUFFIXES = (".md", ".markdown")

_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")
# Pelican/Python-Markdown "Key: value" header, as the meta extension reads it.
_META = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)\Z")
_META_MORE = re.compile(r"[ ]{4,}(?P<value>.*)\Z")
_LIST_FIELDS = {"authors", "tags", "chapters"}
_PELICAN_ALIASES = {"author": "authors", "tag": "tags"}


@dataclass(frozen=True)
class Item:
    path: str  # as shown in messages
    source: Path
    chapter: str | None  # None: the international level
    kind: str
    slug: str
    title: str
    date: dt.datetime | None = None
    modified: dt.datetime | None = None
    status: str = "published"
    lang: str | None = None
    chapters: tuple[str, ...] = ()
    featured: bool = False
    starts: dt.date | dt.datetime | None = None
    ends: dt.date | dt.datetime | None = None
    location: str | None = None
    # The language ``location`` is written in where it is not the item's: a
    # translation's place, taken from its original (plugins/model/translations.py).
    location_lang: str | None = None
    online: str | None = None
    registration: str | None = None  # events: where people sign up
    # '<name>.<lang>.md': the <lang> translation of '<name>.md' (spec §3)
    translation: str | None = None
    meta: Located | None = None
    # The body as sanitised HTML, rendered once while checking; the build
    # publishes it as it is (apart from Pelican's rewriting of links).
    html: str = field(default="", compare=False, repr=False)
    summary_html: str | None = field(default=None, compare=False, repr=False)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def published_by(self, build_date: dt.date) -> bool:
        """Not a draft, and not dated after the build date."""
        return not self.is_draft and (
            self.date is None or self.date.date() <= build_date
        )

    @property
    def url(self) -> str:
        url = self.url_of_original
        return urls.translation(url, self.translation) if self.translation else url

    @property
    def url_of_original(self) -> str:
        """The original's URL (a translation's files, such as event.ics, are its original's)."""
        return item_url(self.chapter, self.kind, self.slug)


def item_url(chapter: str | None, kind: str, slug: str) -> str:
    return urls.item(chapter, kind, slug)


# A BCP 47 tag as file names carry it: 'nb', 'de', 'pt-BR', 'zh-Hant', 'es-419'.
_LANG_SUFFIX = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")


def translation_lang(source: Path) -> str | None:
    """'nb' for 'hello.nb.md' (a known ISO 639 language), None for 'hello.md' or 'v1.2.md'."""
    stem = source.stem
    if "." not in stem:
        return None
    tag = stem.rsplit(".", 1)[1]
    if not _LANG_SUFFIX.match(tag):
        return None
    return tag if _known_language(tag.split("-")[0]) else None


def _known_language(primary: str) -> bool:
    """A language subtag a translation's file name may carry: an ISO 639-1
    code ('nb', 'de'), or a three-letter code where the language has no
    two-letter one (BCP 47 takes the shortest) and Babel has its locale data
    ('fil', 'haw', 'yue'). ISO 639-3 alone holds most three-letter words
    ('old', 'new', 'sun', 'the'), so notes.old.md stays an item of its own."""
    import pycountry

    if len(primary) == 2:
        return pycountry.languages.get(alpha_2=primary) is not None
    language = pycountry.languages.get(alpha_3=primary)
    if language is None or hasattr(language, "alpha_2"):
        return False
    from babel.localedata import exists

    return exists(primary)


def mistyped_translation(source: Path) -> str | None:
    """'en-GB' for 'notes.en-gb.md' or 'notes.EN-GB.md': a language tag
    written in the wrong case, which would make the file an item of its own."""
    stem = source.stem
    if "." not in stem or translation_lang(source):
        return None
    parts = stem.rsplit(".", 1)[1].split("-")
    if not 1 <= len(parts) <= 3 or not all(part.isascii() for part in parts):
        return None
    fixed = [parts[0].lower()] + [
        part.title() if len(part) == 4 else part.upper() for part in parts[1:]
    ]
    tag = "-".join(fixed)
    if not _LANG_SUFFIX.match(tag) or not _known_language(fixed[0]):
        return None
    return tag


# The longest address an item's file name may give: a folder of the site
# (most file systems allow 255 bytes a name; the slug is ASCII).
MAX_SLUG = 200


def slug_for(source: Path) -> str:
    """The URL slug of an item: its file name without suffix (and language), as a slug."""
    stem = source.stem
    if translation_lang(source):
        stem = stem.rsplit(".", 1)[0]
    return formats.slugify(stem)


def as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    """Dates become midnight; naive datetimes stay naive (the site's time zone)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)


def split_front_matter(
    text: str, shown_as: str
) -> tuple[Located | None, str, int, list[Diagnostic]]:
    """(metadata, body, line the body starts on, problems) of one Markdown file.

    YAML between two '---' lines is the main form; Pelican's own 'Key: value'
    header is read too, with comma-separated lists.
    """
    lines = text.split("\n")
    if lines and _FENCE.match(lines[0]) and lines[0].startswith("---"):
        for index in range(1, len(lines)):
            if _FENCE.match(lines[index]):
                yaml_text = "\n".join(lines[1:index])
                located, problems = load_yaml(yaml_text, shown_as, line_offset=1)
                if located is not None and located.data is None:
                    located.data = {}
                body = "\n".join(lines[index + 1 :])
                return located, body, index + 2, problems
        return (
            None,
            "",
            1,
            [
                Diagnostic(
                    shown_as,
                    1,
                    1,
                    "front matter starts with '---' but has no closing '---' line",
                    "add a line with only '---' after the last field",
                )
            ],
        )
    if lines and _META.match(lines[0]):
        return _pelican_header(lines, shown_as)
    return (
        None,
        "",
        1,
        [
            Diagnostic(
                shown_as,
                1,
                1,
                "the file has no front matter",
                "start it with '---', a line 'title: ...', a line 'date: \"YYYY-MM-DD\"' "
                "and another '---'",
            )
        ],
    )


_BRACKETS = {"[": "]", "{": "}"}
_BLOCK_SCALARS = {">", "|", ">-", "|-", ">+", "|+"}


# A whole value in YAML's quotes, with its escapes: 'Workers'' rights', "a \"b\"".
_YAML_QUOTED = re.compile(r"'(?:[^']|'')*'" + r'|"(?:[^"\\]|\\.)*"', re.S)


def _written_as_yaml(pieces: list[str], value: str) -> bool:
    """Whether a header value is YAML: wholly in quotes or brackets (``"x"``,
    ``[a, b]``, ``{lat: 1}``), a block of text (``>``) or a list on the lines
    under its key (``- a``); ``pieces`` are its lines. ``"Why" and "How"`` is a
    title written with quotes."""
    first = pieces[0]
    if first in _BLOCK_SCALARS:
        return True
    if first == "" and len(pieces) > 1 and _LIST_ITEM.match(pieces[1]):
        return True
    if _YAML_QUOTED.fullmatch(value):
        return True
    if len(value) < 2 or value[0] not in _BRACKETS:
        return False
    close = _BRACKETS[value[0]]
    return value[-1] == close and close not in value[1:-1]


_LIST_ITEM = re.compile(r"\s*-(\s|\Z)")


def _yaml_without_dashes(name: str, shown: str) -> tuple[str, str]:
    return (
        f"'{name}' is written as YAML ({shown}), but the front matter has no "
        "'---' lines around it, so it would be published as written",
        "put a line with three dashes (---) above the first field and another "
        "below the last one",
    )


def _pelican_header(
    lines: list[str], shown_as: str
) -> tuple[Located | None, str, int, list[Diagnostic]]:
    located = Located({})
    located.marks[()] = (1, 1)
    # Continuation lines are collected and joined once: adding each to a
    # growing string would copy it every time (quadratic on 1 MiB of them).
    parts: dict[str, list[str]] = {}
    key = None
    index = 0

    def refused(line: int, column: int, message: str, hint: str):
        return None, "", 1, [Diagnostic(shown_as, line, column, message, hint)]

    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _META.match(line)
        if match:
            key = match.group("key").lower()
            key = _PELICAN_ALIASES.get(key, key)
            if key in parts:
                first = located.key_marks[(key,)][0]
                return refused(
                    index + 1,
                    1,
                    f"duplicate key '{key}' (first given on line {first})",
                    "keep one of the two and delete the other",
                )
            if len(parts) == MAX_ENTRIES:
                # The same bound as a YAML mapping's, before any key is checked.
                return refused(
                    index + 1,
                    1,
                    f"more than {MAX_ENTRIES:,} keys in the header",
                    "these files need far fewer; keep the ones that matter",
                )
            parts[key] = [match.group("value").strip()]
            located.key_marks[(key,)] = (index + 1, 1)
            located.marks[(key,)] = (index + 1, match.start("value") + 1)
            continue
        more = _META_MORE.match(line)
        if more and key:
            parts[key].append(more.group("value").strip())
            continue
        if key and parts[key] == [""] and _LIST_ITEM.match(line):
            # "tags:" then "  - organising": a YAML list, its "---" forgotten
            line_number, column = located.key_marks[(key,)]
            return refused(line_number, column, *_yaml_without_dashes(key, "- ..."))
        break
    else:
        index = len(lines)
    for name, pieces in parts.items():
        value = " ".join(pieces)
        if _written_as_yaml(pieces, value):
            # Front matter meant for YAML, its "---" lines forgotten (easy in
            # GitHub's editor): read as Pelican's header, the quotes and
            # brackets would reach the page as written.
            line, column = located.marks[(name,)]
            if pieces[0] in _BLOCK_SCALARS:
                shown = pieces[0]
            elif pieces[0] == "":
                shown = "- ..."
            else:
                shown = f"{value[0]}...{value[-1]}"
            return refused(line, column, *_yaml_without_dashes(name, shown))
        # What the YAML loader refuses in decoded text (non-characters such as
        # U+1FFFE) is refused here too: both forms of front matter are one rule.
        found = NOT_TEXT.search(value)
        if found:
            line, column = located.marks[(name,)]
            return refused(
                line,
                column,
                f"the text holds U+{ord(found.group()):04X}, an invisible control "
                "character or non-character that is not allowed",
                "delete it; it is usually invisible, pasted from another program",
            )
        if name in _LIST_FIELDS:
            separator = ";" if ";" in value else ","
            located.data[name] = [
                part.strip() for part in value.split(separator) if part.strip()
            ]
        elif name == "featured" and value.lower() in ("true", "false"):
            located.data[name] = value.lower() == "true"
        else:
            located.data[name] = value
    return located, "\n".join(lines[index:]), index + 1, []


# Where a link's address starts in Markdown or HTML: after "(" of [text](...),
# "<" of <...>, "]:" of a reference, or "=" of an attribute, with its quote
# (possessive: a run of spaces is passed once, whatever follows it).
_LINK_START = r"(?:[(<=]|\]:)[ \t]*+[\"']?[ \t]*+"


def _link_locator(locate: Locator, text: str, found: str) -> tuple[int, int]:
    """(line, column) of ``found`` in ``text``; where it is a link scheme the
    sanitiser removed ("javascript:"), of a link written with it rather than
    of the first prose that names it."""
    if found.endswith(":") and "<" not in found:
        link = re.search(_LINK_START + re.escape(found), text, re.IGNORECASE)
        if link is not None:
            at_line, at_column = locate(link.group())
            return at_line, at_column + len(link.group()) - len(found)
    return locate(found)


@dataclass(frozen=True)
class ParsedItem:
    """What one item file says on its own: the item or its problems, its relative
    links, and warnings of what the sanitiser removed from its HTML."""

    item: Item | None
    problems: tuple[Diagnostic, ...]
    links: tuple[Link, ...] = ()
    removed: tuple[Diagnostic, ...] = ()


def removed_warnings(
    removed: Iterable[tuple[str, str]],
    text: str,
    shown_as: str,
    line: int,
    column: int = 1,
) -> tuple[Diagnostic, ...]:
    """A warning for each thing the sanitiser removed from ``text`` (at
    ``line``:``column`` of the file), located where the text holds it: the
    page is published without it, and its writer should know."""
    locate = Locator(text, line, column)
    warnings = []
    for reason, found in removed:
        at_line, at_column = _link_locator(locate, text, found)
        if reason.startswith(UNREADABLE_ADDRESS):
            hint = (
                "the link is published without it: check the part after https:// "
                "(a port is a number from 1 to 65535, a host name has no spaces, "
                "and [ ] only hold an IPv6 address)"
            )
        elif reason.startswith(IFRAME_NOT_HTTPS):
            hint = "write its address with https:// (the host is allowed)"
        elif reason.startswith("an iframe"):
            hint = (
                "link to the video or page instead, or ask the site's maintainers "
                "to allow its host (CHAPTERS_IFRAME_HOSTS)"
            )
        else:
            hint = (
                "the page is published without it: delete it from the text; "
                "see docs/content.md, 'Raw HTML and links'"
            )
        warnings.append(
            Diagnostic(
                shown_as,
                at_line,
                at_column,
                f"removed from the HTML: {reason}",
                hint,
                severity="warning",
            )
        )
    return tuple(warnings)


def render_located(
    renderer: MarkdownRenderer, text: str, shown_as: str, line: int, column: int = 1
) -> tuple[Rendered | None, tuple[Link, ...], list[Diagnostic]]:
    """``text`` (at ``line``:``column`` of the file) as published, its relative
    links and its problems, each located."""
    try:
        rendered = renderer.render(text)
    except RenderProblem as problem:
        # The links of a text that cannot be rendered are not known, nor
        # checked: one error at a time, and no work for a refused text.
        return (
            None,
            (),
            [Diagnostic(shown_as, line, column, problem.message, problem.hint)],
        )
    links, problems = located_links(rendered.links, text, shown_as, line, column)
    return rendered, links, problems


def parse_item(
    source: Path,
    shown_as: str,
    chapter: str | None,
    kind: str,
    validator: Validator,
    renderer: MarkdownRenderer | None = None,
) -> ParsedItem:
    """Everything that depends only on the file's own bytes (so it can be cached).

    With a ``renderer`` the body (and a summary) is rendered and sanitised
    too, so text that cannot be rendered, and links the site could not
    publish, are located errors.
    """
    text, problems = read_text(source, shown_as)
    if text is None:
        return ParsedItem(None, tuple(problems))
    return parse_text(text, source, shown_as, chapter, kind, validator, renderer)


def front_head(text: str) -> str | None:
    """The text of a file up to its body: the YAML front matter with both
    '---' lines (as ``split_front_matter`` reads it); None without one."""
    lines = text.split("\n", 1)
    if not (_FENCE.match(lines[0]) and lines[0].startswith("---")):
        return None
    start = len(lines[0]) + 1
    while start <= len(text):
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if _FENCE.match(line):
            return text if end < 0 else text[: end + 1]
        if end < 0:
            return None
        start = end + 1
    return None


def checked_key(shown_as: str) -> tuple[str, str]:
    """Where the model's cache keeps the schema's last verdict on the front
    matter of the file shown as ``shown_as`` (``_validated``)."""
    return ("front matter", shown_as)


def front_checked(
    validator: Validator, head: str, problems: tuple, bad: frozenset = frozenset()
) -> tuple:
    """The cache entry of a verdict: the schema, the areas, the text, the
    problems and the fields they are in."""
    return (validator.name, tuple(sorted(validator.area_keys)), head, problems, bad)


def _validated(
    located: Located,
    validator: Validator,
    shown_as: str,
    head: str | None,
    checked: FileCache | None,
) -> tuple[list[Diagnostic], frozenset[str]]:
    """The schema's problems with the front matter ``located``, read from
    ``head``, and the fields they are in. The model's cache (``checked``)
    keeps the last verdict on each file's front matter with its text, so an
    edit of a body alone does not validate its front matter again, nor load
    jsonschema: in a rebuild of one edited post, that costs more than
    anything else the parse does."""
    if checked is None or head is None:
        return validate_fields(located, validator, shown_as)
    last = checked.get(checked_key(shown_as))
    if last is not None and last[:3] == front_checked(validator, head, ())[:3]:
        return list(last[3]), last[4]
    problems, bad = validate_fields(located, validator, shown_as)
    checked.put(
        checked_key(shown_as), front_checked(validator, head, tuple(problems), bad)
    )
    return problems, bad


def parse_text(
    text: str,
    source: Path,
    shown_as: str,
    chapter: str | None,
    kind: str,
    validator: Validator,
    renderer: MarkdownRenderer | None = None,
    checked: FileCache | None = None,
) -> ParsedItem:
    """parse_item on text already read.

    ``checked``: the model's cache, where the schema's verdict on the front
    matter is kept by its text (``_validated``).
    """
    located, body, body_line, problems = split_front_matter(text, shown_as)
    if located is None or problems:
        return ParsedItem(None, tuple(problems))
    if not isinstance(located.data, dict):
        line, column = located.mark(())
        return ParsedItem(
            None,
            (
                Diagnostic(
                    shown_as,
                    line,
                    column,
                    "front matter must be 'key: value' lines",
                    "start with 'title: ...'",
                ),
            ),
        )
    problems = []
    slug = slug_for(source)
    if not slug:
        problems.append(
            Diagnostic(
                shown_as,
                0,
                0,
                "the file name gives this item no address",
                "rename the file with letters or digits, e.g. first-meeting.md",
            )
        )
    elif len(slug) > MAX_SLUG:
        problems.append(
            Diagnostic(
                shown_as,
                0,
                0,
                f"the address made from this file's name is "
                f"{len(slug)} characters long; the limit is {MAX_SLUG}",
                "rename the file with a shorter name: the address is made from it",
            )
        )
    mistyped = mistyped_translation(source)
    written = source.stem.rsplit(".", 1)
    # Only beside its original: Just.Do.It.md or Meeting.No.md alone are items.
    if mistyped and os.path.lexists(source.with_name(written[0] + source.suffix)):
        problems.append(
            Diagnostic(
                shown_as,
                0,
                0,
                f"'{source.name}' looks like a translation into {mistyped}, but "
                "the language tag is not written as file names carry it",
                f"rename it to '{written[0]}.{mistyped}{source.suffix}'; if it "
                f"is no translation, to '{written[0]}-{written[1]}{source.suffix}'",
            )
        )
    # The rules across fields judge the fields the schema found right, so
    # that one wrong value hides no other error.
    found, bad = _validated(located, validator, shown_as, front_head(text), checked)
    problems += found
    translation = translation_lang(source)
    problems += _item_rules(located.data, located, shown_as, kind, translation, bad)
    if located.data.get("status") != "draft":
        problems += placeholder_problems(body, body_line, shown_as)
    html, summary_html = "", None
    links: tuple[Link, ...] = ()
    removed: tuple[Diagnostic, ...] = ()
    if renderer is not None:
        rendered, links, found = render_located(renderer, body, shown_as, body_line)
        problems += found
        if rendered is not None:
            html = rendered.html
            removed = removed_warnings(rendered.removed, body, shown_as, body_line)
        if isinstance(located.data.get("summary"), str):
            line, column = located.mark(("summary",))
            if text.split("\n", line)[line - 1][column - 1 : column] in ("'", '"'):
                column += 1  # the text starts after the quote
            rendered, more, found = render_located(
                renderer, located.data["summary"], shown_as, line, column
            )
            problems += found
            links += more
            if rendered is not None:
                summary_html = rendered.html
                removed += removed_warnings(
                    rendered.removed, located.data["summary"], shown_as, line, column
                )
    if problems:
        return ParsedItem(None, tuple(problems), links)
    data = located.data
    dates = {
        name: formats.parse_datetime(data[name])
        for name in ("date", "modified", "starts", "ends")
        if name in data
    }
    item = Item(
        path=shown_as,
        source=source,
        chapter=chapter,
        kind=kind,
        slug=slug,
        title=data["title"],
        date=as_datetime(dates["date"]) if "date" in dates else None,
        modified=as_datetime(dates["modified"]) if "modified" in dates else None,
        status=data.get("status", "published"),
        lang=translation or data.get("lang"),
        translation=translation,
        chapters=tuple(data.get("chapters", ())),
        featured=bool(data.get("featured", False)),
        starts=dates.get("starts"),
        ends=dates.get("ends"),
        location=data.get("location"),
        online=data.get("online"),
        registration=data.get("registration"),
        meta=located,
        html=html,
        summary_html=summary_html,
    )
    return ParsedItem(item, (), links, removed)


def cache_key(
    source: Path,
    shown_as: str,
    chapter: str | None,
    kind: str,
    renderer: MarkdownRenderer | None,
    settings_key: str,
    text: str,
) -> tuple:
    """What a parsed item file depends on: the cache finds it by this."""
    return (
        str(source),  # the cached Item names its source file
        shown_as,  # and its path in messages (Item.path)
        chapter,
        kind,
        renderer.key if renderer else None,
        settings_key,
        text_hash(text),
    )


def parse_cached(
    source: Path,
    shown_as: str,
    chapter: str | None,
    kind: str,
    validator: Validator,
    cache: FileCache | None = None,
    renderer: MarkdownRenderer | None = None,
    settings_key: str = "",
) -> ParsedItem:
    """parse_item, reusing the cached result for the same text and settings."""
    if cache is None:
        return parse_item(source, shown_as, chapter, kind, validator, renderer)
    text, problems = read_text(source, shown_as)
    if text is None:
        return ParsedItem(None, tuple(problems))
    key = cache_key(source, shown_as, chapter, kind, renderer, settings_key, text)
    parsed = cache.get(key)
    if parsed is None:
        parsed = parse_text(
            text, source, shown_as, chapter, kind, validator, renderer, cache
        )
        cache.put(key, parsed)
    else:  # keeps the verdict on its front matter for an edit of its body alone
        cache.get(checked_key(shown_as))
    return parsed


def read_item(
    source: Path,
    shown_as: str,
    chapter: str | None,
    kind: str,
    validator: Validator,
    repository: Path | None = None,
    cache: FileCache | None = None,
    renderer: MarkdownRenderer | None = None,
) -> tuple[Item | None, list[Diagnostic]]:
    """Load and check one item file; an Item only when it has no errors.

    Links (known when a ``renderer`` renders the text) are checked on every
    call, since the files they point to may change.
    """
    parsed = parse_cached(source, shown_as, chapter, kind, validator, cache, renderer)
    problems = list(parsed.problems)
    if repository is not None:
        problems += check_links(parsed.links, source, repository, shown_as)
    if problems:
        return None, sorted(problems)
    return parsed.item, []


def _item_rules(
    data: dict[str, Any],
    located: Located,
    shown_as: str,
    kind: str,
    translation: str | None = None,
    bad: Collection[str] = frozenset(),
):
    """Rules across the fields of a front matter, on those not in ``bad``
    (the fields the schema found wrong)."""
    problems = []

    def problem(path: tuple, message: str, hint: str) -> None:
        line, column = located.mark(path)
        problems.append(Diagnostic(shown_as, line, column, message, hint))

    # A translation takes its date (and an event's time and place) from its
    # original (checked in translations.py); its language is its file name's.
    if (
        translation
        and "lang" in data
        and "lang" not in bad
        and data["lang"] != translation
    ):
        problem(
            ("lang",),
            f"'lang' is '{data['lang']}' but the file name says '{translation}'",
            f"write 'lang: {translation}' or remove the line",
        )
    if not translation and kind in DATED_KINDS and "date" not in data:
        problem(
            (),
            f"missing required field 'date' ({kind} need a publication date)",
            "add a line 'date: \"YYYY-MM-DD\"'",
        )
    if not translation and kind == "events" and "starts" not in data:
        problem(
            (),
            "missing required field 'starts' (events need a start)",
            "add a line 'starts: \"YYYY-MM-DDTHH:MM:SS+01:00\"'",
        )
    if kind != "events":
        for name in ("starts", "ends", "location", "online", "registration"):
            if name in data:
                problem(
                    (name,),
                    f"'{name}' is only for events",
                    "move the file into events/ or remove the line",
                )
    if "starts" in data and "ends" in data and not {"starts", "ends"} & set(bad):
        starts = formats.parse_datetime(data["starts"])
        ends = formats.parse_datetime(data["ends"])
        if _ends_before_starts(starts, ends):
            problem(
                ("ends",),
                "the event ends before it starts",
                "check the dates of 'starts' and 'ends'",
            )
    return problems


def event_offset_warnings(item: Item, zone: str | None) -> list[Diagnostic]:
    """An event time whose UTC offset is not that of the chapter's zone on its date.

    "+00:00" in June for London is an hour off: London is at +01:00 then.
    Warnings, not errors: an event may be held in another zone.
    """
    warnings = []
    for name in ("starts", "ends"):
        value = getattr(item, name)
        if zone is None or not isinstance(value, dt.datetime) or value.tzinfo is None:
            continue
        local = value.replace(tzinfo=None)
        expected = zones.offset_on(zone, local)
        if value.utcoffset() == expected:
            continue
        line, column = item.meta.mark((name,)) if item.meta else (0, 0)
        written = zones.format_offset(value.utcoffset() or dt.timedelta(0))
        right = local.isoformat() + zones.format_offset(expected)
        warnings.append(
            Diagnostic(
                item.path,
                line,
                column,
                f"'{name}' has the UTC offset {written}, but {zone} is at "
                f"{zones.format_offset(expected)} on {local.date().isoformat()}",
                f"if {local:%H:%M} is the time in {zone}, write "
                f'{name}: "{right}"; keep {written} only for an event held in '
                "another time zone",
                severity="warning",
            )
        )
    return warnings


def _ends_before_starts(starts: Any, ends: Any) -> bool:
    """Datetimes compare when both or neither have an offset; otherwise compare the days."""
    both_times = isinstance(starts, dt.datetime) and isinstance(ends, dt.datetime)
    if both_times and (starts.tzinfo is None) == (ends.tzinfo is None):
        return ends < starts

    def day(value: Any) -> dt.date:
        return value.date() if isinstance(value, dt.datetime) else value

    return day(ends) < day(starts)
