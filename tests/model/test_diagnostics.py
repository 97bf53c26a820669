"""Every error of a run is reported at once, as `path:line:col` or as annotations."""

from __future__ import annotations

import pytest

from plugins.model.diagnostics import (
    ContentError,
    Diagnostic,
    as_errors,
    at_most_per_file,
    format_report,
)


def test_all_errors_of_all_files_come_from_one_load_sorted(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/b.md": "---\ndate: '2014-01-01'\n---\n",
            "chapters/bergen/chapter.yaml": "name: Bergen\nlevel: city\ncountry: NO\n",
            "chapters/oslo/chapter.yaml": (
                "name: Oslo\nlevel: local\nparent: norwya\ncountry: NO\n"
            ),
        }
    )
    _, problems = oslo.load()
    assert [(p.path, p.line, p.column) for p in problems] == [
        ("chapters/bergen/chapter.yaml", 2, 8),
        ("chapters/oslo/chapter.yaml", 3, 9),
        ("chapters/oslo/posts/b.md", 2, 1),
    ]
    assert problems == sorted(problems)


def test_at_most_twenty_errors_are_listed_per_file_then_how_many_more(oslo):
    unknown = "".join(f"key{i}: v\n" for i in range(500))
    oslo.write(
        {
            "chapters/oslo/posts/b.md": f'---\ntitle: B\n{unknown}date: "2014-01-01"\n---\n'
        }
    )
    problems = oslo.problems()
    assert len(problems) == 21
    assert [p.line for p in problems[:20]] == list(range(3, 23))
    assert problems[0].message.startswith("unknown field 'key0'")
    last = problems[-1]
    assert (last.line, last.message) == (
        23,
        "and 480 more errors in this file, from here on",
    )


def test_a_list_cut_again_counts_what_its_more_line_stands_for():
    """--strict cuts the load's errors (already cut) again with the warnings."""
    path = "chapters/oslo/posts/b.md"
    errors = [Diagnostic(path, line, 1, f"error {line}") for line in range(1, 51)]
    warnings = [
        Diagnostic(path, line, 2, f"warning {line}", severity="warning")
        for line in range(1, 26)
    ]
    cut_once = at_most_per_file(errors)
    assert cut_once[-1].message == "and 30 more errors in this file, from here on"
    cut_twice = at_most_per_file(cut_once + as_errors(warnings))
    assert len(cut_twice) == 21
    assert cut_twice[-1].message == "and 55 more errors in this file, from here on"
    assert at_most_per_file(cut_once) == cut_once


def test_valid_parts_are_kept_beside_the_errors(oslo):
    oslo.write(
        {"chapters/bergen/chapter.yaml": "name: Bergen\nlevel: city\ncountry: NO\n"}
    )
    federation, problems = oslo.load()
    assert list(federation.chapters) == ["norway", "oslo"]
    assert len(problems) == 1


@pytest.mark.parametrize(
    ("diagnostic", "text"),
    [
        (
            Diagnostic(
                "chapters/oslo/chapter.yaml", 2, 8, "'level' is wrong", "use local"
            ),
            "chapters/oslo/chapter.yaml:2:8: 'level' is wrong (use local)",
        ),
        (
            Diagnostic("chapters/oslo/chapter.yaml", 2, 8, "'level' is wrong"),
            "chapters/oslo/chapter.yaml:2:8: 'level' is wrong",
        ),
        (
            Diagnostic("chapters/oslo/chapter.yaml", 4, 0, "line only"),
            "chapters/oslo/chapter.yaml:4:1: line only",
        ),
        (
            Diagnostic(
                "chapters/oslo", 0, 0, "chapter folder has no chapter.yaml", "add it"
            ),
            "chapters/oslo: chapter folder has no chapter.yaml (add it)",
        ),
    ],
    ids=["with-hint", "without-hint", "no-column", "whole-file"],
)
def test_text_format_is_path_line_column_message_hint(diagnostic, text):
    assert diagnostic.format() == text


