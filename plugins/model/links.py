"""Relative links in Markdown: each must name a file of the repository that exists."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic

# ![alt](target "title"), [text](target), [label]: target (a reference
# definition), and src="..." / href="..." in raw HTML.
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
# (not a footnote: [^1]: text)
_REFERENCE = re.compile(
    r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<target>[^\s>]+)", re.M
)
_HTML_LINK = re.compile(
    r"""\b(?:src|href)\s*=\s*(?:"(?P<double>[^"]+)"|'(?P<single>[^']+)'|(?P<bare>[^\s>"']+))""",
    re.I,
)
_EXTERNAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#|\?|\{|\|")


def relative_targets(body: str) -> Iterator[tuple[str, int, int]]:
    """(target, line, column) of every relative link, lines counted within ``body``."""
    starts = [0, *(m.end() for m in re.finditer("\n", body))]  # offset of each line
    for pattern in (_MARKDOWN_LINK, _REFERENCE, _HTML_LINK):
        for match in pattern.finditer(body):
            group = next(
                g
                for g in ("target", "double", "single", "bare")
                if g in pattern.groupindex and match.group(g) is not None
            )
            target = match.group(group)
            if _EXTERNAL.match(target):
                continue
            start = match.start(group)
            line = bisect_right(starts, start)
            yield target, line, start - starts[line - 1] + 1


def check_links(
    links: Iterable[tuple[str, int, int]],
    source: Path,
    repository: Path,
    shown_as: str,
    published: Collection[Path] | None = None,
) -> list[Diagnostic]:
    """Relative links (target, line in the file, column) that leave the repository,
    point at nothing, or (given the ``published`` files) at a file the site does
    not publish."""
    problems = []
    root = repository.resolve()
    # A link written many times is one mistake: report it once, where it first
    # appears, with how often it appears.
    uses: dict[str, list[tuple[int, int]]] = {}
    for target, line, column in sorted(links, key=lambda t: t[1:]):
        uses.setdefault(target, []).append((line, column))
    for target, places in uses.items():
        line, column = places[0]
        problem = _link_problem(target, source, root, published)
        if problem:
            message, hint = problem
            if len(places) > 1:
                message += f" (and {len(places) - 1} more time(s) in this file)"
            problems.append(Diagnostic(shown_as, line, column, message, hint))
    return problems


def _link_problem(
    target: str, source: Path, root: Path, published: Collection[Path] | None
) -> tuple[str, str] | None:
    path = unquote(urlsplit(target).path)
    try:
        resolved = (source.parent / path).resolve()
        exists = resolved.exists()
    except (OSError, ValueError, RuntimeError):  # NUL, too long, a symlink loop
        return (
            f"link '{target}' is not a usable file name",
            "link to a picture or page in your chapter's folder by its name",
        )
    if not resolved.is_relative_to(root):
        return (
            f"link '{target}' points outside the repository",
            "link to a file in your chapter's folder",
        )
    if exists and published is not None and resolved not in published:
        return (
            f"link '{target}' points to a file that is not published",
            "link to a picture in images/ or to a post, report, event or page",
        )
    if not exists:
        return (
            f"link '{target}' points to a file that does not exist",
            "check the spelling and the folder: "
            "pictures go in images/, e.g. ../images/photo.jpg",
        )
    return None
