"""Which pages, feeds and calendars a change to the content makes different (`invoke changes`)."""

from __future__ import annotations

import filecmp
import io
import json
import subprocess
import tarfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .codeowners import reviewers
from .gfm import code_span
from .model import urls

# What a reader opens or subscribes to, by the suffix of the file written. The
# theme's files, pictures, data exports and the search index are not listed:
# they follow from the pages, and a preview lists what a person looks at.
KINDS = {".html": "page", ".xml": "feed", ".opml": "feed", ".ics": "calendar"}
# At most this many URLs of each state in the Markdown; the JSON has them all.
SHOWN = 100


class ChangesError(Exception):
    """A revision that cannot be exported or built; the message says which and why."""


@dataclass(frozen=True)
class Changes:
    """The URLs (relative to SITEURL, as plugins/model/urls.py writes them) that differ."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reviewers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Why nothing could be compared: the base does not build with this code
    # (a pull request that makes the checks stricter and fixes the content).
    base_problem: str = ""

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    def as_json(self, base: str) -> str:
        return json.dumps(
            {
                "base": base,
                "added": list(self.added),
                "changed": list(self.changed),
                "removed": list(self.removed),
                "reviewers": {path: list(v) for path, v in self.reviewers.items()},
                "base_builds": not self.base_problem,
            },
            indent=2,
            ensure_ascii=False,
        )


def listed(relative: str) -> bool:
    """Whether a written file is a page, feed or calendar (its URL is listed)."""
    return PurePosixPath(relative).suffix in KINDS


def _files(root: Path) -> Iterator[str]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix()


def compare_outputs(base: Path, head: Path) -> Changes:
    """Pages, feeds and calendars added, changed (bytes differ) or removed, as URLs."""
    before = {f for f in _files(base) if listed(f)}
    after = {f for f in _files(head) if listed(f)}
    changed = [
        f
        for f in sorted(before & after)
        if not filecmp.cmp(base / f, head / f, shallow=False)
    ]

    def as_urls(files: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted("/" + urls.of_file(f) for f in files))

    return Changes(
        added=as_urls(after - before),
        changed=as_urls(changed),
        removed=as_urls(before - after),
    )


def git(repository: Path, *args: str) -> bytes:
    """Output of ``git args`` in ``repository``; ChangesError with git's words if it fails."""
    try:
        result = subprocess.run(
            ["git", "-C", str(repository), *args],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("git is not installed") from None
    if result.returncode:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise ChangesError(f"git {' '.join(args)}: {message}")
    return result.stdout


def export_revision(
    repository: Path, ref: str, folders: Iterable[str], into: Path
) -> Path:
    """The ``folders`` (e.g. chapters, content) of revision ``ref``, extracted into ``into``.

    Folders the revision does not have are made empty. The archive comes from
    git itself; ``tarfile``'s "data" filter refuses anything that would land
    outside ``into``.
    """
    commit_id = revision(repository, ref)
    wanted = list(folders)
    present = (
        git(repository, "ls-tree", "--name-only", commit_id, "--", *wanted)
        .decode("utf-8", "surrogateescape")
        .split("\n")
    )
    present = [name for name in present if name]
    into.mkdir(parents=True, exist_ok=True)
    if present and not hasattr(tarfile, "data_filter"):
        raise ChangesError("invoke changes needs Python 3.11.4 or newer")
    if present:
        archive = git(repository, "archive", "--format=tar", commit_id, "--", *present)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            try:
                tar.extractall(into, filter="data")
            except tarfile.FilterError as error:  # a link out of the tree, say
                raise ChangesError(
                    f"{ref} cannot be compared: {error} (a symbolic link or a path "
                    "that leads out of its folders, which check refuses too)"
                ) from None
    for name in wanted:
        (into / name).mkdir(parents=True, exist_ok=True)
    return into


def revision(repository: Path, ref: str) -> str:
    """The commit id ``ref`` names; ChangesError where it names none. A ref
    starting with "-" is refused before git sees it: git would take it for
    an option ("--output=FILE" writes a file)."""
    if ref.startswith("-"):
        raise ChangesError(f"{ref!r} is not a git revision (it starts with '-')")
    try:
        commit = git(
            repository, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"
        )
    except ChangesError:
        raise ChangesError(
            f"{ref!r} names no commit of this repository (a branch, a tag, "
            "HEAD~1 or a commit id)"
        ) from None
    return commit.decode().strip()


def toplevel(folder: Path) -> Path:
    """The root of the git repository ``folder`` (or, if missing, its parent) is in."""
    start = folder if folder.is_dir() else folder.parent
    output = git(start, "rev-parse", "--show-toplevel")
    return Path(output.decode("utf-8", "surrogateescape").strip()).resolve()


def changed_sources(repository: Path, ref: str) -> list[str]:
    """Paths that differ between ``ref`` and the working tree, untracked files too."""
    diff = git(repository, "diff", "--name-only", "-z", revision(repository, ref), "--")
    untracked = git(repository, "ls-files", "--others", "--exclude-standard", "-z")
    names = (diff + untracked).decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name})


