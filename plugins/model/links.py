"""Links in items: relative links must name a published file, pictures come from the site.

The links are those of the rendered, sanitised HTML, i.e. exactly what the
page will carry, whichever Markdown or HTML wrote them (reference definitions
inside quotes and lists included); each is located by finding its text in the
source.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic
from .sanitize import MARKER, as_browsers_read, is_relative, is_remote
from .urls import KINDS

# Different files one text may link to. A gallery page links a few hundred
# pictures; every link costs a look at the disk, and 90,000 cost 9 seconds.
MAX_LINKS = 1000


@dataclass(frozen=True)
class Link:
    """A relative link as written, where it first appears, and how often it does."""

    target: str
    line: int
    column: int
    uses: int = 1
    # An address of this site written from its root ("/chapters/oslo/"), not
    # a file: checked against the items and chapters (site_link_warnings).
    site: bool = False


class Locator:
    """Finds link targets in the source text, mostly in order, each search cheap."""

    def __init__(self, text: str, line: int, column: int):
        self.text, self.line, self.column = text, line, column
        self.position = 0

    def __call__(self, target: str) -> tuple[int, int]:
        """(line, column) in the file of the first appearance of ``target`` from
        where the previous one was found, else from the start; else the text's start."""
        found = self.text.find(target, self.position)
        if found < 0:
            found = self.text.find(target, 0, self.position + len(target))
        if found < 0:  # written with character references, say
            return self.line, self.column
        self.position = found + len(target)
        row = self.text.count("\n", 0, found)
        line_start = self.text.rfind("\n", 0, found) + 1
        column = found - line_start + 1
        return self.line + row, (self.column + column - 1 if row == 0 else column)


def located_links(
    found: Iterable[tuple[str, str, str]],
    text: str,
    shown_as: str,
    line: int,
    column: int = 1,
) -> tuple[tuple[Link, ...], list[Diagnostic]]:
    """The relative links and this site's addresses (``site``) among ``found``
    (tag, attribute, value from the sanitiser) and the problems of the others,
    located in ``text``, which starts at ``line``:``column`` of the file."""
    relative: set[str] = set()
    site: set[str] = set()
    refused: dict[str, tuple[str, str]] = {}
    uses: dict[str, int] = {}  # of each relative or refused link, in order
    too_many = None
    for tag, _attribute, value in found:
        if value in uses:
            uses[value] += 1
            continue
        marker = MARKER.match(value)
        if marker:
            refused[value] = (
                f"link '{value}' uses Pelican's {marker.group(0).strip()!r} marker",
                "write a plain relative link such as ../images/photo.jpg or "
                "../posts/other.md; the build adds what Pelican needs",
            )
        elif tag == "img" and is_remote(value):
            refused[value] = (
                f"picture '{value}' is on another site, and no page may make "
                "readers' browsers contact another site",
                "download the picture into images/ and link it there, e.g. "
                "../images/photo.jpg",
            )
        elif is_relative(value):
            relative.add(value)
        elif _SITE_PATH.match(as_browsers_read(value)):  # a link or a picture
            site.add(value)
            uses[value] = 1  # not a file: no look at the disk, not counted
            continue
        else:
            continue  # to another site, in the page
        if len(uses) - len(site) == MAX_LINKS:
            too_many = too_many or value
            continue
        uses[value] = 1
    locate = Locator(text, line, column)
    links = []
    problems = []
    for value in uses:
        at_line, at_column = locate(value)
        if value in relative or value in site:
            links.append(Link(value, at_line, at_column, uses[value], value in site))
        else:
            message, hint = refused[value]
            problems.append(
                Diagnostic(
                    shown_as, at_line, at_column, message + _times(uses[value]), hint
                )
            )
    if too_many is not None:
        # At the start of the text, so that it comes first: later links are
        # not checked, and the errors listed per file are limited.
        problems.append(
            Diagnostic(
                shown_as,
                line,
                column,
                f"more than {MAX_LINKS:,} different links to files in one text",
                "split it into several posts or pages",
            )
        )
    return tuple(links), problems


# "/chapters/oslo/", "/posts/x/#part": from the root of this site, not "//host"
# (matched as a browser reads it: "/\thost" and "/\\host" are another site).
_SITE_PATH = re.compile(r"/(?!/)")
# Pages of a paginated listing: /chapters/oslo/posts/page/2/, /events/page/3/.
_PAGE = re.compile(r"page/[0-9]+\Z")


