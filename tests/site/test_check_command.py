"""`invoke check` reports every problem of the repository at once, as text or annotations."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]


def test_check_passes_a_valid_repository(norway):
    code, out = norway.check()
    assert code == 0
    assert out.startswith("ok: 2 chapters and 1 items are valid")


def test_check_reports_all_errors_of_all_files_in_one_run(norway):
    norway.write(
        {
            "chapters/oslo/chapter.yaml": "name: Oslo\nlevel: local\nparent: norwya\ncountry: NO\n",
            "chapters/bergen/chapter.yaml": "name: Bergen\nlevel: local\ncountry: NO\nnmae: x\n",
            "chapters/Trondheim/chapter.yaml": "name: T\n",
        }
    )
    code, out = norway.check()
    assert code == 1
    lines = out.splitlines()
    assert (
        "chapters/Trondheim: folder name 'Trondheim' is not a valid chapter slug" in out
    )
    assert any(
        line.startswith("chapters/bergen/chapter.yaml:4:1: unknown field 'nmae'")
        and "did you mean 'name'?" in line
        for line in lines
    )
    assert any(
        line.startswith(
            "chapters/oslo/chapter.yaml:3:9: parent 'norwya' is not a chapter"
        )
        and "did you mean 'norway'?" in line
        for line in lines
    )
    assert lines[-1] == "3 errors in 3 files"


def test_check_github_format_prints_annotations(norway):
    norway.write(
        {
            "chapters/oslo/chapter.yaml": "name: Oslo\nlevel: local\ncountry: NO\nmeetings:\n  frequency: daily\n"
        }
    )
    code, out = norway.check(fmt="github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=chapters/oslo/chapter.yaml,line=5,col=14::'meetings.frequency' "
        "must be one of weekly, fortnightly, monthly, bimonthly, quarterly, irregular "
        "— got 'daily'",
        "1 error in 1 file",
    ]


def test_bad_settings_of_every_plugin_are_reported_together_without_a_traceback(norway):
    import io

    from plugins.runner import build, check

    settings = norway.settings()
    settings["FEEDS_MAX_ITEMS"] = -3
    settings["FRESHNESS_ACTIVE_DAYS"] = "ninety"
    for run in (check, build):
        out = io.StringIO()
        assert run(settings, out=out) == 2
        assert "FRESHNESS_ACTIVE_DAYS = 'ninety'" in out.getvalue()
        assert "FEEDS_MAX_ITEMS = -3" in out.getvalue()
    assert not norway.output.exists()


BERGEN_MONTHLY = """\
name: IOPS Bergen
level: local
parent: norway
country: NO
meetings:
  frequency: monthly
  day: tuesday
  time: "18:30"
