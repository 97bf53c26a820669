"""Which output process writes which file: a pure, stable, balanced function of the path."""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest

from plugins.site import shares
from plugins.site.shares import Share, owns, runs_of, share_of


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


@pytest.mark.parametrize("count", [2, 3, 4])
def test_runs_keep_neighbours_together_in_order(count):
    weights = [1 + (n * 7) % 21 for n in range(95)]  # feeds of 0 to 20 entries
    owners = runs_of(weights, count)
    assert owners == sorted(owners)  # each process one run, in order
    assert set(owners) == set(range(count))


@pytest.mark.parametrize("count", [2, 3, 4])
def test_runs_are_of_about_equal_weight(count):
    weights = [1 + (n * 7) % 21 for n in range(95)]
    owners = runs_of(weights, count)
    totals = Counter()
    for weight, owner in zip(weights, owners, strict=True):
        totals[owner] += weight
    mean = sum(weights) / count
    # off by at most the heaviest task on either side of a boundary
    assert all(abs(total - mean) <= max(weights) for total in totals.values()), totals


def test_a_small_change_of_weight_moves_at_most_the_task_at_a_boundary():
    weights = [1 + (n * 7) % 21 for n in range(95)]
    before = runs_of(weights, 2)
    assert runs_of(weights, 2) == before  # integers only: the same every time
    for changed in (0, 47, 94):
        after = runs_of(
            [*weights[:changed], weights[changed] + 1, *weights[changed + 1 :]], 2
        )
        assert sum(a != b for a, b in zip(after, before, strict=True)) <= 1


def test_one_process_or_no_weight_takes_every_task_in_the_first():
    assert runs_of([4, 2, 9], 1) == [0, 0, 0]
    assert runs_of([0, 0], 3) == [0, 0]
    assert runs_of([], 2) == []


@pytest.mark.parametrize("count", [1, 2, 3])
def test_every_feed_is_written_by_exactly_one_process(count):
    from plugins.feeds.generator import feeds_written_here

    chosen = [(f"feed-{n}", list(range(n % 21))) for n in range(40)]
    written = [
        feed
        for index in range(count)
        for feed, _ in feeds_written_here(chosen, Share(index, count))
    ]
    assert sorted(written) == sorted(feed for feed, _ in chosen)
    assert feeds_written_here(chosen, None) == chosen
    assert feeds_written_here(chosen, Share.none(2)) == []
