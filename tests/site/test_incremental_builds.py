"""A build that reuses the cache equals a clean build, byte for byte, after any change."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from plugins.runner import build, read_site_settings
from tests.site.test_atomic_and_reproducible import tree_digest

ROOT = Path(__file__).resolve().parents[2]
SITE = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    "chapters/bergen/chapter.yaml": (
        'name: IOPS Bergen\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    "chapters/oslo/posts/hello.md": (
        '---\ntitle: Hello\ndate: "2014-10-01"\n---\nFirst words.\n\n'
        '<iframe src="https://video.example/embed/1" title="Talk"></iframe>\n'
    ),
    "chapters/oslo/posts/second.md": (
        '---\ntitle: Second\ndate: "2014-11-01"\n---\nMore words.\n'
    ),
    "chapters/bergen/posts/joint.md": (
        '---\ntitle: Joint\ndate: "2014-12-01"\nchapters: [oslo]\n---\nTogether.\n'
    ),
}


def digest(folder: Path) -> dict[str, str]:
    """Every file's SHA-256 but the search index's (see tree_digest)."""
    return tree_digest(folder)


class Repo:
    def __init__(self, root: Path):
        self.root = root
        for name, text in SITE.items():
            self.write(name, text)
        self.theme = root / "theme"
        shutil.copytree(ROOT / "theme", self.theme)

    def write(self, name: str, text: str) -> Path:
        path = self.root / "repo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, output: str, *, cache: bool, **override) -> Path:
        settings = read_site_settings(
            ROOT / "pelicanconf.py",
            chapters=self.root / "repo/chapters",
            content=self.root / "repo/content",
            output=self.root / output,
            build_date="2015-01-15",
        )
        settings = {
            **settings,
            "THEME": str(self.theme),
            "CHAPTERS_CACHE": cache,
            **override,
        }
        out = io.StringIO()
        assert build(settings, out=out) == 0, out.getvalue()
        return self.root / output

    def assert_cached_equals_clean(self, **override) -> None:
        cached = self.build("cached", cache=True, **override)
        clean = self.build(
            f"clean-{len(os.listdir(self.root))}", cache=False, **override
        )
        assert digest(cached) == digest(clean)


@pytest.fixture
def repo(tmp_path):
    repo = Repo(tmp_path)
    repo.build("cached", cache=True)  # fills the cache
    return repo


def test_an_edit_that_keeps_the_old_modification_time_is_published(repo):
    path = repo.root / "repo/chapters/oslo/posts/hello.md"
    before = path.stat()
    path.write_text(path.read_text().replace("First words.", "Other words."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p does
    repo.assert_cached_equals_clean()
    page = repo.root / "cached/chapters/oslo/posts/hello/index.html"
    assert "Other words." in page.read_text()


def test_a_settings_change_reaches_cached_items(repo):
    override = {"CHAPTERS_IFRAME_HOSTS": ["video.example"]}
    repo.assert_cached_equals_clean(**override)
    page = repo.root / "cached/chapters/oslo/posts/hello/index.html"
    assert 'src="https://video.example/embed/1"' in page.read_text()


def test_a_markdown_settings_change_reaches_cached_items(repo):
    settings = read_site_settings(ROOT / "pelicanconf.py")
    markdown = {**settings["MARKDOWN"], "output_format": "xhtml"}
    repo.write(
        "chapters/oslo/posts/second.md",
        '---\ntitle: Second\ndate: "2014-11-01"\n---\nA<br>B\n',
    )
    repo.build("cached", cache=True)
    repo.assert_cached_equals_clean(MARKDOWN=markdown)


def test_a_template_change_is_published(repo):
    base = repo.theme / "templates/base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the text"))
    repo.assert_cached_equals_clean()
    assert "Skip to the text" in (repo.root / "cached/index.html").read_text()


def test_a_renamed_chapter_is_published_under_its_new_name(repo):
    (repo.root / "repo/chapters/bergen").rename(repo.root / "repo/chapters/vestland")
    repo.assert_cached_equals_clean()
    assert (repo.root / "cached/chapters/vestland/posts/joint/index.html").is_file()
    assert not (repo.root / "cached/chapters/bergen").exists()


def test_a_deleted_post_disappears(repo):
    (repo.root / "repo/chapters/oslo/posts/second.md").unlink()
    repo.assert_cached_equals_clean()
    assert not (repo.root / "cached/chapters/oslo/posts/second").exists()
    assert "Second" not in (repo.root / "cached/chapters/oslo/atom.xml").read_text()


def test_files_that_did_not_change_keep_their_modification_time(repo):
    site = repo.root / "cached"
    unchanged = site / "chapters/bergen/posts/joint/index.html"
    changed = site / "chapters/oslo/posts/hello/index.html"
    long_ago = 1_000_000_000
    for page in (unchanged, changed):
        os.utime(page, (long_ago, long_ago))
    path = repo.root / "repo/chapters/oslo/posts/hello.md"
    path.write_text(path.read_text().replace("First words.", "New words."))
    repo.build("cached", cache=True)
    assert unchanged.stat().st_mtime == long_ago
    assert changed.stat().st_mtime != long_ago


def test_the_cache_holds_each_file_once_and_no_federation(repo, tmp_path):
    cache = tmp_path / "repo/cache/chapterhouse-model.pickle"
    sources = sum(p.stat().st_size for p in (tmp_path / "repo/chapters").rglob("*.md"))
    # Parsed front matter and the rendered body of three posts: a few KB, not
    # the whole federation once per item.
    assert cache.stat().st_size < 20 * sources + 20_000
    (repo.root / "repo/chapters/oslo/posts/second.md").unlink()
    before = cache.stat().st_size
    repo.build("cached", cache=True)
    assert cache.stat().st_size < before  # the deleted file's entry is gone


def compiled_templates(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    import jinja2

    names: list[str] = []
    compile = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_cached_rebuild_compiles_no_template(repo, monkeypatch):
    compiled = compiled_templates(monkeypatch)
    repo.build("cached", cache=True)
    assert compiled == []
    base = repo.theme / "templates/base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the text"))
    repo.build("cached", cache=True)
    assert "base.html" in compiled  # an edited template is compiled again
    assert "Skip to the text" in (repo.root / "cached/index.html").read_text()


def test_a_build_without_the_cache_compiles_every_template(repo, monkeypatch):
    compiled = compiled_templates(monkeypatch)
    repo.build("clean", cache=False)
    assert "base.html" in compiled
