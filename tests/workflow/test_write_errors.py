"""A full disk, a read-only folder or an unwritable cache: one line saying what to do.

No traceback, exit status 1, and the previous site stays byte for byte with
nothing left beside it. Programming errors still show their traceback.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.content.writer import ShareWriter  # opens every page file of its share
from plugins.runner import build
from tests.conftest import invoke_build_command

ROOT = Path(__file__).resolve().parents[2]

OLD_SITE = {
    "index.html": b"<!doctype html><title>last week's site</title>\n",
    "chapters/oslo/index.html": b"<p>Oslo, as published last week</p>\n",
}
NOTHING_PUBLISHED = "; nothing was published, the previous site is unchanged\n"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        if path.is_file()
        else None
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def published(norway):
    """The norway repository with last week's site in output/."""
    for name, data in OLD_SITE.items():
        (norway.output / name).parent.mkdir(parents=True, exist_ok=True)
        (norway.output / name).write_bytes(data)
    norway.old = snapshot(norway.output)
    return norway


def assert_refused_unchanged(site, code: int, report: str) -> None:
    assert code == 1, report
    assert "Traceback" not in report
    assert len(report.splitlines()) == 1, report
    assert snapshot(site.output) == site.old
    assert list(site.root.glob(".output.*")) == []


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", str(args[1]))


def test_a_full_disk_while_pelican_writes_a_page_is_one_line(published, monkeypatch):
    monkeypatch.setattr(ShareWriter, "_open_page", full_disk)
    code, report = published.build()
    assert_refused_unchanged(published, code, report)
    assert report.startswith(
        f"build stopped: cannot write {published.root}/.output.new-"
    )
    assert report.endswith(
        ": the disk is full; free some space, or build elsewhere with --output"
        + NOTHING_PUBLISHED
    )


class FullFile:
    """A file that opens but cannot take a byte: what a full disk does to write()."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_a_write_names_the_output_folder(published, monkeypatch):
    monkeypatch.setattr(ShareWriter, "_open_page", lambda *args, **kwargs: FullFile())
    code, report = published.build()
    assert_refused_unchanged(published, code, report)
    assert report == (
        f"build stopped: cannot write {published.output}: the disk is full; "
        "free some space, or build elsewhere with --output" + NOTHING_PUBLISHED
    )


def test_a_static_file_pelican_cannot_copy_stops_the_build(published, monkeypatch):
    # Pelican logs a failed copy as a warning and goes on; a site missing its
    # style sheet must not be published.
    def no_space(source, destination, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", no_space)
    code, report = published.build()
    assert_refused_unchanged(published, code, report)
    assert "the disk is full" in report


def without_root_powers() -> list[str] | None:
    """A command prefix under which a read-only folder cannot be written.

    Root writes anywhere; without the capability to override file permissions
    it cannot. None where there is no such way.
    """
    if sys.platform == "win32":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return (
        [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
        if setpriv
        else None
    )


def test_a_read_only_folder_around_the_output_is_one_line(published):
    prefix = without_root_powers()
    if prefix is None:
        pytest.skip("cannot make a folder read-only for this user here")
    published.root.chmod(0o555)
    try:
        result = invoke_build(published, published.output, prefix)
    finally:
        published.root.chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    # The cache beside the output cannot be saved either: a warning, not a stop.
    assert result.stderr == (
        f"WARNING: cache not saved: {published.root / 'cache/chapterhouse-model.pickle'}"
        " (Permission denied); the next build reads every file again\n"
    )
    assert result.stdout == (
        f"build stopped: cannot write {published.root / '.output.lock'}: permission "
        "denied; make it writable for this user, or build elsewhere with --output"
        + NOTHING_PUBLISHED
    )
    assert snapshot(published.output) == published.old


def test_a_read_only_file_system_is_one_line(published, monkeypatch):
    def read_only(output):
        raise OSError(errno.EROFS, "Read-only file system", str(output.parent))

    monkeypatch.setattr("plugins.runner.staging_folder", read_only)
    code, report = published.build()
    assert_refused_unchanged(published, code, report)
    assert report == (
        f"build stopped: cannot write {published.root}: the file system is "
        "read-only, or build elsewhere with --output" + NOTHING_PUBLISHED
    )


def test_an_output_folder_under_a_file_is_one_line(norway):
    (norway.root / "notes.txt").write_text("a file, not a folder\n")
    output = norway.root / "notes.txt" / "www" / "site"
    code, report = norway.build(output=output)
    assert code == 1, report
    assert report == (
        f"build stopped: cannot write {norway.root / 'notes.txt' / 'www'}: a file is "
        "in the way of a folder; move it, or build elsewhere with --output"
        + NOTHING_PUBLISHED
    )


def test_an_unwritable_cache_folder_is_one_warning_and_the_build_goes_on(
    published, caplog
):
    (published.root / "notes.txt").write_text("a file, not a folder\n")
    cache = published.root / "notes.txt" / "cache"
    settings = {**published.settings(), "CACHE_PATH": str(cache)}
    out = io.StringIO()
    code = build(settings, out=out)
    assert code == 0, out.getvalue()
    warnings = [r.getMessage() for r in caplog.records if "cache" in r.getMessage()]
    assert warnings == [
        f"cache not saved: {cache / 'chapterhouse-model.pickle'} (Not a directory); "
        "the next build reads every file again"
    ]


def test_a_programming_error_still_shows_its_traceback(published, monkeypatch):
    def bug(*args, **kwargs):
        raise RuntimeError("a bug in a plugin")

    monkeypatch.setattr(ShareWriter, "_open_page", bug)
    with pytest.raises(RuntimeError, match="a bug in a plugin"):
        published.build()
    assert snapshot(published.output) == published.old
    assert list(published.root.glob(".output.*")) == []


def invoke_build(site, output: Path, prefix=()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, *invoke_build_command(site, output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_invoke_build_into_an_impossible_folder_prints_one_line(norway):
    (norway.root / "notes.txt").write_text("a file, not a folder\n")
    result = invoke_build(norway, norway.root / "notes.txt" / "site")
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout == (
        f"build stopped: cannot write {norway.root / 'notes.txt'}: a file is in the "
        "way of a folder; move it, or build elsewhere with --output" + NOTHING_PUBLISHED
    )


def test_a_failed_swap_publishes_nothing_and_leaves_nothing(published, monkeypatch):
    def cross_device(first, second):
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(second))

    monkeypatch.setattr("plugins.output.exchange", cross_device)
    code, report = published.build()
    assert_refused_unchanged(published, code, report)
    assert report == (
        f"build stopped: {published.output}: invalid cross-device link"
        + NOTHING_PUBLISHED
    )
