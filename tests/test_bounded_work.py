"""No file of at most 1 MiB costs `check` or `build` more than 2 seconds.

Issue 10 asks for this bound to be proven by tests, so these are the suite's
only timing assertions. They count the CPU time of this process (user and
system), the work a file costs, as the render time limit does: on a machine
shared with other jobs the wall-clock time of the same work can be twice as
long, and a test of the bound must not fail because a neighbour was busy.
What a file costs is what its build takes beyond the same build with an
ordinary post in its place (``fixed_cost``): starting Pelican and compiling
the theme are the build's, whatever the files. Speed in general is measured in
benchmarks/, never here.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import lxml.etree
import pytest

from plugins.model.render import RENDER_SECONDS
from plugins.runner import build, check, read_site_settings

ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024
NORWAY = 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n'
OSLO = 'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'


def post(body: str, fields: str = "") -> str:
    return f'---\ntitle: x\ndate: "2014-06-01"\n{fields}---\n{body}\n'


def filled(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def keys(count: int) -> str:
    return "".join(f"k{i:x}: v\n" for i in range(count))


PATTERNS = {
    # Quadratic in Python-Markdown: stopped by the render time limit.
    "unclosed brackets, 200 KB": post("[" * 199_000),
    "entities, 200 KB": post(filled("&amp;", 199_000)),
    "unclosed tags, 200 KB": post(filled("<b>", 199_000)),
    "image brackets, 200 KB": post(filled("![", 199_000)),
    # Slow in Python-Markdown by its cells, near the clock's limit: stopped by
    # the limit on "|", the same on every machine.
    "a table of 18,500 rows": post("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 18_500),
    # Recursive in Python-Markdown: stopped by the nesting limit.
    "list markers on one line": post("- " * 5000 + "x"),
    "nested quotes": post("> " * 3000 + "x"),
    # Too long to render at all; its links are not even looked at.
    "brackets, 1 MiB": post(filled("[", MiB - 100)),
    "nested lists, 1 MiB": post("".join("    " * i + "- x\n" for i in range(700))),
    "90,000 different links, 1 MiB": post(
        "".join(f"[a](p{i}.md) " for i in range(90_000))[: MiB - 100]
    ),
    # Quadratic in feedgen (a category call per tag) and in jsonschema.
    "tags, 1 MiB": post("x", "tags: [" + ", ".join(["tag"] * (MiB // 6)) + "]\n"),
    "authors, 1 MiB": post("x", "authors: [" + ", ".join(["a b"] * (MiB // 6)) + "]\n"),
    "a link 9,000 times": post(filled("[a](../images/x.jpg) ", 199_000)),
    "a reference link 9,000 times": post(
        filled("[a][r] ", 199_000) + "\n\n[r]: ../images/x.jpg"
    ),
    # 30 KB of abbreviations make 100 MB of HTML: stopped by the HTML size limit.
    "abbreviations, 30 KB": post("*[A]: " + "t" * 20_000 + "\n\n" + "A " * 5000),
    "abbreviations in a summary": post(
        "x", 'summary: "*[A]: ' + "t" * 20_000 + "\\n\\n" + "A " * 5000 + '"\n'
    ),
    # Each resolved on the disk: stopped at 1,000 different ones.
    "20,000 different links, 200 KB": post(
        "".join(f"[a](p{i}.md) " for i in range(20_000))[:199_000]
    ),
    # Pelican's "Key: value" header: stopped at 1,000 keys.
    "header keys, 1 MiB": "Title: a\nDate: 2014-06-01\n" + keys(MiB // 9)[: MiB - 200],
    "header continuation lines, 1 MiB": "Title: a\nDate: 2014-06-01\nSummary: x\n"
    + filled("    more\n", MiB - 100),
}


def _site(folder: Path, text: str) -> dict:
    """Settings of a national and a local chapter whose one post is ``text``."""
    repo = folder / "repo"
    for name, content in {
        "chapters/norway/chapter.yaml": NORWAY,
        "chapters/oslo/chapter.yaml": OSLO,
        "chapters/oslo/posts/a.md": text,
    }.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(content, encoding="utf-8")
    return read_site_settings(
        ROOT / "pelicanconf.py",
        chapters=repo / "chapters",
        content=repo / "content",
        output=folder / "output",
        build_date="2015-01-15",
    )


@pytest.fixture(scope="module")
def fixed_cost(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """CPU seconds of ``check`` and ``build`` with an ordinary post (the least
    of two runs: the first also imports Pelican)."""
    least: dict[str, float] = {}
    for attempt in range(2):
        settings = _site(tmp_path_factory.mktemp(f"plain{attempt}"), post("Hello."))
        for run in (check, build):
            code, report, elapsed = _costed(run, settings, {})
            assert code == 0, report
            least[run.__name__] = min(elapsed, least.get(run.__name__, elapsed))
    return least


def _costed(
    run, settings: dict, fixed_cost: dict[str, float]
) -> tuple[int, str, float]:
    """``run``'s exit code, report, and CPU seconds beyond ``fixed_cost``."""
    out = io.StringIO()
    started = time.process_time()
    code = run(settings, out=out)
    elapsed = time.process_time() - started
    return code, out.getvalue(), elapsed - fixed_cost.get(run.__name__, 0.0)