def site_link_warnings(
    links: Iterable[Link],
    shown_as: str,
    chapters: Collection[str],
    items: Mapping[str, str | None],
    files: Collection[str] = frozenset(),
) -> list[Diagnostic]:
    """Links written as addresses of this site that lead to no chapter, item
    or picture.

    ``items``: the address of every item ("chapters/oslo/posts/x/"), with None
    where it is published, else why not; ``files``: the address of every
    published picture ("chapters/oslo/images/x.png"). Only addresses the
    model knows are judged, those of chapters, items and images/ folders; the
    rest (listings, feeds, /report/) pass. Warnings, not errors: the page is
    published with the link.
    """
    found = []
    for link in links:
        if not link.site:
            continue
        try:
            path = unquote(urlsplit(as_browsers_read(link.target)).path)
        except ValueError:  # "/[x": no address a browser would open
            continue
        path = posixpath.normpath(path)  # "/chapters/oslo/posts/../posts/x/"
        parts = [part for part in path.split("/") if part]
        problem = _site_link_problem(parts, chapters, items, files)
        if problem:
            message, hint = problem
            found.append(
                Diagnostic(
                    shown_as,
                    link.line,
                    link.column,
                    f"link '{link.target}' {message}" + _times(link.uses),
                    hint,
                    severity="warning",
                )
            )
    return found


def _site_link_problem(
    parts: list[str],
    chapters: Collection[str],
    items: Mapping[str, str | None],
    files: Collection[str] = frozenset(),
) -> tuple[str, str] | None:
    if _PAGE.search("/".join(parts)) and len(parts) in (3, 5):
        return None  # a listing's later page: listings are not judged
    if _picture_address(parts):
        if parts[0] == "chapters" and parts[1] not in chapters:
            return _no_chapter(parts[1])
        if "/".join(parts) in files:
            return None
        return (
            f"leads to no picture: the site publishes no {'/'.join(parts)}",
            "check the name, its capitals and the folder, or link to the "
            "picture with a relative link such as ../images/photo.jpg, which "
            "the check follows",
        )
    if parts[:1] == ["chapters"] and len(parts) >= 2:
        if parts[1] not in chapters:
            return _no_chapter(parts[1])
        item = parts[:4] if len(parts) >= 4 and parts[2] in KINDS else None
    elif len(parts) >= 2 and parts[0] in KINDS:
        item = parts[:2]
    else:
        return None
    if item is None:
        return None
    address = "/".join(item) + "/"
    if address not in items:
        return (
            "leads to no post, report, event or page",
            "copy the address from the item's page, or write a relative link "
            "to its file (../posts/other.md), which the check follows",
        )
    why = items[address]
    if why is not None:
        return (
            f"leads to an item that is not published: {why}",
            "link to it once it is published, or remove the link",
        )
    return None


def _picture_address(parts: list[str]) -> bool:
    """images/x.png or chapters/<slug>/images/x.png: a file of an images/ folder."""
    if parts[:1] == ["images"]:
        return len(parts) >= 2
    return parts[:1] == ["chapters"] and len(parts) >= 4 and parts[2] == "images"


def _no_chapter(slug: str) -> tuple[str, str]:
    return (
        f"leads to no chapter: there is no chapter '{slug}'",
        "copy the address from the chapter's page, or link to its "
        "folder's files with a relative link such as ../posts/other.md",
    )


def _times(uses: int) -> str:
    # A link written many times is one mistake: reported once, where it first
    # appears, with how often it appears.
    return f" (and {uses - 1} more time(s) in this file)" if uses > 1 else ""


