"""`invoke changes --base REF`: the pages, feeds and calendars an edit makes different."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.changes import ChangesError, compare_outputs, site_changes
from plugins.runner import read_site_settings
from tests.conftest import federation_copy

ROOT = Path(__file__).resolve().parents[2]
POST = "chapters/oslo/posts/studiesirkel-hosten-2014.md"
OLD_TITLE = "Studiesirkel høsten 2014: deltakende økonomi"
NEW_TITLE = "Studiesirkel om deltakende økonomi"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repository: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repository), *args],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


@pytest.fixture
def repository(tmp_path) -> Path:
    """tests/sites/federation committed to a new git repository."""
    root = tmp_path / "repository"
    federation_copy(root)
    (root / ".gitignore").write_text("cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the federation")
    return root


def retitle(repository: Path) -> None:
    post = repository / POST
    text = post.read_text(encoding="utf-8")
    assert OLD_TITLE in text
    post.write_text(text.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")


def invoke_changes(repository: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "--search-root",
            str(ROOT),
            "changes",
            "--build-date",
            "2015-01-15",
            "--chapters",
            str(repository / "chapters"),
            "--content",
            str(repository / "content"),
            *args,
        ],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **GIT_ENV},
    )


def changes_of(repository: Path, base: str, output: Path | None = None):
    settings = read_site_settings(
        ROOT / "pelicanconf.py",
        chapters=repository / "chapters",
        content=repository / "content",
        build_date="2015-01-15",
    )
    return site_changes(ROOT / "pelicanconf.py", settings, base, output=output)


# Oslo is a local chapter in Norway, of the area nord-neth; the post's title
# shows on the post, on Oslo's page and in its feeds, and on every page and
# feed that rolls Oslo up: Norway's, the area's and the whole federation's.
RETITLED = [
    "/",
    "/areas/nord-neth/",
    "/areas/nord-neth/atom.xml",
    "/areas/nord-neth/rss.xml",
    "/atom.xml",
    "/chapters/norway/",
    "/chapters/norway/atom.xml",
    "/chapters/norway/rss.xml",
    "/chapters/oslo/",
    "/chapters/oslo/atom.xml",
    "/chapters/oslo/posts/",
    "/chapters/oslo/posts/studiesirkel-hosten-2014/",
    "/chapters/oslo/rss.xml",
    "/languages/nb/atom.xml",  # the post is in Norwegian: the feed of that language
    "/languages/nb/rss.xml",
    "/rss.xml",
]


def test_changes_since_the_last_commit_list_the_post_its_chapter_and_ancestors(
    repository, tmp_path
):
    retitle(repository)
    git(repository, "commit", "-q", "-am", "a better title")
    result = invoke_changes(
        repository,
        "--base",
        "HEAD~1",
        "--output",
        str(tmp_path / "site"),
        "--json",
        str(tmp_path / "changes.json"),
        "--markdown",
        str(tmp_path / "summary.md"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[: len(RETITLED)] == [f"changed {url}" for url in RETITLED]
    assert (
        lines[len(RETITLED)]
        == f"{len(RETITLED)} pages, feeds and calendars differ from HEAD~1"
    )
    found = json.loads((tmp_path / "changes.json").read_text(encoding="utf-8"))
    assert found["added"] == found["removed"] == []
    assert found["changed"] == RETITLED
    # Nothing else: exactly the pages and feeds that show the title.
    showing = sorted(
        "/" + path.relative_to(tmp_path / "site").as_posix().removesuffix("index.html")
        for path in (tmp_path / "site").rglob("*")
        if path.is_file() and NEW_TITLE.encode() in path.read_bytes()
    )
    assert showing == RETITLED
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert f"**Changed** ({len(RETITLED)})" in summary
    assert "- `/chapters/oslo/posts/studiesirkel-hosten-2014/`" in summary


def test_an_uncommitted_edit_is_compared_with_head(repository):
    retitle(repository)
    found = changes_of(repository, "HEAD")
    assert list(found.changed) == RETITLED
    assert found.reviewers == {
        "chapters/oslo/": (
            "amir-haddad",
            "ingrid-solberg",
            "sigrid-aasheim",  # Norway's admins: the parent reviews too
            "tlhaugen",
            "iops/maintainers",
        )
    }


def test_nothing_differs_when_nothing_changed(repository):
    found = changes_of(repository, "HEAD")
    assert found.count == 0
    assert found.reviewers == {}


LEEDS = """\
name: IOPS Leeds
level: local
parent: uk
country: GB
admins:
  - {name: Lee Ds, github: lee-ds}
