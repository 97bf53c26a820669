"""Whenever `invoke check` passes, `invoke build` passes: check catches everything.

Hypothesis writes small repositories whose every text field, date and body is
drawn from hostile inputs (escapes that decode to control characters, markup,
line breaks, dates at the ends of the calendar, Markdown that makes parsers
work hard), then checks and builds each. A build that fails or raises after a
clean check is a bug in check. (tests/test_bad_input.py shows the other half:
every broken repository of the corpus is refused by check and by build.)
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.runner import build, check, read_site_settings

ROOT = Path(__file__).resolve().parent.parent

TRAPS = [
    "<script>alert(1)</script>",
    "]]>",
    "&amp;&#0;",
    "::error::x",
    "{static}x",
    "|filename|x",
    "\u2028",
    "\u202e",
    "\ufeff",
    "=1+1",
    "@here",
    "a\nb",
    "\t",
    "\r",
    "\x0c",
    "\x07",
    "\x00",
    "\ufffe",
    "\U0010ffff",
    "",
]
TEXT = st.one_of(
    st.sampled_from(TRAPS),
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"]),
        max_size=30,
    ),
)
DAYS = [
    "2014-06-01",
    "1900-01-01",
    "1899-12-31",
    "2200-12-31",
    "2201-01-01",
    "9999-12-31",
    "0001-01-01",
    "2014-02-30",
]
DATETIME = st.one_of(
    st.sampled_from(DAYS),
    st.builds(
        lambda day, time, offset: f"{day}T{time}{offset}",
        st.sampled_from(DAYS),
        st.sampled_from(["00:00:00", "23:59:59", "19:00"]),
        st.sampled_from(["", "Z", "+14:00", "-12:00", "+01:00"]),
    ),
)
BODY = st.lists(
    st.sampled_from(
        [
            "Plain words.",
            "- " * 300 + "x",
            "> " * 40 + "deep",
            "[" * 500,
            "<b>" * 200,
            "&amp;" * 200,
            "[r]: ../images/none.jpg",
            "[a](../../oslo/posts/first.md)",
            '<a href="javascript:alert(1)" id="main" class="stale">x</a>',
            "    " * 5 + "- x",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "Text[^1]\n\n[^1]: note",
            "![x](https://evil.example/t.png)",
            "[s]({static}../chapter.yaml)",
            "> [r]: ../chapter.yaml\n>\n> [x][r]",
            "<div>" + "<span><div></span>" * 100 + "</div>",
            "<table><td>" * 40,
            "*[A]: " + "t" * 500 + "\n\n" + "A " * 500,
            "[d](draft.md)",
        ]
    ),
    max_size=4,
).map("\n\n".join)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar; JSON's escapes are YAML's."""
    return json.dumps(value, ensure_ascii=False)


def repository(root: Path, fields: dict) -> None:
    files = {
        "chapters/norway/chapter.yaml": (
            f'name: {quoted(fields["name"])}\nlevel: national\ncountry: "NO"\n'
            f"summary: {quoted(fields['summary'])}\n"
        ),
        "chapters/oslo/chapter.yaml": (
            'name: Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
            f"city: {quoted(fields['city'])}\n"
            f"founded: {quoted(fields['founded'])}\n"
            'meetings:\n  frequency: weekly\n  day: wednesday\n  time: "19:00"\n'
            f"  timezone: Europe/Oslo\n  venue: {quoted(fields['venue'])}\n"
        ),
        "chapters/oslo/posts/first.md": (
            f'---\ntitle: {quoted(fields["title"])}\ndate: "2014-06-01"\n'
            f"tags: [{', '.join(quoted(t) for t in fields['tags'])}]\n"
            f"authors: [{quoted(fields['author'])}]\n"
            f"summary: {quoted(fields['summary'])}\n---\n{fields['body']}\n"
        ),
        # Linked from a body trap: a link to a draft must not reach the site.
        "chapters/oslo/posts/draft.md": (
            '---\ntitle: Draft\ndate: "2014-06-01"\nstatus: draft\n---\nSoon.\n'
        ),
        "chapters/oslo/events/party.md": (
            f'---\ntitle: Party\ndate: "2014-06-01"\nstarts: {quoted(fields["starts"])}\n'
            f"location: {quoted(fields['location'])}\n---\n{fields['body']}\n"
        ),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def check_then_build(repo: Path, output: Path) -> tuple[int, int, str]:
    site_settings = read_site_settings(
        ROOT / "pelicanconf.py",
        chapters=repo / "chapters",
        content=repo / "content",
        output=output,
        build_date="2015-01-15",
    )
    out = io.StringIO()
    checked = check(site_settings, out=out)
    built = build(site_settings, out=out) if checked == 0 else checked
    return checked, built, out.getvalue()


# A valid repository; each example makes one or two of its fields hostile, so
# that many examples pass check and go on to be built.
BASELINE = {
    "name": "IOPS Norway",
    "summary": "We meet.",
    "city": "Oslo",
    "venue": "Café Sør",
    "founded": "2012",
    "title": "First meeting",
    "tags": ["meeting"],
    "author": "Kari Nordmann",
    "starts": "2014-06-01T19:00:00+02:00",
    "location": "Café Sør",
    "body": "Plain words.",
}
HOSTILE = {
    "name": TEXT,
    "summary": TEXT,
    "city": TEXT,
    "venue": TEXT,
    "founded": st.sampled_from(["2012-04", "9999-12", "1899", "0001", "2200"]),
    "title": TEXT,
    "tags": st.lists(TEXT, max_size=3),
    "author": TEXT,
    "starts": DATETIME,
    "location": TEXT,
    "body": BODY,
}
FIELDS = st.lists(st.sampled_from(sorted(HOSTILE)), min_size=1, max_size=2, unique=True)


@st.composite
def hostile_fields(draw) -> dict:
    fields = dict(BASELINE)
    for name in draw(FIELDS):
        fields[name] = draw(HOSTILE[name])
    return fields


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(fields=hostile_fields())
def test_whenever_check_passes_build_passes(fields: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        repository(repo, fields)
        checked, built, report = check_then_build(repo, Path(folder) / "output")
    assert "Traceback" not in report
    if checked == 0:
        assert built == 0, report
