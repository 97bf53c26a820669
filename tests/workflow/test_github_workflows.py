"""The GitHub Actions workflows are valid and safe for pull requests from forks.

actionlint cannot be installed here (its package downloads a binary at install
time), so the structure is checked against the GitHub workflow JSON Schema that
check-jsonschema ships, and the security rules are checked below.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.model.yamlload import load_yaml

WORKFLOWS = sorted(
    (Path(__file__).resolve().parents[2] / ".github" / "workflows").glob("*.yml")
)


def load(path: Path) -> dict:
    # Our strict loader keeps the key `on` as text (YAML 1.1 would make it True).
    located, problems = load_yaml(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    return located.data


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def test_there_are_pull_request_publish_and_digest_workflows():
    names = {path.stem for path in WORKFLOWS}
    assert names == {"pull-request", "publish", "digest"}


def test_every_workflow_matches_the_github_workflow_schema():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_never_runs_pull_request_code_with_privileges(path):
    workflow = load(path)
    assert "pull_request_target" not in triggers(workflow)
    assert "workflow_run" not in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}  # least privilege by default


def test_pull_request_jobs_cannot_read_secrets_or_write():
    workflow = load(next(p for p in WORKFLOWS if p.stem == "pull-request"))
    assert triggers(workflow) == {"pull_request"}
    text = next(p for p in WORKFLOWS if p.stem == "pull-request").read_text(
        encoding="utf-8"
    )
    assert "secrets." not in text
    for job in workflow["jobs"].values():
        assert "permissions" not in job or all(
            v in ("read", "none") for v in job["permissions"].values()
        )
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_annotates_check_errors_and_runs_the_tests():
    workflow = load(next(p for p in WORKFLOWS if p.stem == "pull-request"))
    commands = [
        step.get("run", "")
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]
    assert ".venv/bin/invoke check --format github" in commands
    assert ".venv/bin/invoke test" in commands


def test_only_the_deploy_job_may_write_pages_and_is_not_triggered_by_pull_requests():
    workflow = load(next(p for p in WORKFLOWS if p.stem == "publish"))
    assert triggers(workflow) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert (
        "schedule" in workflow["on"]
    )  # weekly rebuild: staleness advances without commits
    writers = {
        name
        for name, job in workflow["jobs"].items()
        if "write" in job.get("permissions", {}).values()
    }
    assert writers == {"deploy"}


# `uses: owner/repo[/path]@<full commit SHA> # v1.2.3`: a tag can be moved to
# other code after review, a commit cannot.
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)"
    r"@(?P<sha>[0-9a-f]{40})\s+#\s+(?P<version>v\d+(?:\.\d+){0,2})\s*$"
)


def uses_of(workflow: dict) -> list[str]:
    return [
        step["uses"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    ] + [job["uses"] for job in workflow["jobs"].values() if "uses" in job]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_named(path):
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(?:-\s+)?uses:", line)
    ]
    assert len(lines) == len(uses_of(load(path)))  # every `uses` is on its own line
    assert lines
    for line in lines:
        assert PINNED.match(line), f"not pinned by commit SHA with a version: {line}"


def test_each_action_is_pinned_to_one_commit_and_version_everywhere():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match["action"], set()).add(
                    (match["sha"], match["version"])
                )
    assert {action: len(found) for action, found in pins.items()} == dict.fromkeys(
        pins, 1
    )
