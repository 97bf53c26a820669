"""The search index of a rebuild written into the last build's spare site.

What the old site leaves there (a deleted post's page, the old index) never
reaches the new index; the site equals a clean build's; a failed rebuild
publishes nothing. Also what Pagefind is told to read (``pages_glob``): the
same pages as without the glob. And the figures a build reports of Pagefind.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from plugins import output as publishing
from plugins.runner import build
from plugins.search import indexer
from plugins.search.indexer import BUNDLE, IndexingError, pages_glob
from tests.conftest import NORWAY_REPOSITORY, Site, built_site, federation_copy
from tests.site.test_atomic_and_reproducible import tree_digest

SPARE = ".output.spare"
DELETED = "chapters/oslo/posts/second-meeting/"
PREFIX = b"pagefind_dcd"  # what Pagefind puts before the JSON of a fragment

REPOSITORY = {
    **NORWAY_REPOSITORY,
    "chapters/oslo/posts/second-meeting.md": """
        ---
        title: Andre møte
        date: "2014-10-15"
        ---
        Vi snakket om **sykkelveier**.
    """,
}


def fragments(output: Path) -> dict[str, dict]:
    """Every fragment file of the index, decoded, by file name."""
    found = {}
    for path in (output / BUNDLE / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(PREFIX)
        found[path.name] = json.loads(data[len(PREFIX) :])
    return found


def fragment_urls(output: Path) -> list[str]:
    """The URL of every page in the index, read from its fragment file."""
    return sorted(fragment["url"] for fragment in fragments(output).values())


def marked_urls(output: Path) -> list[str]:
    """The URL of every page that marks its text for the index."""
    return sorted(
        "/" + p.relative_to(output).as_posix().removesuffix("index.html")
        for p in output.rglob("*.html")
        if BUNDLE not in p.relative_to(output).parts
        and b"data-pagefind-body" in p.read_bytes()
    )


def bundle_shape(output: Path) -> dict[str, int]:
    """How many files each folder of the index has."""
    folders = (
        BUNDLE,
        *(f"{BUNDLE}/{name}" for name in ("fragment", "index", "filter")),
    )
    return {
        folder: sum(1 for p in (output / folder).iterdir() if p.is_file())
        for folder in folders
    }


def beside(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith("."))


def clean_build(site: Site, output: Path) -> None:
    """A build without the content cache into a new folder."""
    settings = site.settings(output=output)
    settings["CHAPTERS_CACHE"] = False
    settings["CACHE_PATH"] = os.devnull
    out = io.StringIO()
    assert build(settings, out=out) == 0, out.getvalue()


@pytest.fixture
def rebuilt(tmp_path):
    """The repository built twice (so the spare site holds an index), then its
    second post deleted."""
    site = built_site(tmp_path, REPOSITORY)
    assert site.build()[0] == 0
    assert (tmp_path / SPARE / BUNDLE / "pagefind-entry.json").is_file()
    (site.root / "chapters/oslo/posts/second-meeting.md").unlink()
    return site


def test_a_deleted_post_leaves_the_output_and_the_index(rebuilt, tmp_path):
    assert f"/{DELETED}" in fragment_urls(rebuilt.output)
    assert f"/{DELETED}" in fragment_urls(tmp_path / SPARE)
    assert words_of_the_deleted_post(tmp_path / SPARE)
    code, out = rebuilt.build()
    assert code == 0, out
    assert not (rebuilt.output / DELETED).exists()
    assert f"/{DELETED}" not in fragment_urls(rebuilt.output)
    assert fragment_urls(rebuilt.output) == marked_urls(rebuilt.output)
    assert not words_of_the_deleted_post(rebuilt.output)
    assert DELETED not in (rebuilt.output / "sitemap.xml").read_text("utf-8")


def words_of_the_deleted_post(output: Path) -> list[str]:
    """The files of the index that hold the deleted post's own word."""
    return [
        path.name
        for path in (output / BUNDLE).rglob("*.pf_*")
        if b"sykkelvei" in gzip.decompress(path.read_bytes())
    ]