def check_links(
    links: Iterable[Link],
    source: Path,
    repository: Path,
    shown_as: str,
    published: Collection[str] | None = None,
    unpublished: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Relative links that leave the repository, point at nothing, or (given the
    ``published`` files, as absolute normalised paths in text) at a file the
    site does not publish. ``unpublished`` names the items that exist but are
    not published (their paths in text, the same way), with why.

    Paths are resolved the way a browser resolves a URL, by their text: the
    walk refuses every symbolic link, so that is also what the disk says.
    """
    problems = []
    listings: dict[str, dict[str, str]] = {}  # folders listed for a hint
    for link in links:
        if link.site:
            continue  # an address, not a file: site_link_warnings
        problem = _link_problem(
            link.target, source, repository, published, unpublished or {}, listings
        )
        if problem:
            message, hint = problem
            problems.append(
                Diagnostic(
                    shown_as, link.line, link.column, message + _times(link.uses), hint
                )
            )
    return problems


def _in_other_capitals(path: str, listings: dict[str, dict[str, str]]) -> str | None:
    """The name of a file beside ``path`` that differs from it only in
    capitals (Venue.png for venue.png), if there is one. Only on the way to
    an error, each folder listed once (``listings``, by folder)."""
    folder, name = os.path.split(path)
    if folder not in listings:
        try:
            names = sorted(os.listdir(folder), reverse=True)
        except OSError:
            names = []
        listings[folder] = {n.casefold(): n for n in names}
    return listings[folder].get(name.casefold())


def _link_problem(
    target: str,
    source: Path,
    root: Path,
    published: Collection[str] | None,
    unpublished: Mapping[str, str],
    listings: dict[str, dict[str, str]] | None = None,
) -> tuple[str, str] | None:
    listings = {} if listings is None else listings
    try:
        path = unquote(urlsplit(target).path, errors="strict")
        if "\x00" in path:
            raise ValueError(path)
        # by its text (normalised, absolute), not pathlib: thousands a build
        text = os.path.normpath(os.path.join(os.path.dirname(source), path))
        exists = os.path.lexists(text)
    except (OSError, ValueError):  # NUL, not UTF-8, too long
        return (
            f"link '{target}' is not a usable file name",
            "link to a picture or page in your chapter's folder by its name",
        )
    top = str(root)
    if text != top and not text.startswith(top.rstrip(os.sep) + os.sep):
        return (
            f"link '{target}' points outside the repository",
            "link to a file in your chapter's folder",
        )
    linked = text  # compared as text: thousands of paths a build
    if linked in unpublished:
        return (
            f"link '{target}' points to an item that is not published: "
            f"{unpublished[linked]}",
            "link to it once it is published, or remove the link",
        )
    if exists and published is not None and linked not in published:
        return (
            f"link '{target}' points to a file that is not published",
            "link to a picture in images/ or to a post, report, event or page",
        )
    if exists and path.endswith("/") and os.path.isfile(text):
        return (
            f"link '{target}' ends with / after a file's name",
            f"write it as '{path.rstrip('/')}'",
        )
    if not exists:
        other_case = _in_other_capitals(text, listings)
        if other_case:
            return (
                f"link '{target}' points to a file that does not exist",
                f"the folder holds '{other_case}': write the name with the same "
                "capitals, as the site's server tells them apart",
            )
        elsewhere = _elsewhere(text, source, root)
        if elsewhere:
            rest = target[len(target.split("#")[0].split("?")[0]) :]  # ?query#part
            return (
                f"link '{target}' points to a file that does not exist",
                f"write it as {elsewhere}{rest}: that is where the file is",
            )
        if text.lower().endswith((".md", ".markdown")):
            return (
                f"link '{target}' points to a file that does not exist",
                "check the spelling and the folder: from another folder of the "
                "chapter, a post is ../posts/its-name.md",
            )
        return (
            f"link '{target}' points to a file that does not exist",
            "check the spelling and the folder: "
            "pictures go in images/, e.g. ../images/photo.jpg",
        )
    return None


_FOLDERS = (*KINDS, "images")  # the folders of a chapter, or of content/


def _elsewhere(text: str, source: Path, root: Path) -> str | None:
    """The relative link that works where one misses by a folder or a suffix:
    other.md written from events/ for ../posts/other.md, ../posts/other for
    ../posts/other.md, images/x.png for ../images/x.png. Only on the way to
    an error: a few looks at the disk."""
    folder = os.path.dirname(source)
    home = os.path.dirname(folder)  # the chapter's folder, or content/
    name = os.path.basename(text)
    candidates = [text + ".md"] + [os.path.join(home, sub, name) for sub in _FOLDERS]
    top = str(root).rstrip(os.sep) + os.sep
    for candidate in candidates:
        if (
            candidate.startswith(top)
            and os.path.isfile(candidate)
            and not os.path.islink(candidate)
        ):
            return os.path.relpath(candidate, folder).replace(os.sep, "/")
    return None
