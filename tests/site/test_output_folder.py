"""A build replaces its whole output folder, so it refuses one that holds anything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.output import output_problem
from tests.conftest import Site

OSLO = 'name: IOPS Oslo\nlevel: local\ncountry: "NO"\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for folder in ("chapters/oslo", "content/pages", "theme"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "chapters/oslo/chapter.yaml").write_text(OSLO, encoding="utf-8")
    (tmp_path / "theme/base.html").write_text("<html>", encoding="utf-8")
    return tmp_path


def problem(repo: Path, output: str) -> str | None:
    return output_problem(repo / output, repo, (repo / "chapters", repo / "content"))


@pytest.mark.parametrize(
    ("output", "words"),
    [
        (".", "is"),  # the repository, with its history
        ("..", "holds"),
        ("content", "is"),
        ("chapters", "is"),
        ("chapters/oslo", "is inside"),
        ("content/site", "is inside"),
        ("theme", "holds files but no site"),  # another folder of the repository
    ],
)
def test_a_folder_of_the_repository_is_refused_as_the_output(repo, output, words):
    assert words in (problem(repo, output) or "")


@pytest.mark.parametrize("output", ["output", "new/site", "empty"])
def test_a_new_or_empty_folder_or_a_built_site_may_take_the_site(repo, output):
    (repo / "empty").mkdir()
    (repo / "built").mkdir()
    (repo / "built/index.html").write_text("<html>", encoding="utf-8")
    assert problem(repo, output) is None
    assert problem(repo, "built") is None


def test_a_refused_output_leaves_every_source_where_it_was(tmp_path):
    site = Site(tmp_path)
    site.write({"chapters/oslo/chapter.yaml": OSLO})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, out = site.build(output=tmp_path / "chapters")
    assert code == 1
    assert out.startswith("build stopped: the output folder "), out
    assert "nothing was changed" in out
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