"""


def test_check_warns_about_monthly_meetings_without_a_week_and_passes(norway):
    norway.write({"chapters/bergen/chapter.yaml": BERGEN_MONTHLY})
    code, out = norway.check()
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "chapters/bergen/chapter.yaml:5:1: warning: monthly meetings on Tuesdays "
        "without 'week' are in no calendar, and the page shows no next meeting: "
        "which Tuesday of the month? (add 'week: first' under 'meetings:'; 'week' "
        "is first, second, third, fourth or last, whichever Tuesday of the month it is)"
    )
    assert lines[1:] == [
        "1 warning in 1 file",
        "ok: 3 chapters and 1 items are valid",
    ]


def test_check_github_format_prints_warnings_as_warning_annotations(norway):
    norway.write({"chapters/bergen/chapter.yaml": BERGEN_MONTHLY})
    code, out = norway.check(fmt="github")
    assert code == 0
    assert out.startswith(
        "::warning file=chapters/bergen/chapter.yaml,line=5,col=1::monthly meetings "
        "on Tuesdays without 'week'"
    )
    assert out.splitlines()[1:] == ["1 warning in 1 file"]


def test_check_prints_warnings_after_errors_and_fails_for_the_errors(norway):
    norway.write(
        {
            "chapters/bergen/chapter.yaml": BERGEN_MONTHLY,
            "chapters/oslo/posts/broken.md": "---\ndate: '2014-01-01'\n---\n",
        }
    )
    code, out = norway.check()
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("chapters/oslo/posts/broken.md:")
    assert lines[1].startswith("chapters/bergen/chapter.yaml:5:1: warning:")
    assert lines[2:] == ["1 error in 1 file; 1 warning in 1 file"]
    code, out = norway.check(fmt="github")
    assert [line.split(" ")[0] for line in out.strip().splitlines()] == [
        "::error",
        "::warning",
        "1",  # error in 1 file; 1 warning in 1 file
    ]


@pytest.mark.parametrize(
    ("meetings", "advice"),
    [
        ("{frequency: weekly, day: monday}", None),
        ("{frequency: monthly, day: monday, week: last}", None),
        ("{frequency: irregular}", None),
        ("{frequency: fortnightly, day: monday, since: '2015-01-05'}", None),
        ("{frequency: fortnightly, day: monday}", "add 'since: \"YYYY-MM-DD\"'"),
        ("{frequency: bimonthly, day: monday, week: first}", "in which months?"),
        (
            "{frequency: quarterly, day: monday}",
            "add 'week: first' and 'since: \"YYYY-MM-DD\"'",
        ),
        ("{frequency: monthly}", "add 'day: tuesday' and 'week: first'"),
        ("{frequency: weekly}", "add 'day: tuesday' under 'meetings:'"),
    ],
)
def test_check_advises_only_where_a_calendar_cannot_show_the_meetings(
    norway, meetings, advice
):
    norway.write(
        {
            "chapters/bergen/chapter.yaml": (
                "name: IOPS Bergen\nlevel: local\nparent: norway\ncountry: NO\n"
                f"meetings: {meetings}\n"
            )
        }
    )
    code, out = norway.check()
    assert code == 0
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    if advice is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and advice in warnings[0]


def test_closed_chapters_get_no_advice_about_their_meetings(norway):
    norway.write(
        {
            "chapters/bergen/chapter.yaml": BERGEN_MONTHLY
            + 'status: closed\nclosed: "2014-06-01"\n'
        }
    )
    code, out = norway.check()
    assert (code, out.splitlines()) == (0, ["ok: 3 chapters and 1 items are valid"])


def broken_posts(site, count: int) -> None:
    """``count`` posts without a title in Oslo, one error each, on line 2."""
    site.write(
        {
            f"chapters/oslo/posts/broken-{n:02}.md": "---\ndate: '2014-01-01'\n---\n"
            for n in range(count)
        }
    )


def github_check(site, changed=None, summary=None):
    import io

    from plugins.runner import check

    out = io.StringIO()
    code = check(
        site.settings(), fmt="github", out=out, changed=changed, summary=summary
    )
    return code, out.getvalue()


def test_github_format_annotates_ten_errors_and_summarises_them_all(norway, tmp_path):
    broken_posts(norway, 12)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps' summary\n", encoding="utf-8")
    code, out = github_check(norway, summary=summary)
    assert code == 1
    lines = out.splitlines()
    assert [line.startswith("::error ") for line in lines].count(True) == 10
    assert lines[10].startswith("chapters/oslo/posts/broken-10.md:")
    assert lines[-1] == (
        "12 errors in 12 files (the first 10 of each are annotations; all are "
        "listed above and in the job summary)"
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "earlier steps' summary\n## Content check: 12 errors in 12 files\n"
    )
    html = MarkdownIt("commonmark").render(text)
    items = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//li")
    assert len(items) == 12
    assert items[0].text_content() == (
        "chapters/oslo/posts/broken-00.md, line 2: missing required field 'title' "
        "(add a line 'title: \"What happened: an evaluation\"')"
    )


def test_github_format_marks_errors_in_files_the_pull_request_did_not_change(
    norway, tmp_path
):
    broken_posts(norway, 12)
    changed = {"chapters/oslo/posts/broken-11.md"}
    code, out = github_check(norway, changed=changed, summary=tmp_path / "s.md")
    assert code == 1
    lines = out.splitlines()
    # The pull request's own error comes first, as an annotation on its line.
    assert lines[0].startswith("::error file=chapters/oslo/posts/broken-11.md,")
    assert "did not change" not in lines[0]
    assert lines[1].startswith("::error file=chapters/oslo/posts/broken-00.md,")
    assert lines[1].endswith("in a file this pull request did not change)")
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert text.count("*in a file this pull request did not change*") == 11


def test_github_format_summary_says_when_everything_is_valid(norway, tmp_path):
    code, out = github_check(norway, summary=tmp_path / "s.md")
    assert code == 0
    assert out.splitlines() == ["no errors"]
    assert (tmp_path / "s.md").read_text(encoding="utf-8") == (
        "## Content check: no errors\n\nEvery chapter and item is valid.\n"
    )


def test_check_base_takes_the_changed_files_from_git(norway, tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    (norway.root / ".gitignore").write_text("cache/\noutput/\n", encoding="utf-8")
    broken_posts(norway, 1)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(norway.root), *args], check=True, env=env)
    norway.write({"chapters/oslo/posts/new.md": "---\ntitle: [\n---\n"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "--search-root",
            str(ROOT),
            "check",
            "--chapters",
            str(norway.root / "chapters"),
            "--content",
            str(norway.root / "content"),
            "--format",
            "github",
            "--base",
            "HEAD",
            "--summary",
            str(tmp_path / "s.md"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=chapters/oslo/posts/new.md,")
    assert lines[1].startswith("::error file=chapters/oslo/posts/broken-00.md,")
    assert "did not change" in lines[1] and "did not change" not in lines[0]


def _post_dated(date: str) -> str:
    return f'---\ntitle: Spring\ndate: "{date}"\n---\nText.\n'


def test_a_post_dated_years_ahead_is_named_by_check_and_build_not_dropped_silently(
    norway,
):
    norway.write({"chapters/oslo/posts/spring.md": _post_dated("2105-01-10")})
    code, out = norway.check()
    assert code == 0
    assert out.splitlines()[0] == (
        "chapters/oslo/posts/spring.md:3:7: warning: dated 2105-01-10, 32,867 days "
        "after the build date (2015-01-15): it stays off the site until that day "
        "(if the year or month is a typo, correct the date; an item planned that "
        "far ahead needs nothing)"
    )
    code, out = norway.build()
    assert code == 0
    assert "chapters/oslo/posts/spring.md:3:7: warning: dated 2105-01-10" in out
    assert not (norway.output / "chapters/oslo/posts/spring").exists()


def test_a_post_planned_a_few_weeks_ahead_waits_for_its_day_without_a_warning(norway):
    norway.write({"chapters/oslo/posts/spring.md": _post_dated("2015-03-01")})
    code, out = norway.check()
    assert code == 0
    assert "warning" not in out
    code, out = norway.build()
    assert code == 0
    assert "warning" not in out
    assert not (norway.output / "chapters/oslo/posts/spring").exists()
    code, out = norway.build(build_date="2015-03-01")
    assert code == 0
    assert (norway.output / "chapters/oslo/posts/spring/index.html").exists()


def test_invoke_check_checks_for_the_build_date_it_is_given(norway):
    """A link to a post dated after the build date fails the build: the check
    for the same date says so first (without a date, both use today)."""
    import subprocess
    import sys

    norway.write(
        {
            "chapters/oslo/posts/later.md": _post_dated("2016-01-01"),
            "chapters/oslo/posts/now.md": (
                '---\ntitle: Now\ndate: "2014-12-01"\n---\n[Later](later.md)\n'
            ),
        }
    )

    def check_for(date: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                *(sys.executable, "-m", "invoke", "--search-root", str(ROOT)),
                *("check", "--build-date", date),
                *("--chapters", str(norway.root / "chapters")),
                *("--content", str(norway.root / "content")),
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    early = check_for("2015-01-15")
    assert early.returncode == 1
    assert "chapters/oslo/posts/now.md:5:" in early.stdout
    assert "after the build date 2015-01-15" in early.stdout
    assert norway.build(build_date="2015-01-15")[0] == 1
    assert check_for("2016-06-01").returncode == 0


@pytest.mark.parametrize("strict", [False, True])
def test_at_most_twenty_warnings_are_listed_per_file_strict_or_not(norway, strict):
    import io

    from plugins.runner import check

    frames = "\n\n".join(
        f'<iframe src="https://host{n}.example/v"></iframe>' for n in range(40)
    )
    norway.write(
        {
            "chapters/oslo/posts/frames.md": f'---\ntitle: F\ndate: "2014-10-01"\n---\n{frames}\n'
        }
    )
    out = io.StringIO()
    assert check(norway.settings(), out=out, strict=strict) == (1 if strict else 0)
    lines = [
        line for line in out.getvalue().splitlines() if line.startswith("chapters/")
    ]
    assert len(lines) == 21
    label = "errors" if strict else "warnings"
    assert f"and 20 more {label} in this file, from here on" in lines[-1]
