"""Relative links in Markdown: each must name a file of the repository that exists."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic

# ![alt](target "title"), [text](target), [label]: target (a reference
# definition), and src="..." / href="..." in raw HTML.
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
# (not a footnote: [^1]: text)
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<target>[^\s>]+)", re.M)
_HTML_LINK = re.compile(
    r"""\b(?:src|href)\s*=\s*(?:"(?P<double>[^"]+)"|'(?P<single>[^']+)'|(?P<bare>[^\s>"']+))""",
    re.I,
)
_EXTERNAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#|\?|\{|\|")


def relative_targets(body: str) -> Iterator[tuple[str, int, int]]:
    """(target, line, column) of every relative link, lines counted within ``body``."""
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
            line = body.count("\n", 0, start) + 1
            column = start - (body.rfind("\n", 0, start) + 1) + 1
            yield target, line, column


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
    for target, line, column in sorted(links, key=lambda t: t[1:]):
        path = unquote(urlsplit(target).path)
        where = (shown_as, line, column)
        try:
            resolved = (source.parent / path).resolve()
            exists = resolved.exists()
        except (OSError, ValueError, RuntimeError):  # NUL, too long, a symlink loop
            problems.append(
                Diagnostic(
                    *where,
                    f"link '{target}' is not a usable file name",
                    "link to a picture or page in your chapter's folder by its name",
                )
            )
            continue
        if not resolved.is_relative_to(root):
            problems.append(
                Diagnostic(
                    *where,
                    f"link '{target}' points outside the repository",
                    "link to a file in your chapter's folder",
                )
            )
        elif exists and published is not None and resolved not in published:
            problems.append(
                Diagnostic(
                    *where,
                    f"link '{target}' points to a file that is not published",
                    "link to a picture in images/ or to a post, report, event or page",
                )
            )
        elif not exists:
            problems.append(
                Diagnostic(
                    *where,
                    f"link '{target}' points to a file that does not exist",
                    "check the spelling and the folder: "
                    "pictures go in images/, e.g. ../images/photo.jpg",
                )
            )
    return problems
