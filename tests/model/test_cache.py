"""The per-file cache serves unchanged files and never a stale verdict."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plugins.model.cache import FileCache
from plugins.model.federation import load_federation
from plugins.model.settings import chapter_settings


def load(repo, cache):
    return load_federation(chapter_settings({"PATH": str(repo.root)}), cache)


def post(title: str) -> str:
    return f'---\ntitle: "{title}"\ndate: "2014-01-01"\n---\nBody\n'


def test_cached_results_equal_fresh_ones_and_follow_edits(oslo, tmp_path):
    oslo.write({"chapters/oslo/posts/a.md": post("First")})
    cache_file = tmp_path / "cache.pickle"
    cache = FileCache()
    first, _ = load(oslo, cache)
    cache.save(cache_file)

    warm = FileCache.load(cache_file)
    again, problems = load(oslo, warm)
    assert problems == [] and again.items == first.items

    path = oslo.root / "chapters/oslo/posts/a.md"
    path.write_text(post("Second"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different stamp even within one clock tick
    edited, _ = load(oslo, warm)
    assert [item.title for item in edited.items] == ["Second"]


def test_links_are_checked_again_even_for_cached_files(oslo, tmp_path):
    oslo.write(
        {
            "chapters/oslo/images/a.png": b"png",
            "chapters/oslo/posts/a.md": post("A") + "![a](../images/a.png)\n",
        }
    )
    cache = FileCache()
    assert load(oslo, cache)[1] == []
    (oslo.root / "chapters/oslo/images/a.png").unlink()
    problems = load(oslo, cache)[1]
    assert [p.message for p in problems] == [
        "link '../images/a.png' points to a file that does not exist"
    ]


def test_a_corrupt_cache_file_is_ignored(oslo, tmp_path):
    broken = tmp_path / "cache.pickle"
    broken.write_bytes(b"not a pickle")
    assert FileCache.load(broken).entries == {}


def test_an_unchanged_profile_is_not_parsed_again(oslo, tmp_path, monkeypatch):
    cache = FileCache()
    first, _ = load(oslo, cache)
    cache_file = tmp_path / "cache.pickle"
    cache.save(cache_file)
    warm = FileCache.load(cache_file)

    def parse_chapter(*args):
        raise AssertionError("a cached profile was parsed again")

    monkeypatch.setattr("plugins.model.chapters.parse_chapter", parse_chapter)
    again, problems = load(oslo, warm)
    assert problems == [] and again.chapters == first.chapters


def test_a_profile_edited_under_its_old_time_is_read_again(oslo, tmp_path):
    cache = FileCache()
    load(oslo, cache)
    path = oslo.root / "chapters/oslo/chapter.yaml"
    stamp = path.stat()
    path.write_text(
        path.read_text(encoding="utf-8").replace("IOPS Oslo", "Oslo Sentrum"),
        encoding="utf-8",
    )
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    edited, _ = load(oslo, cache)
    assert edited.chapters["oslo"].name == "Oslo Sentrum"


def test_a_cached_broken_profile_reports_its_problems_every_build(oslo):
    path = oslo.root / "chapters/oslo/chapter.yaml"
    path.write_text("name: Oslo\nlevel: locall\n", encoding="utf-8")
    cache = FileCache()
    first = load(oslo, cache)[1]
    again = load(oslo, cache)[1]
    assert first and again == first
    assert all(p.path == "chapters/oslo/chapter.yaml" for p in first)


def test_a_profile_is_checked_again_when_the_area_keys_change(oslo, tmp_path):
    path = oslo.root / "chapters/oslo/chapter.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "area: nordics\n", encoding="utf-8"
    )
    cache = FileCache()
    without = load(oslo, cache)[1]
    assert any("nordics" in p.message for p in without)
    settings = chapter_settings(
        {
            "PATH": str(oslo.root),
            "CHAPTERS_AREAS": [
                {"key": "nordics", "name": "Nordics", "countries": ["SE"]}
            ],
        }
    )
    assert load_federation(settings, cache)[1] == []


def test_a_build_served_from_the_cache_never_imports_jsonschema(oslo, tmp_path):
    """The validators are made when they first check a file (plugins/model/schema.py)."""
    oslo.write({"chapters/oslo/posts/a.md": post("A")})
    cache_file = tmp_path / "cache.pickle"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from plugins.model.cache import FileCache
        from plugins.model.federation import load_federation
        from plugins.model.settings import chapter_settings

        file = Path({str(cache_file)!r})
        cache = FileCache.load(file)
        settings = chapter_settings({{"PATH": {str(oslo.root)!r}, "CHAPTERS_JOBS": 1}})
        federation, problems = load_federation(settings, cache)
        assert problems == [] and len(federation.items) == 1, problems
        cache.save(file)
        print("jsonschema" in sys.modules)
        """
    )
    seen = []
    for _ in ("empty cache", "warm cache"):
        run = subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
        )
        seen.append(run.stdout.strip())
    assert seen == ["True", "False"]


def test_an_upgraded_library_starts_an_empty_cache(oslo, tmp_path, monkeypatch):
    oslo.write({"chapters/oslo/posts/a.md": post("First")})
    cache_file = tmp_path / "cache.pickle"
    cache = FileCache()
    load(oslo, cache)
    cache.save(cache_file)
    assert FileCache.load(cache_file).entries  # kept while nothing changes

    site_packages = tmp_path / "site-packages"
    (site_packages / "Markdown-99.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site_packages)])
    # the HTML of every body could differ: none of it is served again
    assert FileCache.load(cache_file).entries == {}


@pytest.mark.parametrize("jobs", [1, 2])  # parsed in the walk, or by workers
def test_an_item_is_cached_under_the_path_its_messages_show(oslo, tmp_path, jobs):
    """Item.path is relative to the folder holding chapters/: another
    chapters folder changes it for content/ items, whose files stay put."""
    content = oslo.root / "content"
    oslo.write({"content/posts/a.md": post("Site news")})
    cache = FileCache()

    def item_paths(chapters: Path, cache: FileCache | None) -> list[str]:
        settings = chapter_settings(
            {"CHAPTERS_PATH": str(chapters), "CHAPTERS_CONTENT_PATH": str(content)}
        )
        federation, _problems = load_federation(settings, cache, jobs=jobs)
        return [item.path for item in federation.items]

    assert item_paths(oslo.root / "chapters", cache) == ["content/posts/a.md"]
    elsewhere = tmp_path / "elsewhere" / "chapters"
    elsewhere.mkdir(parents=True)
    shown = item_paths(elsewhere, cache)
    assert shown != ["content/posts/a.md"]
    assert shown == item_paths(elsewhere, None)  # as read without the cache


def test_the_cache_is_the_same_from_the_checkout_and_from_elsewhere(
    tmp_path, monkeypatch
):
    """Run from its checkout, Python also sees the project's own egg-info;
    the cache must not start empty for that (its code is read file by file)."""
    version = FileCache().version
    checkout = tmp_path / "checkout"
    (checkout / "chapterhouse.egg-info").mkdir(parents=True)
    (checkout / "Chapterhouse-0.2.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(checkout), *sys.path])
    assert FileCache().version == version
