"""Nothing `invoke check` or `invoke build` prints can be read by GitHub Actions as a command.

The runner reads a line as a workflow command when, after leading whitespace,
it starts with ``::``, or when it holds ``##[command]`` anywhere. Contributors
choose file names and text, so a name such as ``a\\n::add-mask::x.md`` must
come out as one line that starts with neither.
"""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.model.diagnostics import Diagnostic, format_report
from plugins.printable import each_line, one_line, safe_excepthook, safe_log_handler
from tests.conftest import python_in_checkout

ROOT = Path(__file__).resolve().parents[2]

HOSTILE_NAMES = [
    "a\n::error::x.md",
    "a\n::add-mask::secret.md",
    "a\r::stop-commands::token.md",
    "a\r\n  ::warning file=x::y.md",
    "a\u2028::error::x.md",
    "a\x0b::error::x.md",
    "a\u200b\n\u200b::error::x.md",
    "x ##[add-mask]secret.md",
    "x #\u200b#[error]y.md",
]


def runner_lines(text: str) -> list[str]:
    """The lines of ``text`` as the Actions runner reads a job's output."""
    return re.split(r"\r\n|\r|\n", text)


def reads_as_command(line: str) -> bool:
    """What the runner would take as a workflow command (either syntax).

    Zero-width characters are dropped first: the runner compares culture-aware.
    """
    bare = line.replace("\u200b", "")
    return bare.lstrip().startswith("::") or "##[" in bare


def commands_in(text: str) -> list[str]:
    return [line for line in runner_lines(text) if reads_as_command(line)]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_prints_as_one_line_that_is_no_command(name):
    line = one_line(f"chapters/oslo/posts/{name}: is not allowed")
    assert runner_lines(line) == [line]
    assert not reads_as_command(line)
    assert line.startswith("chapters/oslo/posts/a") or line.startswith(
        "chapters/oslo/posts/x"
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("tab\tstays", "tab\tstays"),
        ("bell\a", "bell\\x07"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("next\x85line", "next\\x85line"),
        ("undecodable\udcff", "undecodable\\udcff"),
        ("::add-mask::x", "\\::add-mask::x"),
        ("   ::error::x", "   \\::error::x"),
        ("see ##[error]x", "see ##\\[error]x"),
        ("plain: text, 100% fine", "plain: text, 100% fine"),
        ("Tromsø ✓ café", "Tromsø ✓ café"),
    ],
)
def test_invisible_characters_are_shown_as_escapes(text, shown):
    assert one_line(text) == shown


def test_making_a_line_safe_twice_changes_nothing_more():
    for name in HOSTILE_NAMES:
        once = one_line(name)
        assert one_line(once) == once


