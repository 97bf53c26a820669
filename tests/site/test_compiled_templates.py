"""A process compiles each template once, however many sites it builds.

With the content cache on, compiled templates are kept in the cache folder
(plugins/content/bytecode.py) and in the process's memory, under the same
digest: a second site built by the same process (the test suite, a tool)
takes them from memory; an edited template, or other Jinja options, are
compiled again.
"""

from __future__ import annotations

import io
import shutil
from collections import Counter
from pathlib import Path

import pytest

from plugins.runner import build
from tests.conftest import ROOT, Site, _log_afresh, count_compiles

FILES = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    "chapters/oslo/posts/hello.md": '---\ntitle: Hello\ndate: "2014-06-01"\n---\nFirst words.\n',
}


@pytest.fixture
def theme(tmp_path) -> Path:
    """The theme copied where a test may edit it."""
    copy = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", copy)
    return copy


@pytest.fixture
def compiled(monkeypatch) -> Counter:
    """How often each template is compiled from now on."""
    return count_compiles(monkeypatch)


def build_site(root: Path, theme: Path, **override) -> Path:
    """A new site with the cache on, built in one process: its output."""
    site = Site(root).write(FILES)
    settings = {**site.settings(), "THEME": str(theme), "CHAPTERS_JOBS": 1, **override}
    _log_afresh()
    out = io.StringIO()
    assert build(settings, out=out) == 0, out.getvalue()
    return site.output


def test_a_second_site_takes_every_template_from_the_process(tmp_path, theme, compiled):
    build_site(tmp_path / "first", theme)
    assert compiled["base.html"] == 1
    compiled.clear()
    output = build_site(tmp_path / "second", theme)
    assert compiled == Counter()
    assert (
        "First words." in (output / "chapters/oslo/posts/hello/index.html").read_text()
    )
    # The second site's own cache folder has none: the memory served them.
    assert not list((tmp_path / "second/cache").glob("jinja-*/*"))


def test_an_edited_template_is_compiled_again(tmp_path, theme, compiled):
    build_site(tmp_path / "first", theme)
    base = theme / "templates/base.html"
    base.write_text(
        base.read_text().replace("</body>", "<!-- edited -->\n</body>"),
        encoding="utf-8",
    )
    compiled.clear()
    output = build_site(tmp_path / "second", theme)
    assert compiled == Counter({"base.html": 1})
    assert "<!-- edited -->" in (output / "index.html").read_text()


def test_other_jinja_options_compile_every_template_again(tmp_path, theme, compiled):
    build_site(tmp_path / "first", theme)
    compiled.clear()
    options = {
        "autoescape": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "extensions": ["jinja2.ext.i18n"],
    }
    build_site(tmp_path / "second", theme, JINJA_ENVIRONMENT=options)
    assert compiled["base.html"] == 1
