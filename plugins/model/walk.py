"""The one walk of the repository: the files that exist, and what may never be published.

``invoke check`` and the build see the same list: the build publishes exactly
the files this walk returned and the model validated, and nothing else. No
symbolic link is ever followed (a link is reported at its own path, before
anything is read through it), hidden files and folders are reported instead of
skipped, and names that cannot be printed safely are refused.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic

# git's way of keeping an empty folder: allowed, never published.
PLACEHOLDERS = frozenset({".gitkeep"})

# Controls (C0, DEL, C1), bytes that are not UTF-8 (decoded as lone surrogates),
# line and paragraph separators, and bidirectional overrides that make a name
# display as something else.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


@dataclass(frozen=True)
class Entry:
    path: Path
    is_dir: bool

    @property
    def name(self) -> str:
        return self.path.name


def printable(name: str) -> str:
    """``name`` with every character that cannot be printed safely escaped."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def link_on_the_way(repository: Path, folder: Path) -> Path | None:
    """The outermost symbolic link among ``folder`` and the folders between it
    and ``repository``, before anything is read through it; None if there is none.

    Folders above the repository may be links (a checkout under a linked
    home folder); from the repository down, nothing is followed.
    """
    try:
        parts = folder.relative_to(repository).parts
    except ValueError:
        parts = ()
    on_the_way = [repository.joinpath(*parts[:end]) for end in range(1, len(parts) + 1)]
    for path in on_the_way or [folder]:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return path
        except OSError:  # missing: reported as not found
            return None
    return None


def link_problem(path: Path, shown: Callable[[Path], str]) -> Diagnostic:
    return Diagnostic(
        shown(path),
        0,
        0,
        "is a symbolic link; links are never followed or published",
        "replace the link with the file or folder itself",
    )


def scan(
    folder: Path, shown: Callable[[Path], str]
) -> tuple[list[Entry], list[Diagnostic]]:
    """Regular files and folders directly in ``folder``, sorted by name.

    Links, hidden names, unprintable names and special files are problems, each
    located at its own path; none of them is returned.
    """
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    try:
        with os.scandir(folder) as found:
            listed = sorted(found, key=lambda e: e.name)
    except OSError as error:
        return [], [
            Diagnostic(shown(folder), 0, 0, f"cannot read folder: {error.strerror}")
        ]
    for dir_entry in listed:
        path = Path(dir_entry.path)
        name = dir_entry.name
        if _UNPRINTABLE.search(name):
            problems.append(
                Diagnostic(
                    f"{shown(folder)}/{printable(name)}",
                    0,
                    0,
                    "the name contains invisible or control characters",
                    "rename it with letters, digits, hyphens and a suffix such "
                    "as .md or .jpg",
                )
            )
            continue
        try:
            mode = dir_entry.stat(follow_symlinks=False).st_mode
        except OSError as error:
            problems.append(
                Diagnostic(shown(path), 0, 0, f"cannot read: {error.strerror}")
            )
            continue
        if stat.S_ISLNK(mode):
            problems.append(link_problem(path, shown))
            continue
        is_dir = stat.S_ISDIR(mode)
        if not is_dir and not stat.S_ISREG(mode):
            problems.append(
                Diagnostic(
                    shown(path),
                    0,
                    0,
                    "is not a regular file or folder",
                    "delete it; only text files, pictures and folders belong here",
                )
            )
            continue
        if name.startswith("."):
            if name in PLACEHOLDERS and not is_dir:
                continue
            kind = "folder" if is_dir else "file"
            problems.append(
                Diagnostic(
                    shown(path),
                    0,
                    0,
                    f"hidden {kind} '{name}': hidden files and folders are never "
                    "published",
                    "rename it without the leading '.', or delete it",
                )
            )
            continue
        # A picture's name has a stricter rule of its own (letters, digits,
        # "._-": it is its web address), which names its characters.
        picture = not is_dir and name.lower().endswith(IMAGE_SUFFIXES)
        windows = windows_name_problem(name, characters=not picture)
        if windows:
            problems.append(
                Diagnostic(
                    shown(path),
                    0,
                    0,
                    f"the name cannot be checked out on Windows: {windows}",
                    f"rename it, for example to '{_portable(name, is_dir)}'",
                )
            )  # and read on: the file's own mistakes are said in the same run
        entries.append(Entry(path, is_dir))
    return entries, problems


# What Windows refuses in a name (a git checkout there fails on the whole
# repository), whatever the system that builds the site.
_WINDOWS_CHARACTERS = re.compile(r'[<>:"|?*\\]')
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)


# Published byte for byte on the site's own origin: only types that cannot run
# script in a reader's browser (no SVG, HTML or JavaScript).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf")


def windows_name_problem(name: str, characters: bool = True) -> str | None:
    """Why Windows cannot hold a file or folder of this name, if it cannot
    (its characters judged unless ``characters`` is false)."""
    found = sorted(set(_WINDOWS_CHARACTERS.findall(name))) if characters else []
    if found:
        return f"it holds {' '.join(found)}"
    if name.endswith((".", " ")):
        return "it ends with a dot or a space"
    if name.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_RESERVED:
        return f"'{name.split('.', 1)[0]}' is a name Windows keeps for itself"
    return None


def _portable(name: str, is_dir: bool) -> str:
    from .formats import slugify

    stem, dot, suffix = name.rstrip(". ").rpartition(".")
    if is_dir or not dot:
        stem, suffix = name.rstrip(". "), ""
    slug = slugify(stem) or "renamed"
    if slug in _WINDOWS_RESERVED:
        slug += "-1"
    return slug + (f".{suffix.lower()}" if suffix else "")


def scan_tree(
    folder: Path, shown: Callable[[Path], str]
) -> tuple[list[Entry], list[Diagnostic]]:
    """Every regular file under ``folder`` (at any depth), in path order."""
    files: list[Entry] = []
    problems: list[Diagnostic] = []
    pending = [folder]
    while pending:  # a list, not recursion: depth costs no stack
        entries, found = scan(pending.pop(), shown)
        problems.extend(found)
        for entry in entries:
            if entry.is_dir:
                pending.append(entry.path)
            else:
                files.append(entry)
    files.sort(key=lambda e: e.path.parts)
    return files, problems