def test_a_cached_rebuild_into_the_spare_site_equals_a_clean_build(rebuilt, tmp_path):
    assert rebuilt.build()[0] == 0  # cached, into the spare site
    clean_build(rebuilt, tmp_path / "clean")
    assert tree_digest(rebuilt.output) == tree_digest(tmp_path / "clean")
    assert fragments(rebuilt.output) == fragments(tmp_path / "clean")
    # Pagefind names filter files by a hash of an unordered map: only counted
    assert bundle_shape(rebuilt.output) == bundle_shape(tmp_path / "clean")


def test_the_old_index_is_never_reused_even_under_a_name_the_new_one_uses(
    rebuilt, tmp_path
):
    # Pagefind keeps a hashed file it finds already there; its names are 28
    # bits of a hash. A file of the old index with a name the new index uses
    # but other bytes must not reach the published site, nor a stray one.
    old = tmp_path / SPARE / BUNDLE
    name = sorted(fragments(tmp_path / SPARE))[0]
    (old / "fragment" / name).write_bytes(gzip.compress(PREFIX + b'{"url":"/x/"}'))
    (old / "fragment" / "en_stale00.pf_fragment").write_bytes(b"stale")
    assert rebuilt.build()[0] == 0
    written = fragments(rebuilt.output)
    assert "en_stale00.pf_fragment" not in written
    assert "/x/" not in fragment_urls(rebuilt.output)
    clean_build(rebuilt, tmp_path / "clean")
    assert written == fragments(tmp_path / "clean")
    assert beside(rebuilt.output) == [".output.spare"]  # the old index is deleted


def test_a_failed_rebuild_keeps_the_published_site_and_index_byte_for_byte(
    rebuilt, monkeypatch
):
    def everything(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    before = everything(rebuilt.output)

    def fail(*args, **kwargs):
        raise IndexingError("Pagefind failed: disk on fire")

    monkeypatch.setattr("plugins.search.generator.index_site", fail)
    code, out = rebuilt.build()
    assert code == 1
    assert "nothing was published" in out
    assert everything(rebuilt.output) == before
    assert beside(rebuilt.output) == []  # the spare was this build's staging folder
    monkeypatch.undo()
    assert rebuilt.build()[0] == 0  # the next build starts in an empty folder
    assert f"/{DELETED}" not in fragment_urls(rebuilt.output)


def test_a_rebuild_reports_pagefinds_own_figures(rebuilt, caplog):
    with caplog.at_level(logging.INFO, logger="plugins.search.generator"):
        assert rebuilt.build()[0] == 0
    (stats,) = [r.search_index for r in caplog.records if hasattr(r, "search_index")]
    assert stats.pages == len(marked_urls(rebuilt.output))
    assert stats.files == sum(
        1 for p in (rebuilt.output / BUNDLE).rglob("*") if p.is_file()
    )
    assert stats.seconds > 0 and stats.cpu_seconds > 0 and stats.peak_kb > 1000
    (message,) = [r.getMessage() for r in caplog.records if hasattr(r, "search_index")]
    assert message.startswith(f"Search index: {stats.pages} pages, ")
    assert "Pagefind's CPU time" in message


def test_leftovers_go_before_any_plugin_reads_the_folder(rebuilt):
    from pelican.plugins import signals

    from plugins.runner import drop_leftovers

    receivers = list(signals.finalized.receivers_for(object()))
    assert receivers[0] is drop_leftovers  # the sitemap, the index come after


def test_a_folder_with_nothing_written_goes_aside_whole_as_a_leftover(tmp_path):
    output = tmp_path / "output"
    files = {
        "pagefind/fragment/a.pf_fragment": b"old index",
        "pagefind/pagefind.js": b"old index",
        "chapters/gone/posts/old/index.html": b"deleted chapter",
        "chapters/gone/index.html": b"deleted chapter",
        "chapters/oslo/index.html": b"old",
        "chapters/oslo/posts/old/index.html": b"deleted post",
    }
    for name, data in files.items():
        (tmp_path / SPARE / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / SPARE / name).write_bytes(data)
    staging = publishing.reused_staging(output)
    (staging / "chapters/oslo/index.html").write_bytes(b"new")
    aside = publishing.aside_folder(staging)
    assert publishing.leftovers(output) == sorted([staging, aside])
    assert publishing.drop_unwritten(staging, aside) == 5
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")) == [
        "chapters",
        "chapters/oslo",
        "chapters/oslo/index.html",
    ]
    moved = sorted(  # each folder moved under a number of its own
        p.relative_to(aside).as_posix().split("/", 1)[1] for p in aside.rglob("*.*")
    )
    assert moved == [
        "fragment/a.pf_fragment",
        "index.html",
        "old/index.html",
        "pagefind.js",
        "posts/old/index.html",
    ]
    publishing.remove_meanwhile(aside).join()
    assert publishing.leftovers(output) == [staging]


