"""Every broken repository in tests/bad_input/ is refused with one located message.

Each case folder is a tiny repository (a national chapter ``norway`` and a local
chapter ``oslo`` under it) with exactly one defect, plus ``expected.json``
naming the file, the line (0: the file or folder as a whole) and a fragment of
the message. ``invoke check`` must print that message at that place, and
``invoke build`` must print it too and publish nothing: the previous site stays
byte for byte.

A case whose expected.json says ``"warning": true`` is content that works but
is probably not what its writer meant (text lost to a comment, a time zone
without summer time): check and build print the warning at its place and
pass, and with ``--strict`` they refuse it as an error like any other case.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from plugins.runner import build, check, read_site_settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
CORPUS = Path(__file__).resolve().parent / "bad_input"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

BASELINE = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\ncity: Oslo\n'
    ),
}

# A previous site, with bytes that no build would write.
PREVIOUS_SITE = {
    "index.html": b"<!doctype html><title>previous site</title>\n",
    "chapters/oslo/index.html": b"<p>Oslo, as published last week</p>\n",
    "data/chapters.json": b'[{"slug": "oslo"}]\n',
    "images/logo.png": bytes(range(256)),
}


def expected_of(case: str) -> dict:
    return json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))


def case_params(cases: list[str] | None = None) -> list:
    """Every case; those whose expected.json names a known bug ("xfail") must fail.

    strict: once the bug is fixed the case passes, and the "xfail" key goes.
    """
    params = []
    for case in CASES if cases is None else cases:
        bug = expected_of(case).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        params.append(pytest.param(case, marks=marks, id=case))
    return params


def copy_case(case: str, tmp_path: Path) -> Path:
    """The case's repository in ``tmp_path``. A name this repository may not
    hold itself (one Windows cannot check out) is made here: expected.json's
    "rename" maps a committed path to the one the case needs."""
    repository = tmp_path / "repo"
    shutil.copytree(
        CORPUS / case,
        repository,
        symlinks=True,
        ignore=shutil.ignore_patterns("expected.json"),
    )
    for committed, needed in expected_of(case).get("rename", {}).items():
        (repository / committed).rename(repository / needed)
    return repository


def settings_for(repository: Path, output: Path) -> dict:
    return read_site_settings(
        SETTINGS,
        chapters=repository / "chapters",
        content=repository / "content",
        output=output,
        build_date="2015-01-15",
    )


def located_lines(report: str, expected: dict, *, warning: bool = False) -> list[str]:
    """Lines of ``report`` at the expected place that carry the expected message,
    as a warning or (by default) as an error."""
    where = re.escape(expected["file"])
    place = rf"{where}:{expected['line']}:\d+: " if expected["line"] else rf"{where}: "
    label = "warning: " if warning else "(?!warning: )"
    pattern = re.compile(place + label)
    return [
        line
        for line in report.splitlines()
        if pattern.match(line) and expected["message"] in line
    ]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        if path.is_file()
        else None
        for path in sorted(folder.rglob("*"))
    }


def assert_refused_at_the_right_place(code: int, report: str, expected: dict) -> None:
    assert code != 0, report
    assert "Traceback" not in report, report
    assert located_lines(report, expected), (
        f"expected a line starting with {expected['file']}:{expected['line'] or ''} "
        f"containing {expected['message']!r}, got:\n{report}"
    )


def test_baseline_without_a_defect_is_valid(tmp_path: Path) -> None:
    for name, text in BASELINE.items():
        path = tmp_path / "repo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    code = check(settings_for(tmp_path / "repo", tmp_path / "output"), out=out)
    assert code == 0, out.getvalue()


def test_corpus_has_a_case_per_rule_each_with_its_expectation() -> None:
    assert len([case for case in CASES if "xfail" not in expected_of(case)]) >= 45
    for case in CASES:
        expected = expected_of(case)
        assert {"file", "line", "message"} <= set(expected), case
        assert isinstance(expected["line"], int) and expected["line"] >= 0, case
        assert expected["message"], case
        assert (CORPUS / case / "chapters" / "norway").is_dir(), case


def is_warning(case: str) -> bool:
    return bool(expected_of(case).get("warning"))


@pytest.mark.parametrize(
    "case", case_params([case for case in CASES if not is_warning(case)])
)
def test_broken_repository_is_refused_with_a_located_message(
    case: str, tmp_path: Path
) -> None:
    expected = expected_of(case)
    repository = copy_case(case, tmp_path)
    output = tmp_path / "output"

    # invoke check: non-zero, the message at its place, every error once.
    out = io.StringIO()
    code = check(settings_for(repository, output), out=out)
    report = out.getvalue()
    assert_refused_at_the_right_place(code, report, expected)
    # One defect gives one error; a case may say it rightly gives more
    # (a symlink loop in images/ is reported, and so is the link to it).
    errors = expected.get("errors", 1)
    summary = expected.get("summary") or (
        "1 error in 1 file" if errors == 1 else f"{errors} errors in {errors} files"
    )
    assert report.rstrip().endswith(summary), (
        f"one defect should give exactly {errors} error(s):\n" + report
    )

    # invoke check --format github: the same place as a workflow annotation.
    out = io.StringIO()
    code = check(settings_for(repository, output), fmt="github", out=out)
    annotation = f"::error file={expected['file']}" + (
        f",line={expected['line']}," if expected["line"] else "::"
    )
    assert code != 0
    assert [
        line
        for line in out.getvalue().splitlines()
        if line.startswith(annotation) and expected["message"] in line
    ], out.getvalue()

    # invoke build: the same message, and the previous site is left alone.
    for name, data in PREVIOUS_SITE.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)
    before = snapshot(output)
    out = io.StringIO()
    code = build(settings_for(repository, output), out=out)
    report = out.getvalue()
    assert_refused_at_the_right_place(code, report, expected)
    assert "nothing was published" in report, report
    assert snapshot(output) == before
    assert {k: v for k, v in before.items() if v is not None} == PREVIOUS_SITE
    assert not list(tmp_path.glob(".output.new-*"))
    assert not list(tmp_path.glob(".output.old-*"))


@pytest.mark.parametrize("case", case_params([c for c in CASES if is_warning(c)]))
def test_doubtful_content_is_a_located_warning_and_an_error_when_strict(
    case: str, tmp_path: Path
) -> None:
    expected = expected_of(case)
    repository = copy_case(case, tmp_path)
    output = tmp_path / "output"

    # invoke check: the warning at its place, and status 0.
    out = io.StringIO()
    code = check(settings_for(repository, output), out=out)
    report = out.getvalue()
    assert code == 0, report
    assert located_lines(report, expected, warning=True), (
        f"expected a warning at {expected['file']}:{expected['line']} containing "
        f"{expected['message']!r}, got:\n{report}"
    )
    assert "1 warning in 1 file" in report, report

    # --format github: a warning annotation on that line.
    out = io.StringIO()
    check(settings_for(repository, output), fmt="github", out=out)
    annotation = f"::warning file={expected['file']},line={expected['line']},"
    assert [
        line
        for line in out.getvalue().splitlines()
        if line.startswith(annotation) and expected["message"] in line
    ], out.getvalue()

    # invoke check --strict: the same message as an error.
    out = io.StringIO()
    code = check(settings_for(repository, output), out=out, strict=True)
    assert_refused_at_the_right_place(code, out.getvalue(), expected)

    # invoke build prints the warning and publishes; --strict publishes nothing.
    for name, data in PREVIOUS_SITE.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)
    before = snapshot(output)
    out = io.StringIO()
    code = build(settings_for(repository, output), out=out, strict=True)
    assert_refused_at_the_right_place(code, out.getvalue(), expected)
    assert snapshot(output) == before
    out = io.StringIO()
    code = build(settings_for(repository, output), out=out)
    assert code == 0, out.getvalue()
    assert located_lines(out.getvalue(), expected, warning=True), out.getvalue()
    assert (output / "chapters" / "oslo" / "index.html").read_bytes() != (
        PREVIOUS_SITE["chapters/oslo/index.html"]
    )
