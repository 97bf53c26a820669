"""The repository's own chapters/ and content/ pass `invoke check` and build.

The only tests that read the demo, from one build of it: every other test
builds a fixture of its own (tests/sites/, tests/conftest.py), so a chapter
admin who adds, edits or removes a chapter changes nothing here but the count
of folders.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.calendars.test_meetings_in_calendars import (
    assert_no_empty_calendar_and_no_link_to_one,
)

ROOT = Path(__file__).resolve().parent.parent


def chapter_folders() -> list[str]:
    return sorted(p.name for p in (ROOT / "chapters").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`invoke check build` of the repository, as CI runs them (.ci/run).

    --no-cache: a test leaves the working tree as it found it.
    """
    site = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "check",
            "build",
            "--build-date",
            "2015-01-15",
            "--output",
            str(site),
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result, site


def test_the_repositorys_own_content_checks_and_builds_a_page_per_chapter(demo):
    result, site = demo
    assert result.returncode == 0, result.stdout + result.stderr
    checked = f"ok: {len(chapter_folders())} chapters and "
    assert any(line.startswith(checked) for line in result.stdout.splitlines())
    pages = sorted(p.parent.name for p in (site / "chapters").glob("*/index.html"))
    assert pages == chapter_folders()


def test_demo_calendars_all_parse_hold_a_component_and_none_empty_is_linked(demo):
    result, site = demo
    assert result.returncode == 0, result.stdout + result.stderr
    assert_no_empty_calendar_and_no_link_to_one(site)
