"""Which output process writes which file: a pure, stable, balanced function of the path."""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest

from plugins.site import shares
from plugins.site.shares import Share, owns, share_of


def site_paths() -> list[str]:
    """The kinds of files a federation of 84 chapters writes, about 2,000 of them."""
    paths = ["index.html", "atom.xml", "rss.xml", "calendar.ics", "sitemap.xml"]
    for chapter in range(84):
        base = f"chapters/chapter-{chapter:02d}"
        paths += [f"{base}/index.html", f"{base}/atom.xml", f"{base}/calendar.ics"]
        paths += [f"{base}/posts/post-{post:03d}/index.html" for post in range(17)]
        paths += [f"{base}/page/{page}/index.html" for page in range(2, 4)]
    return paths


def test_the_share_of_a_path_is_the_same_in_every_run_and_on_every_machine():
    # blake2b of the path, not Python's salted hash(): fixed values.
    assert [share_of("index.html", n) for n in (2, 3, 4)] == [0, 1, 2]
    assert [share_of("chapters/oslo/index.html", n) for n in (2, 3, 4)] == [0, 2, 2]
    assert share_of("atom.xml", 4) == 0


@pytest.mark.parametrize("count", [2, 3, 4])
def test_the_shares_are_balanced(count):
    paths = site_paths()
    sizes = Counter(share_of(path, count) for path in paths)
    assert set(sizes) == set(range(count))
    mean = len(paths) / count
    assert all(abs(size - mean) < 0.08 * mean for size in sizes.values()), sizes


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_every_file_has_exactly_one_process(count):
    for path in site_paths():
        assert sum(Share(i, count).owns(path) for i in range(count)) == 1


@pytest.mark.parametrize("count", [2, 3, 4])
def test_the_main_process_of_a_fork_owns_no_file(count):
    main = Share.none(count)
    assert not main.writes_any
    assert not any(main.owns(path) for path in site_paths())


def test_a_path_is_the_same_file_however_it_is_spelled():
    for spelling in ("./chapters/oslo/index.html", "/chapters/oslo/index.html"):
        for count in (2, 3, 4):
            assert share_of(spelling, count) == share_of(
                "chapters/oslo/index.html", count
            )


def test_a_writer_without_a_share_writes_everything():
    class Plain:
        pass

    class Shared:
        share = Share(1, 2)

    assert owns(Plain(), "index.html")
    assert owns(Shared(), "index.html") == (share_of("index.html", 2) == 1)


def test_children_not_yet_joined_when_the_join_is_interrupted_are_stopped(monkeypatch):
    """Ctrl-C while the main process waits for the first child: stop() must
    still kill and reap the others, or they write on into a deleted folder."""
    processes = shares.start(3, lambda share: time.sleep(60))
    pids = [child.pid for child in processes._children]

    def interrupted(child):
        raise KeyboardInterrupt

    monkeypatch.setattr(shares, "_collect", interrupted)
    with pytest.raises(KeyboardInterrupt):
        processes.join()
    processes.stop()
    for pid in pids:
        with pytest.raises(ChildProcessError):  # killed and reaped
            os.waitpid(pid, os.WNOHANG)