@pytest.mark.parametrize(
    ("diagnostic", "annotation"),
    [
        (
            Diagnostic(
                "chapters/oslo/chapter.yaml", 2, 8, "'level' is wrong", "use local"
            ),
            "::error file=chapters/oslo/chapter.yaml,line=2,col=8::"
            "'level' is wrong (use local)",
        ),
        (
            Diagnostic("chapters/oslo", 0, 0, "no chapter.yaml"),
            "::error file=chapters/oslo::no chapter.yaml",
        ),
        (
            Diagnostic("a.md", 3, 1, "100% wrong\nsecond line\r", "50%"),
            "::error file=a.md,line=3,col=1::100%25 wrong%0Asecond line%0D (50%25)",
        ),
        (
            Diagnostic("odd,name:1.md", 1, 1, "x"),
            "::error file=odd%2Cname%3A1.md,line=1,col=1::x",
        ),
    ],
    ids=["plain", "whole-file", "newline-and-percent", "comma-and-colon-in-path"],
)
def test_github_format_is_an_escaped_error_annotation(diagnostic, annotation):
    assert diagnostic.format_github() == annotation


def test_report_is_sorted_and_ends_with_a_summary():
    problems = [
        Diagnostic("b.yaml", 1, 1, "second"),
        Diagnostic("a.yaml", 9, 1, "first, later line"),
        Diagnostic("a.yaml", 2, 5, "first"),
    ]
    assert format_report(problems).splitlines() == [
        "a.yaml:2:5: first",
        "a.yaml:9:1: first, later line",
        "b.yaml:1:1: second",
        "3 errors in 2 files",
    ]


def test_report_summary_is_singular_for_one_error():
    assert format_report([Diagnostic("a.yaml", 1, 1, "x")]).splitlines()[-1] == (
        "1 error in 1 file"
    )


def test_github_report_is_one_annotation_per_line_without_summary():
    problems = [Diagnostic("b.md", 1, 1, "y"), Diagnostic("a.md", 1, 1, "x")]
    assert format_report(problems, "github") == (
        "::error file=a.md,line=1,col=1::x\n::error file=b.md,line=1,col=1::y"
    )


def test_content_error_carries_every_diagnostic_sorted():
    error = ContentError([Diagnostic("b.md", 1, 1, "y"), Diagnostic("a.md", 1, 1, "x")])
    assert [d.path for d in error.diagnostics] == ["a.md", "b.md"]
    assert str(error) == "a.md:1:1: x\nb.md:1:1: y"


def test_warnings_print_as_warnings_after_the_errors_with_their_own_count():
    error = Diagnostic("chapters/x/chapter.yaml", 9, 1, "broken", "fix it")
    warning = Diagnostic(
        "chapters/a/chapter.yaml", 5, 1, "could be better", "add it", "warning"
    )
    assert warning.format() == (
        "chapters/a/chapter.yaml:5:1: warning: could be better (add it)"
    )
    assert format_report([warning, error]).splitlines() == [
        "chapters/x/chapter.yaml:9:1: broken (fix it)",
        "chapters/a/chapter.yaml:5:1: warning: could be better (add it)",
        "1 error in 1 file; 1 warning in 1 file",
    ]
    assert format_report([warning]).splitlines()[-1] == "1 warning in 1 file"
    assert format_report([warning, error], "github").splitlines() == [
        "::error file=chapters/x/chapter.yaml,line=9,col=1::broken (fix it)",
        "::warning file=chapters/a/chapter.yaml,line=5,col=1::could be better (add it)",
    ]


def test_a_warning_annotation_escapes_like_an_error():
    text = "50%\n::error::forged"
    warning = Diagnostic("chapters/a,b:c/chapter.yaml", 1, 1, text, "", "warning")
    error = Diagnostic("chapters/a,b:c/chapter.yaml", 1, 1, text)
    assert warning.format_github().removeprefix("::warning") == (
        error.format_github().removeprefix("::error")
    )
    assert "\n" not in warning.format_github()