"""


def test_a_new_chapter_adds_its_pages_and_its_parents_admins_review_it(repository):
    (repository / "chapters/leeds").mkdir()
    (repository / "chapters/leeds/chapter.yaml").write_text(LEEDS, encoding="utf-8")
    found = changes_of(repository, "HEAD")
    assert "/chapters/leeds/" in found.added
    assert "/chapters/leeds/atom.xml" in found.added
    assert "/chapters/uk/" in found.changed  # lists its new local chapter
    assert found.removed == ()
    # Not the new chapter's own admins: a pull request cannot choose its reviewers.
    assert found.reviewers == {"chapters/leeds/": ("hokonkwo-reed", "iops/maintainers")}


def test_a_deleted_post_is_removed_with_its_page(repository):
    git(repository, "rm", "-q", POST)
    found = changes_of(repository, "HEAD")
    # Oslo's only post: its listing of posts goes with it.
    assert found.removed == (
        "/chapters/oslo/posts/",
        "/chapters/oslo/posts/studiesirkel-hosten-2014/",
    )
    assert "/chapters/oslo/" in found.changed


def test_a_base_that_does_not_build_gives_a_note_instead_of_a_list(repository):
    # As when a pull request makes a check stricter and fixes the content too.
    post = repository / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("title:", "titel:"), encoding="utf-8")
    git(repository, "commit", "-q", "-am", "broken")
    post.write_text(good, encoding="utf-8")
    found = changes_of(repository, "HEAD")
    assert found.count == 0
    assert found.base_problem.startswith(
        "HEAD does not build with this code, so nothing was compared:"
    )
    assert "titel" in found.base_problem
    result = invoke_changes(repository, "--base", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "HEAD does not build with this code" in result.stdout


def test_an_unknown_base_is_named_in_the_error(repository):
    with pytest.raises(ChangesError, match="no-such-branch"):
        changes_of(repository, "no-such-branch")
    result = invoke_changes(repository, "--base", "no-such-branch")
    assert result.returncode == 1
    assert "no-such-branch" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_base_starting_with_a_dash_is_not_given_to_git_as_an_option(
    repository, tmp_path
):
    written = tmp_path / "written-by-git"
    for base in (f"--output={written}", "--stat"):
        with pytest.raises(ChangesError, match="is not a git revision"):
            changes_of(repository, base)
    assert not written.exists()


def test_a_base_with_a_link_out_of_its_folders_is_an_error_not_a_traceback(
    repository,
):
    (repository / "chapters/oslo/images").mkdir(exist_ok=True)
    (repository / "chapters/oslo/images/secret.png").symlink_to("/etc/passwd")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "a link out")
    (repository / "chapters/oslo/images/secret.png").unlink()
    with pytest.raises(ChangesError, match="HEAD cannot be compared"):
        changes_of(repository, "HEAD")
    result = invoke_changes(repository, "--base", "HEAD")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_outputs_are_compared_by_bytes_and_named_by_url(tmp_path):
    base, head = tmp_path / "base", tmp_path / "head"
    files = {
        "index.html": (b"home", b"home"),
        "chapters/oslo/index.html": (b"old", b"new"),
        "chapters/oslo/calendar.ics": (b"a", None),
        "chapters/bergen/atom.xml": (None, b"feed"),
        "feeds.opml": (b"x", b"y"),
        "theme/css/site.css": (b"a", b"b"),  # not a page, feed or calendar
        "data/chapters.json": (b"a", b"b"),
    }
    for name, (before, after) in files.items():
        for root, data in ((base, before), (head, after)):
            if data is not None:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
    found = compare_outputs(base, head)
    assert found.added == ("/chapters/bergen/atom.xml",)
    assert found.changed == ("/chapters/oslo/", "/feeds.opml")
    assert found.removed == ("/chapters/oslo/calendar.ics",)


def test_a_working_tree_that_does_not_build_is_an_error_with_its_report(repository):
    post = repository / POST
    post.write_text(
        post.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8"
    )
    with pytest.raises(ChangesError) as error:
        changes_of(repository, "HEAD")
    assert str(error.value).startswith("the working tree does not build:\n")
    assert POST in str(error.value)
