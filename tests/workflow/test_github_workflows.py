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


def workflow(stem: str) -> dict:
    return load(next(p for p in WORKFLOWS if p.stem == stem))


def jobs_of(stem: str) -> dict:
    return workflow(stem)["jobs"]


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job.get("steps", [])]


def test_there_is_a_workflow_for_each_job_of_the_repository():
    names = {path.stem for path in WORKFLOWS}
    assert names == {
        "pull-request",  # every pull request: check, build, list the changed pages
        "tests",  # the test suite, when code changes
        "preview-comment",  # the one comment on the pull request
        "codeowners",  # CODEOWNERS regenerated on main
        "publish",
        "digest",
    }


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
def test_no_workflow_grants_anything_by_default(path):
    workflow = load(path)
    assert "pull_request_target" not in triggers(workflow)
    # Least privilege by default; a job asks for what it needs.
    assert workflow["permissions"] in ({"contents": "read"}, {})


def writers() -> dict[tuple[str, str], set[str]]:
    """(workflow, job) -> what it may write, for every job that may write anything."""
    found = {}
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            scopes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
            if scopes:
                found[(path.stem, name)] = scopes
    return found


def test_each_job_that_writes_writes_one_thing_and_none_is_triggered_by_a_pull_request():
    assert writers() == {
        ("preview-comment", "comment"): {"pull-requests"},
        ("codeowners", "regenerate"): {"contents"},
        ("digest", "digest"): {"issues"},
        ("publish", "deploy"): {"pages", "id-token"},
    }
    for stem, _ in writers():
        assert not {"pull_request", "pull_request_target"} & triggers(workflow(stem))


def test_pull_request_workflows_cannot_read_secrets_or_write():
    for stem in ("pull-request", "tests"):
        path = next(p for p in WORKFLOWS if p.stem == stem)
        assert "pull_request" in triggers(load(path))
        assert "secrets." not in path.read_text(encoding="utf-8")
        for job in jobs_of(stem).values():
            assert all(
                v in ("read", "none") for v in job.get("permissions", {}).values()
            )
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is False


def test_the_comment_job_runs_on_workflow_run_and_runs_nothing_of_the_pull_request():
    comment = workflow("preview-comment")
    assert triggers(comment) == {"workflow_run"}
    assert comment["on"]["workflow_run"] == {
        "workflows": [workflow("pull-request")["name"]],
        "types": ["completed"],
    }
    # The only workflow triggered by another: workflow_run runs with a token
    # that can write, so it must be the one that reads the artifact as data.
    others = [p.stem for p in WORKFLOWS if "workflow_run" in triggers(load(p))]
    assert others == ["preview-comment"]
    (job,) = comment["jobs"].values()
    assert job["if"] == (
        "github.event.workflow_run.event == 'pull_request' "
        "&& github.event.workflow_run.conclusion != 'cancelled'"
    )
    assert [step for step in job["steps"] if "uses" in step] == []  # no checkout
    script = "\n".join(runs(job))
    for executes in ("invoke", "python", "pip ", "source ", "bash ", "sh ", "eval"):
        assert executes not in script
    assert "${{" not in script  # every value reaches the shell as data, in env


def test_content_checks_build_and_preview_run_on_every_pull_request():
    pull_request = workflow("pull-request")
    assert pull_request["on"] == {"pull_request": None}  # no path filter
    (job,) = pull_request["jobs"].values()
    commands = [" ".join(command.split()) for command in runs(job)]
    assert ".venv/bin/invoke check --format github --base HEAD^1" in commands
    assert (
        '.venv/bin/invoke changes --base HEAD^1 --output "$RUNNER_TEMP/site" '
        '--markdown "$GITHUB_STEP_SUMMARY" '
        '--json "$RUNNER_TEMP/preview/changes.json"'
    ) in commands
    assert not any("invoke test" in command for command in commands)
    checkout = job["steps"][0]
    assert checkout["with"]["fetch-depth"] == 2  # HEAD^1 is the base branch
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {
        "site": "${{ runner.temp }}/site",
        "preview": "${{ runner.temp }}/preview",
    }
    assert job["timeout-minutes"] <= 15


def github_glob(pattern: str) -> re.Pattern:
    """A path filter as GitHub matches it: ``**`` crosses folders, ``*`` does not."""
    regex = ""
    for part in re.split(r"(\*\*|\*)", pattern):
        regex += {"**": ".*", "*": "[^/]*"}.get(part, re.escape(part))
    return re.compile(regex + r"\Z")


def workflow_runs_for(stem: str, event: str, changed: list[str]) -> bool:
    """Whether GitHub starts workflow ``stem`` for ``event`` when ``changed`` changed."""
    on = workflow(stem)["on"]
    if event not in on:
        return False
    filters = on[event] or {}
    if "paths" in filters:
        return any(
            github_glob(p).match(name) for p in filters["paths"] for name in changed
        )
    ignored = filters.get("paths-ignore", [])
    return not all(any(github_glob(p).match(name) for p in ignored) for name in changed)


CONTENT_ONLY = [
    ["chapters/leeds/chapter.yaml", "chapters/leeds/posts/hello.md"],
    ["chapters/leeds/images/first-meeting.jpg"],
    ["content/pages/about.md", "chapters/uk/about.md"],
]
CODE = [
    ["plugins/site/index.py"],
    ["theme/templates/chapter.html"],
    ["tests/workflow/test_github_workflows.py"],
    ["pelicanconf.py"],
    ["publishconf.py"],
    ["tasks.py"],
    ["pyproject.toml"],
    ["chapters/leeds/chapter.yaml", "plugins/model/schemas/chapter.schema.json"],
]


@pytest.mark.parametrize("changed", CONTENT_ONLY, ids=lambda c: c[0])
def test_a_content_only_pull_request_skips_the_test_suite(changed):
    assert workflow_runs_for("pull-request", "pull_request", changed)
    assert not workflow_runs_for("tests", "pull_request", changed)


@pytest.mark.parametrize("changed", CODE, ids=lambda c: c[-1])
def test_a_pull_request_that_changes_code_runs_the_test_suite(changed):
    assert workflow_runs_for("tests", "pull_request", changed)
    (job,) = jobs_of("tests").values()
    assert ".venv/bin/invoke test" in runs(job)


def test_codeowners_is_regenerated_after_a_merge_to_main_only():
    codeowners = workflow("codeowners")
    assert triggers(codeowners) == {"push", "workflow_dispatch"}
    assert codeowners["on"]["push"]["branches"] == ["main"]
    assert workflow_runs_for("codeowners", "push", ["chapters/leeds/chapter.yaml"])
    (job,) = codeowners["jobs"].values()
    assert ".venv/bin/invoke codeowners" in runs(job)
    assert job["steps"][0]["with"]["persist-credentials"] is False
    assert "git add .github/CODEOWNERS" in "\n".join(runs(job))


def test_only_the_deploy_job_may_write_pages_and_is_not_triggered_by_pull_requests():
    publish = workflow("publish")
    assert triggers(publish) == {"push", "schedule", "workflow_dispatch"}
    assert publish["on"]["push"]["branches"] == ["main"]
    assert (
        "schedule" in publish["on"]
    )  # weekly rebuild: staleness advances without commits


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


def test_zizmor_finds_nothing_to_fix_in_the_workflows():
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.exists():
        pytest.skip("zizmor is not installed: pip install -e '.[test]'")
    result = subprocess.run(
        [str(zizmor), "--offline", "--persona=pedantic", str(WORKFLOWS[0].parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