@pytest.mark.parametrize("text", PATTERNS.values(), ids=PATTERNS.keys())
def test_hostile_file_is_refused_by_check_and_build_within_two_seconds(
    tmp_path: Path, text: str, fixed_cost: dict[str, float]
) -> None:
    settings = _site(tmp_path, text)
    assert len(text.encode()) <= MiB
    for run in (check, build):
        code, report, cost = _costed(run, settings, fixed_cost)
        assert code == 1, report
        assert report.startswith("chapters/oslo/posts/a.md:"), report
        assert "Traceback" not in report
        assert cost < 2, f"{run.__name__} took {cost:.2f} s more than with a plain post"


VALID = {
    # The sanitiser's report of what it removed once took quadratic time.
    "'<' 199,000 times in an attribute": post('<p title="' + "<" * 199_000 + '">x</p>'),
    "'<' 199,000 times": post("<" * 199_000),
    # HTML5 ignores "</span>" here, so as written this nests 22,000 deep; the
    # page is written with each element closed, 3 deep.
    "misnested elements, 200 KB": post(
        "<div>" + "<span><div></span>" * 11_000 + "</div>"
    ),
    # Just under the HTML limit: 1,950,000 characters for the page and feeds.
    "abbreviations making 1.95 MB of HTML": post(
        "*[A]: " + "t" * 370 + "\n\n" + "A " * 5000
    ),
}


def _deepest(html: str) -> int:
    depth = deepest = 0
    for event, _element in lxml.etree.iterparse(
        io.BytesIO(html.encode()), events=("start", "end"), html=True, huge_tree=True
    ):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_hostile_but_valid_file_is_checked_and_built_within_two_seconds(
    tmp_path: Path, text: str, fixed_cost: dict[str, float]
) -> None:
    settings = _site(tmp_path, text)
    # Under a tracer (`invoke coverage`) Python runs two to three times slower:
    # the time limit and the bound scale with it; what is checked stays the same.
    slower = 3 if sys.gettrace() is not None else 1
    settings["CHAPTERS_RENDER_SECONDS"] = RENDER_SECONDS * slower
    for run in (check, build):
        code, report, cost = _costed(run, settings, fixed_cost)
        assert code == 0, report
        assert cost < 2 * slower, (
            f"{run.__name__} took {cost:.2f} s more than with a plain post"
        )
    page = (tmp_path / "output/chapters/oslo/posts/a/index.html").read_text("utf-8")
    assert _deepest(page) <= 64 + 10  # the theme's own elements around the text
