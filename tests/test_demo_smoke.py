"""The repository's own chapters/ and content/ pass `invoke check` and build.

The only tests that read the demo: every other test builds a fixture of its
own (tests/sites/, tests/conftest.py), so a chapter admin who adds, edits or
removes a chapter changes nothing here but the count of folders.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from plugins.model.settings import chapter_settings

ROOT = Path(__file__).resolve().parent.parent


def chapter_folders() -> list[str]:
    return sorted(p.name for p in (ROOT / "chapters").iterdir() if p.is_dir())


def test_the_repositorys_own_content_checks_and_builds_a_page_per_chapter(tmp_path):
    site = tmp_path / "site"
    # As CI runs them (.ci/run): check for today, build for the demo's date.
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
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"ok: {len(chapter_folders())} chapters and ")
    pages = sorted(p.parent.name for p in (site / "chapters").glob("*/index.html"))
    assert pages == chapter_folders()


def test_codeowners_of_the_demo_is_up_to_date():
    from plugins.runner import codeowners_file, read_site_settings

    settings = read_site_settings(ROOT / "pelicanconf.py")
    path, expected = codeowners_file(chapter_settings(settings), settings)
    assert path.read_text(encoding="utf-8") == expected, "run `invoke codeowners`"
