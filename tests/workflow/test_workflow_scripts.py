"""The shell steps of the comment and digest workflows, run against a stand-in for `gh`.

The stand-in records every call and answers from a table, so these tests show
what the workflows would post, edit and close on GitHub.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workflow.test_github_workflows import jobs_of

FAKE_GH = """\
import json, os, sys
args = sys.argv[1:]
call = {"args": args}
for arg in args:
    if arg.startswith("body=@"):
        call["body"] = open(arg[len("body=@"):], encoding="utf-8").read()
for i, arg in enumerate(args):
    if arg in ("--body-file",):
        call["body"] = open(args[i + 1], encoding="utf-8").read()
with open(os.environ["GH_CALLS"], "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
answers = json.loads(os.environ["GH_ANSWERS"])
line = " ".join(args)
for needle, answer in answers.items():
    if needle in line:
        sys.stdout.write(answer)
        break
"""


@pytest.fixture
def gh(tmp_path):
    """Run a workflow step with `gh` answering from ``answers``; returns its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(f"#!{sys.executable}\n" + FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    calls = tmp_path / "calls.jsonl"

    def run(step: dict, answers: dict[str, str], **env: str) -> list[dict]:
        calls.write_text("", encoding="utf-8")
        result = subprocess.run(
            # GitHub's default shell for `run`
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            env={
                **os.environ,
                "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                "RUNNER_TEMP": str(tmp_path),
                "GH_CALLS": str(calls),
                "GH_ANSWERS": json.dumps(answers),
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return [json.loads(line) for line in calls.read_text().splitlines()]

    return run


pytestmark = pytest.mark.skipif(
    not (shutil.which("bash") and shutil.which("jq")), reason="needs bash and jq"
)

COMMENT_STEP = next(
    s
    for s in jobs_of("preview-comment")["comment"]["steps"]
    if s.get("name") == "Write the comment"
)
CODEOWNERS = (
    "# generated\n* @iops/maintainers\n/chapters/oslo/ @kari-n @iops/maintainers\n"
)
COMMENT_ENV = {
    "REPOSITORY": "iops/site",
    "SERVER": "https://github.com",
    "RUN_ID": "77",
    "CONCLUSION": "success",
    "DEFAULT_BRANCH": "main",
    "PR_NUMBER": "5",
}


def comment_answers(existing: str = "") -> dict[str, str]:
    return {
        "/artifacts --jq": "4242\n",
        "contents/.github/CODEOWNERS": CODEOWNERS,
        "--paginate": existing,
    }


def write_changes(tmp_path: Path, changes: dict) -> None:
    (tmp_path / "preview").mkdir(exist_ok=True)
    (tmp_path / "preview" / "changes.json").write_text(
        json.dumps(changes), encoding="utf-8"
    )


def test_comment_lists_the_changed_pages_and_links_the_built_site(gh, tmp_path):
    write_changes(
        tmp_path,
        {
            "added": ["/chapters/leeds/"],
            "changed": ["/chapters/uk/", "/chapters/uk/atom.xml"],
            "removed": [],
            "reviewers": {"chapters/oslo/": ["kari-n", "iops/maintainers"]},
        },
    )
    calls = gh(COMMENT_STEP, comment_answers(), **COMMENT_ENV)
    post = calls[-1]
    assert post["args"][:4] == [
        "api",
        "--method",
        "POST",
        "repos/iops/site/issues/5/comments",
    ]
    assert post["body"].splitlines() == [
        "<!-- chapterhouse-preview -->",
        "### Pages this pull request changes",
        "",
        "**Added** (1)",
        "",
        "- `/chapters/leeds/`",
        "",
        "**Changed** (2)",
        "",
        "- `/chapters/uk/`",
        "- `/chapters/uk/atom.xml`",
        "",
        "### Who reviews",
        "",
        "- `chapters/oslo/`: @kari-n, @iops/maintainers",
        "",
        "[Download the built site](https://github.com/iops/site/actions/runs/77/"
        "artifacts/4242) (a zip file: serve the unzipped folder with a local web "
        'server, as CONTRIBUTING.md shows ("Change your chapter in the browser", '
        "step 6); opened straight from the "
        "disk its pages have no styles), or see the "
        "[whole check](https://github.com/iops/site/actions/runs/77).",
    ]


def test_comment_updates_its_own_earlier_comment_instead_of_adding_one(gh, tmp_path):
    write_changes(tmp_path, {"added": [], "changed": [], "removed": []})
    calls = gh(COMMENT_STEP, comment_answers(existing="991\n"), **COMMENT_ENV)
    assert calls[-1]["args"][:4] == [
        "api",
        "--method",
        "PATCH",
        "repos/iops/site/issues/comments/991",
    ]
    assert "No page, feed or calendar differs" in calls[-1]["body"]


def test_comment_says_when_the_base_branch_could_not_be_compared(gh, tmp_path):
    write_changes(
        tmp_path, {"added": [], "changed": [], "removed": [], "base_builds": False}
    )
    body = gh(COMMENT_STEP, comment_answers(), **COMMENT_ENV)[-1]["body"]
    assert "The base branch does not build with the code of this pull request" in body
    assert "No page" not in body


def test_comment_reads_the_artifact_as_untrusted_data(gh, tmp_path):
    # The artifact is made by the pull request's own code: anything may be in it.
    write_changes(
        tmp_path,
        {
            "added": ["/ok/", "/x`](https://evil.example)", "javascript:alert(1)", 7],
            "changed": "not a list",
            "reviewers": {
                "chapters/oslo/": ["kari-n", "stranger", "a b", "@everyone"],
                "chapters/`x`/": ["kari-n"],
            },
        },
    )
    calls = gh(COMMENT_STEP, comment_answers(), **COMMENT_ENV)
    body = calls[-1]["body"]
    assert "- `/ok/`" in body
    assert "evil" not in body and "javascript" not in body
    assert "**Added** (1)" in body
    # Only names already in the default branch's CODEOWNERS are mentioned.
    assert "- `chapters/oslo/`: @kari-n, `stranger`" in body
    assert "everyone" not in body and "`x`" not in body


def test_comment_after_a_failed_check_points_to_its_summary(gh, tmp_path):
    calls = gh(
        COMMENT_STEP,
        {**comment_answers(), "/artifacts --jq": ""},
        **{**COMMENT_ENV, "CONCLUSION": "failure"},
    )
    body = calls[-1]["body"]
    assert "### The check did not pass" in body
    assert (
        "[summary of the check](https://github.com/iops/site/actions/runs/77)" in body
    )
    assert "Download" not in body


DIGEST_STEP = next(
    s
    for s in jobs_of("digest")["digest"]["steps"]
    if s.get("name") == "Update the digest issue"
)
DIGEST_ENV = {
    "REPOSITORY": "iops/site",
    "TITLE": "Chapter pages to update",
    "LABEL": "staleness-digest",
}


def digest_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "digest.md").write_text(text, encoding="utf-8")


def commands(calls: list[dict]) -> list[list[str]]:
    return [call["args"][:3] for call in calls]


def test_digest_edits_the_open_issue_and_closes_duplicates(gh, tmp_path):
    digest_file(tmp_path, "| [IOPS Oslo](https://x/) | local | ... | @kari-n |\n")
    calls = gh(DIGEST_STEP, {"issue list": "12\n30\n"}, **DIGEST_ENV)
    assert commands(calls) == [
        ["issue", "list", "--repo"],
        ["issue", "close", "30"],
        ["issue", "edit", "12"],
        ["issue", "comment", "12"],
    ]
    assert (
        "@kari-n" in calls[-1]["args"][-1]
    )  # an edit notifies nobody: the comment does


def test_digest_opens_one_issue_when_none_is_open(gh, tmp_path):
    digest_file(tmp_path, "| x |\n")
    calls = gh(DIGEST_STEP, {"issue list": ""}, **DIGEST_ENV)
    assert commands(calls)[-1] == ["issue", "create", "--repo"]
    assert calls[-1]["args"][4:8] == [
        "--title",
        "Chapter pages to update",
        "--label",
        "staleness-digest",
    ]


def test_digest_closes_its_issue_when_every_page_is_up_to_date(gh, tmp_path):
    digest_file(tmp_path, "")
    calls = gh(DIGEST_STEP, {"issue list": "12\n"}, **DIGEST_ENV)
    assert commands(calls) == [["issue", "list", "--repo"], ["issue", "close", "12"]]