# pages_glob: Pagefind reads the indexed pages' files, not every HTML file.


def test_the_glob_indexes_the_same_pages_as_reading_every_file(tmp_path, monkeypatch):
    site = federation_copy(tmp_path / "federation")
    every_file = tmp_path / "every-file"
    seen = {}
    real = indexer.index_site

    def both(folder: Path, language: str, pages=None):
        shutil.copytree(folder, every_file)
        seen["without"] = real(every_file, language)
        seen["glob"] = pages_glob(pages)
        return real(folder, language, pages=pages)

    monkeypatch.setattr("plugins.search.generator.index_site", both)
    code, out = site.build()
    assert code == 0, out
    assert seen["glob"] and "*" in seen["glob"]
    assert len(seen["glob"]) < 2000
    html = sum(1 for p in site.output.rglob("*.html") if BUNDLE not in p.parts)
    assert len(marked_urls(site.output)) < html  # there were pages to leave out
    assert fragments(site.output) == fragments(every_file)
    assert fragment_urls(site.output) == marked_urls(site.output)


def matches(glob: str, path: str) -> bool:
    """Pagefind's glob as this module writes it: alternatives of "/"-separated
    segments, each a name or "*" (which does not cross a "/")."""
    patterns = glob[1:-1].split(",") if glob.startswith("{") else [glob]
    parts = path.split("/")
    return any(
        len(pattern.split("/")) == len(parts)
        and all(
            p in ("*", part) for p, part in zip(pattern.split("/"), parts, strict=True)
        )
        for pattern in patterns
    )


def test_the_glob_matches_every_indexed_page_and_not_the_listings():
    chapters = [f"chapters/c{n}/" for n in range(10)]
    items = [f"chapters/c{n}/{kind}/i{n}/" for n in range(10) for kind in ("posts",)]
    items += ["chapters/c1/events/party/", "chapters/c1/posts/i1/en/", "pages/about/"]
    pages = [*chapters, *items, "areas/north/", "areas/south/"]
    glob = pages_glob(pages)
    assert glob == (
        "{areas/north/index.html,areas/south/index.html,chapters/*/events/*/index.html,"
        "chapters/*/index.html,chapters/*/posts/*/index.html,"
        "chapters/c1/posts/i1/en/index.html,pages/about/index.html}"
    )
    for url in pages:
        assert matches(glob, f"{url}index.html"), url
    for listing in ("chapters/c1/posts/index.html", "chapters/c1/page/2/index.html"):
        assert not matches(glob, listing), listing
    assert not matches(glob, "index.html") and not matches(glob, "search/index.html")


def test_a_name_a_glob_would_read_otherwise_becomes_a_star():
    assert pages_glob(["chapters/a{b}/"]) == "chapters/*/index.html"
    assert pages_glob(["pages/ørsta/"]) == "pages/*/index.html"
    assert pages_glob([]) is None


def test_a_page_at_the_top_of_the_site_is_matched_by_its_own_name():
    glob = pages_glob(["", "pages/about/"])
    assert matches(glob, "index.html") and matches(glob, "pages/about/index.html")
    assert not matches(glob, "index.html/index.html")


def test_pagefind_interrupted_while_the_build_waits_is_killed(tmp_path, monkeypatch):
    """Ctrl-C while Pagefind runs: it must not write on into the staging folder
    that the runner deletes."""
    waited = []

    def interrupted(pid):
        waited.append(pid)
        raise KeyboardInterrupt

    monkeypatch.setattr(indexer, "_wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        indexer._run_pagefind(tmp_path, "en", None)
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(waited[0], os.WNOHANG)
