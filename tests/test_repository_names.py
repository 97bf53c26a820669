"""This repository itself checks out on Windows: no name it holds is one
Windows refuses (the check it gives chapter admins, plugins/model/walk.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plugins.model.walk import windows_name_problem

ROOT = Path(__file__).resolve().parent.parent


def tracked_files() -> list[str]:
    found = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"],
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        pytest.skip("not a git checkout")
    return [name for name in found.stdout.decode("utf-8").split("\0") if name]


def test_every_tracked_name_checks_out_on_windows():
    files = tracked_files()
    assert len(files) > 100
    refused = [
        (path, problem)
        for path in files
        for part in path.split("/")
        if (problem := windows_name_problem(part))
    ]
    assert refused == []
