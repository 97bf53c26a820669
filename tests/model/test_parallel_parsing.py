"""Item files parsed in worker processes give the same federation and the same report."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from plugins.model import federation as federation_module
from plugins.model.cache import FileCache
from plugins.model.federation import load_federation
from plugins.model.pool import ItemPool, Parsing, usable_jobs
from plugins.model.settings import chapter_settings

TESTS = Path(__file__).resolve().parent.parent
FEDERATION = TESTS / "sites" / "federation"
BAD_INPUT = TESTS / "bad_input"

pytestmark = pytest.mark.skipif(
    usable_jobs(2) == 1, reason="worker processes need fork() on this system"
)


@pytest.fixture(autouse=True)
def every_file_to_the_workers(monkeypatch):
    """Small repositories are parsed in the main process: not these."""
    monkeypatch.setattr(federation_module, "INLINE_FIRST", 0)


def load(root: Path, jobs: int, cache: FileCache | None = None):
    settings = chapter_settings(
        {"PATH": str(root), "CHAPTERS_BUILD_DATE": "2015-01-15"}
    )
    return load_federation(settings, cache, jobs=jobs)


def reported(problems) -> list:
    """The diagnostics, but for how deep too deep a nesting got.

    Python-Markdown gives up on deeply nested quotes where Python's stack
    ends, and a worker process starts with a shallower stack than a test:
    the count in "nested 281 levels deep" depends on the caller, not the file.
    """
    return [
        replace(p, message=re.sub(r"nested \d+ levels", "nested N levels", p.message))
        for p in problems
    ]


def published(federation) -> list[tuple]:
    """Every item with the fields equality skips (its HTML), in order."""
    return [(item, item.html, item.summary_html) for item in federation.items]


# The model only reads: the fixture repositories are loaded where they are.


def test_a_federation_parsed_in_two_processes_equals_one_parsed_in_one(monkeypatch):
    submitted = []
    real_submit = ItemPool.submit

    def submit(self, text, source, *args):
        submitted.append(source)
        return real_submit(self, text, source, *args)

    monkeypatch.setattr(ItemPool, "submit", submit)
    alone, problems_alone = load(FEDERATION, jobs=1)
    assert submitted == []
    shared, problems_shared = load(FEDERATION, jobs=2)
    assert len(submitted) == len(shared.items)  # all parsed by the workers
    assert problems_alone == problems_shared == []
    assert published(shared) == published(alone)
    assert shared.chapters == alone.chapters
    assert shared.static_files == alone.static_files


# Every broken repository of tests/bad_input: bad front matter, Markdown that
# takes too long or nests too deep, links to missing files...
BROKEN = sorted(p.name for p in BAD_INPUT.iterdir() if (p / "chapters").is_dir())


def test_the_broken_repositories_are_found():
    assert len(BROKEN) > 100


@pytest.mark.parametrize("case", BROKEN)
def test_every_problem_is_reported_the_same_from_worker_processes(case):
    alone, problems_alone = load(BAD_INPUT / case, jobs=1)
    shared, problems_shared = load(BAD_INPUT / case, jobs=2)
    assert reported(problems_shared) == reported(problems_alone)
    assert published(shared) == published(alone)


def test_results_parsed_in_workers_fill_the_cache_and_are_served_from_it():
    cache = FileCache()
    first, _ = load(FEDERATION, jobs=2, cache=cache)
    # one entry per item file and per chapter profile, and the verdict on
    # each item's front matter (kept for an edit of its body alone)
    verdicts = {key[1] for key in cache.entries if key[0] == "front matter"}
    assert verdicts == {item.path for item in first.items}
    assert len(cache.entries) == 2 * len(first.items) + len(first.chapters)

    served = FileCache(cache.entries, cache.version)
    # Every file comes from the cache: each entry is used, none is added.
    again, problems = load(FEDERATION, jobs=2, cache=served)
    assert problems == [] and published(again) == published(first)
    assert served.used == set(cache.entries) == set(served.entries)


def test_jobs_is_a_setting_of_whole_numbers():
    assert chapter_settings({"CHAPTERS_JOBS": 3}).jobs == 3
    assert chapter_settings({}).jobs >= 1
    for wrong in (0, "2", True, 2.5):
        with pytest.raises(ValueError, match="CHAPTERS_JOBS"):
            chapter_settings({"CHAPTERS_JOBS": wrong})


def test_a_small_repository_is_parsed_without_worker_processes(monkeypatch):
    monkeypatch.setattr(federation_module, "INLINE_FIRST", 64)
    monkeypatch.setattr(ItemPool, "submit", None)  # would fail if called
    federation, problems = load(FEDERATION, jobs=2)
    assert problems == [] and 0 < len(federation.items) <= 64


def test_the_workers_start_before_the_main_process_parses_its_first_files(
    monkeypatch,
):
    """A cold build's first files are parsed while the workers parse the rest,
    not before the walk has handed them any."""
    monkeypatch.setattr(federation_module, "INLINE_FIRST", 3)
    events: list[str] = []
    parse, submit = federation_module.parse_text, ItemPool.submit

    def parsing_here(text, source, *args):
        events.append("parsed here")
        return parse(text, source, *args)

    def submitting(self, *args):
        events.append("sent to a worker")
        return submit(self, *args)

    monkeypatch.setattr(federation_module, "parse_text", parsing_here)
    monkeypatch.setattr(ItemPool, "submit", submitting)
    federation, problems = load(FEDERATION, jobs=2)
    assert problems == [] and len(federation.items) > 3
    assert events.count("parsed here") == 3
    assert events.index("sent to a worker") < events.index("parsed here")
    serial, _ = load(FEDERATION, jobs=1)
    assert federation.items == serial.items  # the same items, in the same order


def test_files_go_to_the_workers_in_batches_and_come_back_in_order(tmp_path):
    settings = chapter_settings({"PATH": str(tmp_path)})
    texts = [
        f"---\ntitle: Post {n}\ndate: 2015-01-01\n---\nText {n}.\n" for n in range(37)
    ]
    pool = ItemPool(settings, jobs=2)
    try:
        parsing = [
            pool.submit(text, tmp_path / f"{n}.md", f"{n}.md", "oslo", "posts")
            for n, text in enumerate(texts)
        ]
        # two full batches were sent as they filled; the last is sent when asked
        assert len(pool._sent) == len(texts) // ItemPool.BATCH
        titles = [p.result().item.title for p in reversed(parsing)]
    finally:
        pool.close()
    assert titles == [f"Post {n}" for n in reversed(range(37))]


def test_a_file_that_crashes_its_parser_fails_alone_not_its_batch(
    tmp_path, monkeypatch
):
    import plugins.model.pool as pool_module

    real = pool_module.parse_text

    def crashing(text, source, *args):
        if source.name == "3.md":
            raise RuntimeError("the parser broke on 3.md")
        return real(text, source, *args)

    monkeypatch.setattr(pool_module, "parse_text", crashing)  # the workers fork after
    settings = chapter_settings({"PATH": str(tmp_path)})
    pool = ItemPool(settings, jobs=2)
    try:
        parsing = [
            pool.submit(
                f"---\ntitle: Post {n}\ndate: 2015-01-01\n---\nText.\n",
                tmp_path / f"{n}.md",
                f"{n}.md",
                "oslo",
                "posts",
            )
            for n in range(5)
        ]
        with pytest.raises(RuntimeError, match=r"3\.md"):
            parsing[3].result()
        titles = [parsing[n].result().item.title for n in (0, 1, 2, 4)]
    finally:
        pool.close()
    assert titles == ["Post 0", "Post 1", "Post 2", "Post 4"]


def test_a_rebuild_parses_its_few_changed_files_without_worker_processes(
    tmp_path, monkeypatch
):
    # Files found in the cache do not count: only files parsed do.
    root = shutil.copytree(FEDERATION, tmp_path / "site")
    monkeypatch.setattr(federation_module, "INLINE_FIRST", 1)
    cache = FileCache()
    load(root, jobs=2, cache=cache)
    post = sorted((root / "chapters").glob("*/posts/*.md"))[-1]
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n")
    monkeypatch.setattr(ItemPool, "submit", None)  # would fail if called
    again, problems = load(root, jobs=2, cache=FileCache(cache.entries, cache.version))
    assert problems == []
    [edited] = [item for item in again.items if item.source == post]
    assert "One more sentence." in edited.html


def test_meanwhile_runs_once_after_the_walk_has_handed_out_every_file(monkeypatch):
    """The main process's own work while the workers parse (the runner compiles
    the interface's catalogues then): after the last file was sent, before
    the first result is taken in."""
    monkeypatch.setattr(federation_module, "INLINE_FIRST", 3)
    events: list[str] = []
    flush, result = ItemPool.flush, Parsing.result

    def flushing(self):
        if self._queued:  # a batch goes to the workers
            events.append("sent")
        return flush(self)

    def taking(self):
        events.append("taken")
        return result(self)

    monkeypatch.setattr(ItemPool, "flush", flushing)
    monkeypatch.setattr(Parsing, "result", taking)
    settings = chapter_settings(
        {"PATH": str(FEDERATION), "CHAPTERS_BUILD_DATE": "2015-01-15"}
    )
    _, problems = load_federation(
        settings, jobs=2, meanwhile=lambda: events.append("meanwhile")
    )
    assert problems == []
    assert events.count("meanwhile") == 1
    where = events.index("meanwhile")
    assert "sent" in events[:where] and "sent" not in events[where:]
    assert "taken" not in events[:where] and "taken" in events[where:]


@pytest.mark.parametrize("jobs, inline_first", [(1, 0), (2, 10_000)])
def test_meanwhile_is_not_run_where_no_worker_parses(monkeypatch, jobs, inline_first):
    monkeypatch.setattr(federation_module, "INLINE_FIRST", inline_first)
    settings = chapter_settings(
        {"PATH": str(FEDERATION), "CHAPTERS_BUILD_DATE": "2015-01-15"}
    )
    ran = []
    federation, problems = load_federation(
        settings, jobs=jobs, meanwhile=lambda: ran.append(1)
    )
    assert problems == [] and federation.items
    assert ran == []
