"""Byte-identical builds whatever the hash seed, time zone, locale or file creation order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FEDERATION_SITE, federation_copy
from tests.site.test_atomic_and_reproducible import tree_digest

ROOT = Path(__file__).resolve().parents[2]


def build_with_invoke(chapters: Path, content: Path, output: Path, **env: str) -> None:
    environment = {**os.environ, **env}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "build",
            "--build-date",
            "2015-01-15",
            "--chapters",
            str(chapters),
            "--content",
            str(content),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def copy_in_reverse_order(source: Path, target: Path) -> None:
    """The same files, created in the opposite order (so directory order differs)."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), reverse=True)
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def test_a_federation_builds_identically_under_different_seeds_zones_locales_and_file_order(
    tmp_path,
):
    first, second = tmp_path / "first", tmp_path / "second"
    one = federation_copy(tmp_path / "one")
    build_with_invoke(
        one.root / "chapters",
        one.root / "content",
        first,
        PYTHONHASHSEED="1",
        TZ="Pacific/Auckland",
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
    )
    repo = tmp_path / "repo"
    copy_in_reverse_order(FEDERATION_SITE / "chapters", repo / "chapters")
    copy_in_reverse_order(FEDERATION_SITE / "content", repo / "content")
    build_with_invoke(
        repo / "chapters",
        repo / "content",
        second,
        PYTHONHASHSEED="4242",
        TZ="America/Denver",
        LC_ALL="C",
        LANG="C",
    )
    one, two = tree_digest(first), tree_digest(second)
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []
    assert len(one) > 100
