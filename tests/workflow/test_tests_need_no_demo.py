"""Adding, editing or removing a chapter of the demo can turn no test red but the smoke test.

Content pull requests skip the test suite (tests.yml); these checks keep the
suite from depending on the demo, so that a code pull request after a
content one does not fail on a count of chapters.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
# The repository's own chapters/ or content/, by any of the names tests use.
DEMO_FOLDER = re.compile(
    r"""(?:ROOT|PROJECT|REPOSITORY|parents\[\d\]|parent\.parent)\s*/\s*["'](?:chapters|content)\b"""
)
# `invoke build` or `invoke check` with the repository's own folders.
COMMAND = re.compile(r'"invoke",\s*(?:"--search-root",\s*[^,]+,\s*)?"(?:build|check)"')


def test_only_the_smoke_test_reads_the_demo():
    readers = sorted(
        path.relative_to(TESTS).as_posix()
        for path in TESTS.rglob("*.py")
        if "sites" not in path.parts and DEMO_FOLDER.search(path.read_text("utf-8"))
    )
    assert readers == ["test_demo_smoke.py"]


def test_every_build_or_check_a_test_runs_names_its_own_folders():
    for path in TESTS.rglob("*.py"):
        if path.name == "test_demo_smoke.py" or "sites" in path.parts:
            continue
        text = path.read_text("utf-8")
        for match in COMMAND.finditer(text):
            call = text[match.start() : text.find(")", match.end())]
            assert '"--chapters"' in call, f"{path.name}: {call}"
