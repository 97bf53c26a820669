"""The output folder is always a whole site, and one build at a time writes it.

A build stages the new site beside ``output/`` and exchanges the two in one
step; a lock file beside ``output/`` turns a second build away; whatever a
killed build leaves behind, the next build removes.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins import output as publishing
from plugins.output import exchange, output_lock, publish, recover
from plugins.runner import build
from plugins.site.files import FILES_KEY, written_files
from tests.conftest import invoke_build_command
from tests.site.test_atomic_and_reproducible import NOT_BYTE_IDENTICAL

ROOT = Path(__file__).resolve().parents[2]

OLD_SITE = {
    "index.html": b"<!doctype html><title>last week's site</title>\n",
    "chapters/oslo/index.html": b"<p>Oslo, as published last week</p>\n",
    "images/logo.png": bytes(range(256)),
}


# The site a build replaced, kept for the next build to overwrite in place.
SPARE = ".output.spare"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``folder``.

    The search index is there as its folder only: Pagefind's files differ
    from build to build (see NOT_BYTE_IDENTICAL).
    """
    return {
        name: path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
        if not (name := path.relative_to(folder).as_posix()).startswith(
            NOT_BYTE_IDENTICAL
        )
    }


def write_site(folder: Path, files: dict[str, bytes]) -> dict:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return snapshot(folder)


def beside(output: Path) -> list[str]:
    """What lies next to the output folder with a name made from the output's."""
    return sorted(
        p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}.")
    )


@pytest.fixture(scope="module")
def reference(built_norway):
    """The site a build of the norway repository makes."""
    return snapshot(built_norway.output)


@pytest.fixture
def sites(norway, reference):
    """The norway repository, last week's site in output/, and the site a build makes."""
    norway.old = write_site(norway.output, OLD_SITE)
    norway.new = reference
    return norway


def test_a_build_replaces_the_whole_site_and_keeps_the_old_one_as_the_spare(sites):
    code, report = sites.build()
    assert code == 0, report
    assert snapshot(sites.output) == sites.new
    assert (sites.output / "pagefind" / "pagefind-entry.json").is_file()
    assert beside(sites.output) == [SPARE]
    assert snapshot(sites.root / SPARE) == sites.old
    assert sites.output.is_dir() and not sites.output.is_symlink()


# The site a build replaces is kept beside the output and the next build
# writes into it, with the search index or without (what is left of the old
# site is dropped before Pagefind reads the folder).