def changed_files(settings: Mapping, base: str) -> set[str]:
    """Files changed since ``base``, relative to the site's root as messages name them."""
    top = toplevel(Path(settings["CHAPTERS_PATH"]))
    root = Path(settings["PATH"]).resolve()
    found = set()
    for name in changed_sources(top, base):
        path = top / name
        if path.is_relative_to(root):
            found.add(path.relative_to(root).as_posix())
    return found


def changes_markdown(changes: Changes, base: str) -> str:
    """The list for a step summary or a pull-request comment (GitHub Markdown)."""
    lines = ["### Pages this pull request changes"]
    if changes.base_problem:
        lines += [
            "",
            f"{code_span(base)} does not build with this pull request's code (it "
            "checks something new?), so no list could be made: the site built "
            "from this pull request is complete all the same.",
        ]
    elif not changes.count:
        lines += ["", f"No page, feed or calendar differs from {code_span(base)}."]
    for word, found in (
        ("Added", changes.added),
        ("Changed", changes.changed),
        ("Removed", changes.removed),
    ):
        if not found:
            continue
        lines += ["", f"**{word}** ({len(found)})", ""]
        lines += [f"- {code_span(url)}" for url in found[:SHOWN]]
        if len(found) > SHOWN:
            lines.append(f"- and {len(found) - SHOWN} more")
    if changes.reviewers:
        lines += ["", "### Who reviews", ""]
        for path, names in changes.reviewers.items():
            who = ", ".join(f"@{name}" for name in names) or "nobody named"
            lines.append(f"- {code_span(path)}: {who}")
    return "\n".join(lines) + "\n"


def _inside(path: Path, top: Path, what: str) -> str:
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        raise ChangesError(
            f"{what} {path} is not inside the git repository {top}"
        ) from None


def site_changes(
    settings_file: Path,
    settings: Mapping,
    base: str,
    *,
    output: Path | None = None,
) -> Changes:
    """Build revision ``base`` and the working tree with this code, and compare them.

    Both builds use the same build date (``settings``' own), so a page differs
    only because its content, or the code, changed. The working tree's site is
    kept in ``output`` when given. ChangesError for an unknown ``base`` or a
    working tree that does not build; a ``base`` that does not build with this
    code gives Changes with ``base_problem`` saying so.
    """
    import tempfile

    from .model.federation import load_federation
    from .model.settings import chapter_settings
    from .runner import build, read_site_settings

    chapters = Path(settings["CHAPTERS_PATH"])
    content = Path(settings["CHAPTERS_CONTENT_PATH"])
    top = toplevel(chapters)
    folders = [
        _inside(chapters, top, "chapters folder"),
        _inside(content, top, "content folder"),
    ]
    build_date = chapter_settings(settings).build_date.isoformat()
    with tempfile.TemporaryDirectory(prefix="chapterhouse-changes-") as scratch:
        tree = export_revision(top, base, folders, Path(scratch) / "base")
        base_settings = read_site_settings(
            settings_file,
            chapters=tree / folders[0],
            content=tree / folders[1],
            output=Path(scratch) / "base-site",
            build_date=build_date,
        )
        base_settings["CHAPTERS_CACHE"] = False
        log = io.StringIO()
        base_problem = ""
        if build(base_settings, out=log):
            base_problem = (
                f"{base} does not build with this code, so nothing was compared:\n"
                + log.getvalue().rstrip()
            )
        head_settings = read_site_settings(
            settings_file,
            chapters=chapters,
            content=content,
            output=output or Path(scratch) / "head-site",
            build_date=build_date,
        )
        head_settings["CHAPTERS_CACHE"] = settings.get("CHAPTERS_CACHE", True)
        log = io.StringIO()
        if build(head_settings, out=log):
            raise ChangesError(
                "the working tree does not build:\n" + log.getvalue().rstrip()
            )
        found = (
            Changes()
            if base_problem
            else compare_outputs(
                Path(base_settings["OUTPUT_PATH"]), Path(head_settings["OUTPUT_PATH"])
            )
        )
        base_model = chapter_settings(base_settings)
        head_model = chapter_settings(head_settings)
        base_chapters = load_federation(base_model)[0].chapters
        head_chapters = load_federation(head_model)[0].chapters
    root = chapters.resolve().parent
    changed = [
        (top / name).relative_to(root).as_posix()
        for name in changed_sources(top, base)
        if (top / name).is_relative_to(root)
    ]
    return Changes(
        found.added,
        found.changed,
        found.removed,
        reviewers(
            changed,
            base_chapters,
            head_chapters,
            chapters.name,
            head_model.maintainers,
        ),
        base_problem,
    )
