"""The search index of a rebuild: written into the last build's spare site, it
reuses the old index's files and keeps none of what the new one does not use.

Also what Pagefind is told to read (``pages_glob``) and the figures a build
reports of it, for the bench.
"""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest

from plugins.search import indexer
from plugins.search.indexer import BUNDLE, IndexingError, pages_glob
from tests.conftest import NORWAY_REPOSITORY, Site, built_site
from tests.site.test_atomic_and_reproducible import tree_digest

SPARE = ".output.spare"
DELETED = "chapters/oslo/posts/second-meeting/"

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


def fragment_urls(output: Path) -> list[str]:
    """The URL of every page in the index, read from its fragment file."""
    found = []
    for path in (output / BUNDLE / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return sorted(found)


def marked_urls(output: Path) -> list[str]:
    """The URL of every page that marks its text for the index."""
    return sorted(
        "/" + p.relative_to(output).as_posix().removesuffix("index.html")
        for p in output.rglob("*.html")
        if BUNDLE not in p.relative_to(output).parts
        and b"data-pagefind-body" in p.read_bytes()
    )


def bundle_shape(output: Path) -> dict[str, int]:
    """How many files of each folder the index has (their names vary by build)."""
    bundle = output / BUNDLE
    return {
        folder: len(list((bundle / folder).iterdir()))
        for folder in ("fragment", "index", "filter")
    } | {"metadata": len(list(bundle.glob("*.pf_meta")))}


@pytest.fixture
def rebuilt(tmp_path):
    """The repository built twice (so the spare site holds an index), then its
    second post deleted."""
    site = built_site(tmp_path, REPOSITORY)
    assert site.build()[0] == 0
    assert (tmp_path / SPARE / BUNDLE / "pagefind-entry.json").is_file()
    (site.root / "chapters/oslo/posts/second-meeting.md").unlink()
    return site


def test_a_deleted_posts_page_leaves_the_output_and_the_index(rebuilt, tmp_path):
    assert f"/{DELETED}" in fragment_urls(rebuilt.output)
    code, out = rebuilt.build()
    assert code == 0, out
    assert not (rebuilt.output / DELETED).exists()
    assert f"/{DELETED}" not in fragment_urls(rebuilt.output)
    assert fragment_urls(rebuilt.output) == marked_urls(rebuilt.output)
    clean = Site(rebuilt.root, tmp_path / "clean")
    assert clean.build()[0] == 0
    assert tree_digest(rebuilt.output) == tree_digest(clean.output)
    assert bundle_shape(rebuilt.output) == bundle_shape(clean.output)
    assert fragment_urls(rebuilt.output) == fragment_urls(clean.output)


def test_a_rebuild_reuses_the_old_index_files_and_counts_them(rebuilt, caplog):
    with caplog.at_level(logging.INFO, logger="plugins.search.generator"):
        assert rebuilt.build()[0] == 0
    (stats,) = [r.search_index for r in caplog.records if hasattr(r, "search_index")]
    assert stats.reused > 0  # the fragments of the pages that did not change
    assert stats.pages == len(marked_urls(rebuilt.output))
    assert stats.seconds > 0 and stats.cpu_seconds > 0 and stats.peak_kb > 1000
    for path in (rebuilt.output / BUNDLE).rglob("*"):
        assert path.stat().st_mtime > 86400, path  # none left marked unwritten


def test_an_index_this_code_cannot_read_is_made_again_from_nothing(
    rebuilt, monkeypatch
):
    monkeypatch.setattr(indexer, "_INDEX_PREFIX", b"another format")
    code, out = rebuilt.build()
    assert code == 0, out
    assert fragment_urls(rebuilt.output) == marked_urls(rebuilt.output)
    assert bundle_shape(rebuilt.output)["metadata"] == 1


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
    assert not (rebuilt.root / SPARE).exists()  # it was this build's staging folder


# pages_glob: Pagefind reads the indexed pages' files, not every HTML file.


def matches(glob: str, path: str) -> bool:
    """Pagefind's glob as this module writes it: alternatives of "/"-separated
    segments, each a name or "*" (which does not cross a "/")."""
    patterns = glob[1:-1].split(",") if glob.startswith("{") else [glob]
    parts = path.split("/")
    return any(
        len(pattern.split("/")) == len(parts)
        and all(p in ("*", part) for p, part in zip(pattern.split("/"), parts))
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
