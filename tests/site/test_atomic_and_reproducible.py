"""A failed build publishes nothing; the same input and date give the same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Pagefind writes its filter and metadata indexes from hash maps in arbitrary
# order (Pagefind issue #638), so the search index under /pagefind/ differs
# between two builds of the same site, though it finds the same pages
# (docs/search.md). Everything else is compared byte for byte.
NOT_BYTE_IDENTICAL = ("pagefind/",)


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` but the search index, by relative path."""
    return {
        path: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not (path := p.relative_to(root).as_posix()).startswith(NOT_BYTE_IDENTICAL)
    }


def test_failed_build_keeps_previous_output_byte_for_byte(norway):
    assert norway.build()[0] == 0
    before = tree_digest(norway.output)
    norway.write(
        {"chapters/oslo/chapter.yaml": "name: Oslo\nlevel: city\ncountry: NO\n"}
    )
    code, out = norway.build()
    assert code == 1
    assert (
        "chapters/oslo/chapter.yaml:2:8: 'level' must be one of local, regional, national"
        in out
    )
    assert "nothing was published" in out
    assert tree_digest(norway.output) == before
    leftovers = [p.name for p in norway.root.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_failed_first_build_creates_no_output(norway):
    norway.write({"chapters/oslo/posts/bad.md": "---\ntitle: No date\n---\nBody\n"})
    code, out = norway.build()
    assert code == 1
    assert "chapters/oslo/posts/bad.md" in out
    assert not norway.output.exists()


def test_successful_rebuild_replaces_output_and_drops_removed_pages(norway):
    norway.build()
    (norway.root / "chapters/oslo/posts/first-meeting.md").unlink()
    assert norway.build()[0] == 0
    assert not (norway.output / "chapters/oslo/posts/first-meeting").exists()


def test_two_builds_with_the_same_date_are_byte_identical(built_norway, tmp_path):
    first, second = built_norway.output, tmp_path / "two"
    assert built_norway.build(output=second)[0] == 0
    assert tree_digest(first) == tree_digest(second)
    assert "chapters/oslo/posts/first-meeting/index.html" in tree_digest(first)


def test_build_date_changes_the_site(built_norway, tmp_path):
    first, second = built_norway.output, tmp_path / "two"  # built for 2015-01-15
    built_norway.build(build_date="2015-01-16", output=second)
    assert tree_digest(first) != tree_digest(second)
