"""Tiny site repositories in tmp_path loaded by the content model alone (no Pelican)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from plugins.model.diagnostics import Diagnostic
from plugins.model.federation import Federation, load_federation
from plugins.model.settings import chapter_settings

BUILD_DATE = "2015-01-15"

NORWAY = """
    name: IOPS Norway
    level: national
    country: NO
"""

OSLO = """
    name: IOPS Oslo
    level: local
    parent: norway
    country: NO
"""


class Repo:
    """A site repository (chapters/ and content/) written file by file into a folder."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, files: dict[str, str | bytes]) -> Repo:
        """Write files; text is dedented and stripped of its first newline."""
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return self

    def load(self, build_date: str = BUILD_DATE) -> tuple[Federation, list[Diagnostic]]:
        settings = chapter_settings(
            {"PATH": str(self.root), "CHAPTERS_BUILD_DATE": build_date}
        )
        return load_federation(settings)

    def problems(self) -> list[Diagnostic]:
        return self.load()[1]

    def only_problem(self) -> Diagnostic:
        """The one diagnostic of the repository; fails listing them all otherwise."""
        problems = self.problems()
        assert len(problems) == 1, [p.format() for p in problems]
        return problems[0]

    def valid(self) -> Federation:
        """The federation, after checking that nothing was wrong with it."""
        federation, problems = self.load()
        assert problems == [], [p.format() for p in problems]
        return federation


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """An empty repository with an empty chapters/ folder."""
    (tmp_path / "chapters").mkdir()
    return Repo(tmp_path)


@pytest.fixture
def oslo(repo: Repo) -> Repo:
    """Norway (national) and Oslo (local, under Norway): valid, without items."""
    return repo.write(
        {
            "chapters/norway/chapter.yaml": NORWAY,
            "chapters/oslo/chapter.yaml": OSLO,
        }
    )