def test_text_report_gives_one_line_per_diagnostic_and_no_command():
    problems = [
        Diagnostic(f"chapters/oslo/posts/{name}", 0, 0, f"bad name {name!s}", "rename")
        for name in HOSTILE_NAMES
    ]
    report = format_report(problems)
    lines = runner_lines(report)
    assert len(lines) == len(problems) + 1
    assert lines[-1] == f"{len(problems)} errors in {len(problems)} files"
    assert commands_in(report) == []


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command parsed and unescaped as the Actions runner does it."""
    assert line.startswith("::")
    end = line.index("::", 2)
    name, _, props = line[2:end].partition(" ")
    properties = {}
    for prop in filter(None, props.split(",")):
        key, _, value = prop.partition("=")
        for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ",")):
            value = value.replace(escaped, raw)
        properties[key] = value.replace("%25", "%")
    data = line[end + 2 :]
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        data = data.replace(escaped, raw)
    return name, properties, data


@pytest.mark.parametrize(
    "name",
    ["a\n::error::x.md", "a\r\n::add-mask::s.md", "odd,name:1%.md", "b::c.md"],
)
def test_github_annotation_is_one_line_naming_the_file_exactly(name):
    path = f"chapters/oslo/posts/{name}"
    line = Diagnostic(
        path, 3, 1, f"{name} is wrong\nreally", "100% sure"
    ).format_github()
    assert runner_lines(line) == [line]
    command, properties, data = parse_annotation(line)
    assert command == "error"
    assert properties == {"file": path, "line": "3", "col": "1"}
    assert data == f"{name} is wrong\nreally (100% sure)"


def test_github_annotation_never_holds_the_old_command_syntax():
    line = Diagnostic("x ##[add-mask]s.md", 1, 1, "see ##[error]y").format_github()
    assert "##[" not in line
    assert commands_in(format_report([Diagnostic("a.md", 1, 1, "x")], "github")) == [
        "::error file=a.md,line=1,col=1::x"
    ]


def test_github_annotation_shows_other_invisible_characters():
    line = Diagnostic("a\x1b[2J.md", 1, 1, "zero\u200bwidth\ttab").format_github()
    assert "\x1b" not in line
    assert "\u200b" not in line
    assert line.endswith("::zero\\u200bwidth\\ttab")


@pytest.fixture
def log():
    """A root handler like the one `invoke` installs, writing into a string."""
    stream = io.StringIO()
    handler = safe_log_handler(stream)
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


def test_pelican_warning_naming_a_hostile_file_is_one_line_without_command(log):
    name = "chapters/oslo/posts/a\n::add-mask::secret\n::error::x.md"
    logging.getLogger("pelican.contents").warning(
        "Unable to find '%s', skipping url replacement.", name
    )
    assert log.getvalue() == (
        "WARNING: Unable to find 'chapters/oslo/posts/a\\n::add-mask::secret"
        "\\n::error::x.md', skipping url replacement.\n"
    )


def test_traceback_logged_with_a_hostile_message_is_safe_on_every_line(log):
    try:
        raise ValueError("cannot read a\n::add-mask::secret\n##[error]x")
    except ValueError:
        logging.getLogger("pelican").exception("while reading %s", "a\n::error::b")
    text = log.getvalue()
    assert text.startswith("ERROR: while reading a\\n::error::b\nTraceback")
    assert commands_in(text) == []


def test_uncaught_traceback_printed_by_invoke_is_safe_on_every_line(capsys):
    try:
        raise RuntimeError("bug near\n::add-mask::secret")
    except RuntimeError as error:
        safe_excepthook(type(error), error, error.__traceback__)
    printed = capsys.readouterr().err
    assert "RuntimeError: bug near" in printed
    assert "\\::add-mask::secret" in printed
    assert commands_in(printed) == []


def test_each_line_keeps_line_breaks_and_escapes_within_lines():
    assert each_line("one\n::two\r\nthree") == "one\n\\::two\\r\nthree"


# End to end, through tasks.py: a repository holding a file whose name is an attack.

HOSTILE_FILE = "a\n::error::x\n::add-mask::secret\n##[warning]y.md"


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def hostile(norway):
    norway.write(
        {
            f"chapters/oslo/posts/{HOSTILE_FILE}": (
                '---\ntitle: x\ndate: "2014-10-02"\n---\n<script>alert(1)</script> Hi\n'
            )
        }
    )
    return norway


def folders(site) -> list[str]:
    return [
        "--chapters",
        str(site.root / "chapters"),
        "--content",
        str(site.root / "content"),
    ]


def test_check_and_build_print_no_command_for_a_hostile_file_name(hostile):
    for result in (
        invoke("check", *folders(hostile)),
        invoke(
            "build",
            *folders(hostile),
            "--output",
            str(hostile.output),
            "--build-date",
            "2015-01-15",
        ),
    ):
        printed = result.stdout + result.stderr
        assert "Traceback" not in printed
        assert commands_in(printed) == [], printed


def test_check_in_github_format_prints_only_our_own_annotations(hostile):
    result = invoke("check", *folders(hostile), "--format", "github")
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed
    for line in commands_in(printed):
        command, properties, _ = parse_annotation(line)
        assert command == "error"
        assert properties["file"].startswith("chapters/"), line
        assert "##[" not in line


def test_pelican_warning_through_the_invoke_handler_is_one_line():
    script = (
        "import logging, tasks; tasks._settings(); "
        "logging.getLogger('pelican.generators').warning("
        "'Unable to find %s', 'posts/a\\n::add-mask::secret\\n::error::x.md')"
    )
    result = python_in_checkout(script)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "WARNING: Unable to find posts/a\\n::add-mask::secret\\n::error::x.md\n"
    )


def test_step_summary_shows_hostile_file_names_and_messages_as_text():
    import lxml.html
    from markdown_it import MarkdownIt

    from plugins.annotations import step_summary

    path = "chapters/oslo/posts/a``b\n@octocat [x](https://evil.example).md"
    message = "<img src=x onerror=alert(1)> **@octocat** #1 |"
    text = step_summary(
        [Diagnostic(path, 3, 1, message, "fix [it](https://e.example)")]
    )
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    document = lxml.html.fragment_fromstring(html, create_parent="div")
    (item,) = document.xpath("//li")
    assert item.text_content() == (
        "chapters/oslo/posts/a``b\\n@octocat [x](https://evil.example).md, line 3: "
        + message.replace("@", "@\u2060").replace("#", "#\u2060")
        + " (fix [it](https:\u2060//e.example))"
    )
    # Our own markup only: the place in bold, the file name as code.
    assert [element.tag for element in item.iter()] == ["li", "strong", "code"]