def build_without_index(site) -> tuple[int, str]:
    out = io.StringIO()
    code = build({**site.settings(), "SEARCH_INDEX": False}, out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def reference_without_index(built_norway, tmp_path_factory):
    site = built_norway.copy(tmp_path_factory.mktemp("without-index"))
    shutil.rmtree(site.output)
    assert build_without_index(site)[0] == 0
    return snapshot(site.output)


def test_without_the_index_the_replaced_site_is_kept_as_the_spare(sites):
    assert build_without_index(sites)[0] == 0
    assert beside(sites.output) == [SPARE]
    assert snapshot(sites.root / SPARE) == sites.old
    assert sites.build()[0] == 0  # with the index, into the spare
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


def test_a_rebuild_overwrites_the_spare_site_and_drops_what_it_did_not_write(
    sites, reference_without_index
):
    assert build_without_index(sites)[0] == 0
    # The spare now holds last week's site: pages of deleted posts, a folder
    # where this build writes a file, a file where it makes a folder.
    spare = sites.root / SPARE
    write_site(spare, {"chapters/gone/posts/old/index.html": b"deleted post"})
    (spare / "robots.txt").unlink(missing_ok=True)
    write_site(spare, {"robots.txt/inner": b"a folder in the way"})
    shutil.rmtree(spare / "chapters" / "oslo")
    (spare / "chapters" / "oslo").write_bytes(b"a file in the way")
    code, report = build_without_index(sites)
    assert code == 0, report
    assert snapshot(sites.output) == reference_without_index
    assert beside(sites.output) == [SPARE]


def file_times(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_unchanged_files_keep_their_time_through_the_spare(sites):
    for _ in range(3):  # the second and third builds overwrite a spare site
        assert build_without_index(sites)[0] == 0
        times = file_times(sites.output)
    assert build_without_index(sites)[0] == 0
    # pages, feeds, calendars and the sitemap, which is written after the drop
    assert file_times(sites.output) == times
    assert sites.output / "sitemap.xml" in times


def test_what_a_build_into_a_reused_folder_did_not_write_is_dropped(tmp_path):
    output = tmp_path / "output"
    old = {"kept.html": b"old", "gone/old.html": b"old", "deep/er/old.html": b"old"}
    write_site(tmp_path / SPARE, {**old, "deep/kept.html": b"old"})
    outside = write_site(tmp_path / "elsewhere", {"theirs.html": b"not ours"})
    (tmp_path / SPARE / "deep" / "linked").symlink_to(tmp_path / "elsewhere")
    staging = publishing.reused_staging(output)
    assert staging is not None and not (tmp_path / SPARE).exists()
    (staging / "kept.html").write_bytes(b"new")
    write_site(staging, {"new/page.html": b"new", "deep/kept.html": b"new"})
    kept = []
    assert publishing.drop_unwritten(staging, kept=kept) == 2
    assert snapshot(staging) == {
        "kept.html": b"new",
        "deep": None,
        "deep/kept.html": b"new",
        "new": None,
        "new/page.html": b"new",
    }
    assert snapshot(tmp_path / "elsewhere") == outside  # the link went, not its files
    # what stays, as the sitemap lists it without walking the folder again
    assert sorted(kept) == ["deep/kept.html", "kept.html", "new/page.html"]
    assert sorted(written_files(str(staging), {FILES_KEY: kept})) == sorted(kept)
    assert sorted(written_files(str(staging), {})) == sorted(kept)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    first = write_site(tmp_path / "a", {"one.html": b"1"})
    second = write_site(tmp_path / "b", {"two.html": b"2"})
    assert exchange(tmp_path / "a", tmp_path / "b") is True
    assert snapshot(tmp_path / "a") == second
    assert snapshot(tmp_path / "b") == first


def test_without_the_exchange_two_renames_still_publish_the_site(sites, monkeypatch):
    monkeypatch.setattr(publishing, "exchange", lambda first, second: False)
    code, report = sites.build()
    assert code == 0, report
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


def test_a_failed_second_rename_puts_the_old_site_back(tmp_path, monkeypatch):
    output = tmp_path / "output"
    old = write_site(output, OLD_SITE)
    staging = tmp_path / ".output.new-abc"
    write_site(staging, {"index.html": b"new"})
    monkeypatch.setattr(publishing, "exchange", lambda first, second: False)
    real_rename = Path.rename

    def rename(self, target):
        if self == staging:
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        publish(staging, output)
    assert snapshot(output) == old


# A second build while one is writing: turned away with one line, publishing nothing.

LOCK_HOLDER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from plugins.output import output_lock
with output_lock(Path({output!r})):
    print("locked", flush=True)
    time.sleep(120)
"""


@contextlib.contextmanager
def another_build_holding_the_lock(output: Path) -> Iterator[None]:
    """A process holding ``output``'s lock for the block, killed at its end."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER.format(root=str(ROOT), output=str(output))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.kill()  # SIGKILL: the OS releases the lock, nothing else does
        holder.wait()


def test_a_build_while_another_writes_is_refused_with_one_line(sites, tmp_path):
    with another_build_holding_the_lock(sites.output):
        code, report = sites.build()
        assert code == 1
        assert report == (
            f"build stopped: another build is writing {sites.output} "
            f"(lock {tmp_path / '.output.lock'}); wait for it to finish\n"
        )
        assert snapshot(sites.output) == sites.old
        assert beside(sites.output) == [".output.lock"]  # the holder's
    code, report = sites.build()
    assert code == 0, report
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


def test_the_lock_is_released_when_a_build_raises(sites, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a programming error")

    monkeypatch.setattr("plugins.runner.publish", broken)
    with pytest.raises(RuntimeError):
        sites.build()
    assert snapshot(sites.output) == sites.old
    with output_lock(sites.output):  # free again
        pass


# A build in a process of its own that pauses at one step of the swap.

PAUSING_BUILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from plugins import output
from plugins.runner import build, read_site_settings

def pause(original):
    def paused(*args, **kwargs):
        Path({marker!r}).write_text("here")
        time.sleep({seconds!r})
        return original(*args, **kwargs)
    return paused

step = {step!r}
if step == "between-renames":
    output.exchange = lambda first, second: False
    real_rename = Path.rename
    def rename(self, target):
        if self.name.startswith(".output.new-"):
            return pause(real_rename)(self, target)
        return real_rename(self, target)
    Path.rename = rename
else:
    setattr(output, step, pause(getattr(output, step)))
settings = read_site_settings(
    {settings!r},
    chapters={chapters!r},
    content={content!r},
    output={output!r},
    build_date="2015-01-15",
)
sys.exit(build(settings))
"""


def pausing_build(site, step: str, seconds: float, marker: Path) -> subprocess.Popen:
    script = PAUSING_BUILD.format(
        root=str(ROOT),
        marker=str(marker),
        seconds=seconds,
        step=step,
        settings=str(ROOT / "pelicanconf.py"),
        chapters=str(site.root / "chapters"),
        content=str(site.root / "content"),
        output=str(site.output),
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def outcomes(builds: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    results = [(b.communicate(timeout=300), b.returncode) for b in builds]
    return sorted((code, stdout, stderr) for (stdout, stderr), code in results)


def test_two_builds_at_once_one_publishes_the_other_is_turned_away(sites):
    # Each build dwells 3 s inside the lock before its swap, so they overlap.
    builds = [
        pausing_build(sites, "exchange", 3, sites.root / f"marker-{n}")
        for n in range(2)
    ]
    (done, _, _), (refused, stdout, stderr) = outcomes(builds)
    assert (done, refused) == (0, 1), stdout + stderr
    assert "Traceback" not in stderr
    assert stdout == (
        f"build stopped: another build is writing {sites.output} "
        f"(lock {sites.root / '.output.lock'}); wait for it to finish\n"
    )
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


def invoke_build(site) -> subprocess.Popen:
    return subprocess.Popen(
        invoke_build_command(site, site.output),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_invoke_builds_racing_for_one_output_never_crash(sites):
    for code, stdout, stderr in outcomes([invoke_build(sites) for _ in range(2)]):
        assert "Traceback" not in stdout + stderr
        assert code in (0, 1), stdout + stderr
        if code:  # they overlapped: the second is turned away
            assert stdout.startswith("build stopped: another build is writing"), stdout
            assert len(stdout.splitlines()) == 1, stdout
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


# A build killed at any step: output/ is the whole old or the whole new site,
# and the next build removes what the killed one left.


def kill_build_at(site, step: str) -> None:
    marker = site.root / "marker"
    child = pausing_build(site, step, 120, marker)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the build never reached the step"
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux exchange")
@pytest.mark.parametrize(
    ("step", "published"),
    [("exchange", "old"), ("_retire", "new")],
    ids=["before-the-exchange", "after-the-exchange"],
)
def test_a_build_killed_around_the_exchange_leaves_a_whole_site(sites, step, published):
    kill_build_at(sites, step)
    assert snapshot(sites.output) == getattr(sites, published)
    assert [name.rsplit("-", 1)[0] for name in beside(sites.output)] == [
        ".output.lock",  # an empty file; the lock itself died with the build
        ".output.new",
    ]

    code, report = sites.build()
    assert code == 0, report
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


def test_a_build_killed_between_two_renames_gets_the_old_site_back(sites):
    kill_build_at(sites, "between-renames")
    assert not sites.output.exists()  # the fallback's moment without output/
    assert [name.rsplit("-", 1)[0] for name in beside(sites.output)] == [
        ".output.lock",
        ".output.new",
        ".output.old",
    ]

    with output_lock(sites.output):
        recover(sites.output)
    assert snapshot(sites.output) == sites.old
    assert beside(sites.output) == []


def test_only_leftovers_of_this_output_are_removed(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    for name in (
        ".output.new-k1j2h3g4",
        ".output.old-a_b9c8d7",
        ".output.new-abc.keep",
        ".outputs.new-abcdefgh",
        ".site.new-abcdefgh",
        "output.new-abcdefgh",
    ):
        (tmp_path / name).mkdir()
    with output_lock(output):
        recover(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".output.new-abc.keep",
        ".outputs.new-abcdefgh",
        ".site.new-abcdefgh",
        "output",
        "output.new-abcdefgh",
    ]


def test_a_lock_file_deleted_by_its_finishing_holder_is_not_taken(
    tmp_path, monkeypatch
):
    output = tmp_path / "output"
    real_try_lock = publishing._try_lock
    calls = []

    def holder_finishes_meanwhile(fd):
        calls.append(fd)
        if len(calls) == 1:  # we opened the file, then its holder deleted it
            publishing.lock_file(output).unlink()
        return real_try_lock(fd)

    monkeypatch.setattr(publishing, "_try_lock", holder_finishes_meanwhile)
    with output_lock(output) as path:
        assert path.exists()  # a new lock file, the one a third build would see
        with pytest.raises(publishing.OutputBusy), output_lock(output):
            pass
    assert len(calls) == 3
    assert not path.exists()


def test_a_refused_build_leaves_the_lock_to_its_holder(sites):
    with output_lock(sites.output):
        out = io.StringIO()
        assert build(sites.settings(), out=out) == 1
        assert "another build is writing" in out.getvalue()
        assert snapshot(sites.output) == sites.old


def test_only_files_with_the_same_bytes_keep_the_old_time(tmp_path, monkeypatch):
    old, new = tmp_path / "old", tmp_path / "new"
    big = os.urandom(3 * 1024 + 5)
    monkeypatch.setattr(publishing, "_COMPARED_AT_ONCE", 1024)  # big ones in pieces
    files = {
        "same.html": (b"<p>same</p>", b"<p>same</p>"),
        "deep/er/same.css": (b"a{}", b"a{}"),
        "edited.html": (b"<p>old</p>", b"<p>new</p>"),  # same size
        "longer.html": (b"<p>a</p>", b"<p>ab</p>"),
        "big.bin": (big, big),
        "big-edited.bin": (big, big[:-1] + b"!"),
        "new.html": (None, b"<p>new page</p>"),
    }
    for name, (before, after) in files.items():
        for root, data in ((old, before), (new, after)):
            if data is not None:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
                os.utime(root / name, ns=(1_000_000_000, 1_000_000_000 * (root == old)))
    (new / "linked.html").write_bytes(b"x")
    (old / "linked.html").symlink_to(new / "linked.html")  # never followed

    assert publishing.keep_unchanged_times(new, old) == 3
    assert files_timed(new, 1_000_000_000) == {
        "same.html",
        "deep/er/same.css",
        "big.bin",
    }


def files_timed(folder: Path, mtime_ns: int) -> set[str]:
    """The files below ``folder`` modified at ``mtime_ns``, relative to it."""
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and path.stat().st_mtime_ns == mtime_ns
    }


def test_files_made_after_the_drop_keep_the_old_time_too(tmp_path):
    output = tmp_path / "output"
    write_site(
        output,
        {
            "page/index.html": b"same page",
            "sitemap.xml": b"same map",
            "index/a.pf": b"same index",
            "index/b.pf": b"old index",
            "feed.xml": b"old feed",
        },
    )
    for path in output.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    write_site(tmp_path / SPARE, {"page/index.html": b"x", "sitemap.xml": b"x"})
    staging = publishing.reused_staging(output)
    write_site(staging, {"page/index.html": b"same page", "feed.xml": b"new feed"})
    settled = publishing.Settled(output)
    assert publishing.drop_unwritten(staging, settled=settled) == 1
    # made after the drop: in a folder it kept, and in a folder of their own
    write_site(staging, {"sitemap.xml": b"same map"})
    write_site(staging, {"index/a.pf": b"same index", "index/b.pf": b"new index"})
    assert publishing.keep_unchanged_times(staging, output, settled) == 3
    assert files_timed(staging, 1_000_000_000) == {
        "page/index.html",
        "sitemap.xml",
        "index/a.pf",
    }


def test_a_file_made_in_the_drops_last_tick_keeps_the_old_time(tmp_path):
    """A coarse clock: making the sitemap again leaves the root the time the
    drop left it (the drop deleted the spare site's sitemap in the same tick)."""
    output = tmp_path / "output"
    write_site(output, {"sitemap.xml": b"same map", "page/index.html": b"same"})
    for path in output.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    write_site(tmp_path / SPARE, {"sitemap.xml": b"x", "page/index.html": b"x"})
    staging = publishing.reused_staging(output)
    write_site(staging, {"page/index.html": b"same"})
    settled = publishing.Settled(output)
    assert publishing.drop_unwritten(staging, settled=settled) == 1
    tick = settled.ended
    assert tick is not None
    settled.folders[str(staging)] = tick  # the root's last change, in the last tick
    write_site(staging, {"sitemap.xml": b"same map"})
    os.utime(staging, ns=(tick, tick))  # and the sitemap's making, in the same one
    assert publishing.keep_unchanged_times(staging, output, settled) == 2
    assert (staging / "sitemap.xml").stat().st_mtime_ns == 1_000_000_000


def test_a_folder_turned_into_a_link_after_the_drop_is_not_followed(tmp_path):
    output = tmp_path / "output"
    write_site(output, {"page/index.html": b"same", "page/other.html": b"same"})
    write_site(tmp_path / SPARE, {"page/index.html": b"x"})
    staging = publishing.reused_staging(output)
    write_site(staging, {"page/index.html": b"new"})
    settled = publishing.Settled(output)
    publishing.drop_unwritten(staging, settled=settled)
    elsewhere = tmp_path / "elsewhere"
    write_site(elsewhere, {"other.html": b"same"})
    os.utime(elsewhere / "other.html", ns=(5, 5))
    shutil.rmtree(staging / "page")
    (staging / "page").symlink_to(elsewhere)
    publishing.keep_unchanged_times(staging, output, settled)
    assert (elsewhere / "other.html").stat().st_mtime_ns == 5  # not touched


# With no spare site, a forked process makes the published site's folders in
# the new staging folder while the build prepares (plugins/output.py).


class _OnlyTheBuildsThread:
    """``threading`` as plugins/output.py sees it in a build outside the tests:
    no other thread (a worker that ran the browser tests has Playwright's)."""

    Thread = threading.Thread

    @staticmethod
    def active_count() -> int:
        return 1


@pytest.fixture
def mirrors(monkeypatch) -> list:
    """The folder mirrors the builds start, each with the pid of its process."""
    from plugins import runner

    started = []
    mirror_folders = publishing.mirror_folders

    def recorded(output, staging, leave):
        mirror = mirror_folders(output, staging, leave)
        started.append((mirror, mirror.pid if mirror else None))
        return mirror

    monkeypatch.setattr(publishing, "threading", _OnlyTheBuildsThread)
    monkeypatch.setattr(runner, "mirror_folders", recorded)
    return started


def assert_made_and_reaped(mirror, pid) -> None:
    """The process ran to its end without an error, and nothing is left of it."""
    assert mirror is not None and mirror.status == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_with_no_spare_the_published_sites_folders_are_made_meanwhile_and_empty_ones_dropped(
    sites, mirrors
):
    old = write_site(sites.output, {"chapters/gone/posts/old/index.html": b"deleted"})
    code, report = sites.build()
    assert code == 0, report
    assert len(mirrors) == 1
    assert_made_and_reaped(*mirrors[0])
    assert snapshot(sites.output) == sites.new  # no folder of the old site left
    assert snapshot(sites.root / SPARE) == old
    assert beside(sites.output) == [SPARE]


def test_a_published_folder_where_the_build_writes_a_file_starts_it_afresh(
    sites, mirrors, monkeypatch
):
    assert "robots.txt" in sites.new
    write_site(sites.output, {"robots.txt/inner": b"a folder in the way"})
    from plugins import runner

    stagings = []
    staging_folder = runner.staging_folder
    monkeypatch.setattr(
        runner, "staging_folder", lambda o: stagings.append(o) or staging_folder(o)
    )
    code, report = sites.build()
    assert code == 0, report
    assert len(mirrors) == 1 and len(stagings) == 2  # the mirrored one, then afresh
    assert_made_and_reaped(*mirrors[0])
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


def test_a_build_that_raises_beside_the_mirror_leaves_nothing_behind(
    sites, mirrors, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("a programming error")

    monkeypatch.setattr("plugins.runner.publish", broken)
    with pytest.raises(RuntimeError):
        sites.build()
    assert len(mirrors) == 1
    assert_made_and_reaped(*mirrors[0])
    assert snapshot(sites.output) == sites.old
    assert publishing.leftovers(sites.output) == []


def test_the_folders_are_made_without_files_or_links(tmp_path):
    source, target = tmp_path / "site", tmp_path / "new"
    write_site(
        source, {"a/b/c/index.html": b"x", "a/d/index.html": b"x", "e.css": b"x"}
    )
    (tmp_path / "elsewhere" / "inside").mkdir(parents=True)
    (source / "a" / "link").symlink_to(tmp_path / "elsewhere")
    target.mkdir()
    (target / "a").mkdir()  # already there: kept
    write_site(source, {"theme/css/site.css": b"x", "b/theme/index.html": b"x"})
    made = publishing.make_folders(str(source), str(target), leave=("theme",))
    assert made == 5
    assert snapshot(target) == {
        "a": None,
        "a/b": None,
        "a/b/c": None,
        "a/d": None,
        "b": None,
        "b/theme": None,  # only the top's theme/ is left to Pelican
    }


def test_no_folders_are_made_beside_another_thread_or_without_a_site(tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir()
    assert publishing.mirror_folders(tmp_path / "output", staging) is None
    write_site(tmp_path / "output", {"a/index.html": b"x"})
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert publishing.mirror_folders(tmp_path / "output", staging) is None
    finally:
        stop.set()
        other.join()
    assert list(staging.iterdir()) == []


def test_the_folders_are_made_while_the_repository_is_read(sites, mirrors, monkeypatch):
    from plugins import runner

    started_before_reading = []
    load_with_cache = runner.load_with_cache

    def recorded(*args, **kwargs):
        started_before_reading.append(len(mirrors))
        return load_with_cache(*args, **kwargs)

    monkeypatch.setattr(runner, "load_with_cache", recorded)
    code, report = sites.build()
    assert code == 0, report
    assert started_before_reading == [1]
    assert_made_and_reaped(*mirrors[0])
    assert snapshot(sites.output) == sites.new
    assert beside(sites.output) == [SPARE]


# Front matter that does not parse: the build stops after reading the repository.
BROKEN_POST = "---\ntitle: [unclosed\n---\nText.\n"


def test_a_build_refused_for_its_content_stops_the_mirror_and_leaves_nothing(
    sites, mirrors, monkeypatch
):
    make_folders = publishing.make_folders

    def slow(*args, **kwargs):  # in the mirror's process: still at work when stopped
        time.sleep(60)
        return make_folders(*args, **kwargs)

    monkeypatch.setattr(publishing, "make_folders", slow)
    (sites.root / "chapters/oslo/posts/broken.md").write_text(BROKEN_POST)
    started = time.monotonic()
    code, report = sites.build()
    assert code == 1
    assert time.monotonic() - started < 30  # not waited for
    assert report.startswith("chapters/oslo/posts/broken.md:"), report
    assert len(mirrors) == 1
    mirror, pid = mirrors[0]
    assert mirror is not None and mirror.status == -signal.SIGKILL
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert snapshot(sites.output) == sites.old
    assert beside(sites.output) == []  # no staging folder, no spare, no lock


def test_content_errors_are_reported_first_while_another_build_writes(sites):
    (sites.root / "chapters/oslo/posts/broken.md").write_text(BROKEN_POST)
    with another_build_holding_the_lock(sites.output):
        code, report = sites.build()
    assert code == 1
    assert report.startswith("chapters/oslo/posts/broken.md:"), report
    assert "another build" not in report
    assert snapshot(sites.output) == sites.old
