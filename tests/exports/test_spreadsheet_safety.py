"""CSV exports open in any spreadsheet as text: no formula runs, no cell breaks its row."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from plugins.site.cells import FORMULA_CHARACTERS, csv_value, defuse_formulas
from plugins.site.datafiles import to_csv

HOSTILE = [
    "=1+1",
    "\r=2+2",
    " =1+1",
    "\n=cmd|' /C calc'!A0",
    "\t=1+1",
    "\u3000=1+1",  # ideographic space
    "\u200b=1+1",  # zero-width space
    "\N{FULLWIDTH EQUALS SIGN}1+1",
    "\N{FULLWIDTH PLUS SIGN}1",
    "\N{FULLWIDTH HYPHEN-MINUS}1",
    "\N{FULLWIDTH COMMERCIAL AT}SUM(A1)",
    "\N{SMALL EQUALS SIGN}1+1",
    "+1",
    "-1+1",
    "@SUM(1+1)",
    ";=1+1",
    ",=1+1",
    'a;=HYPERLINK("https://evil.example";"x")',
    "a, @SUM(1)",
    "a\t-2",
    "a\r\n=2",
]
# Every place where some reader could start a new cell: the start, and after a
# comma, semicolon, tab or line break.
CELL_STARTS = re.compile(r"(?:^|(?<=[,;\t\r\n]))[\s\u200b\ufeff]*(.)", re.DOTALL)


def formula_starts(text: str) -> list[str]:
    """The formula characters found where a cell could start, after spaces."""
    return [
        m.group(1)
        for m in CELL_STARTS.finditer(text)
        if m.group(1) in FORMULA_CHARACTERS
    ]


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_no_formula_can_start_a_cell_once_defused(text):
    assert formula_starts(text)  # the input is hostile
    defused = defuse_formulas(text)
    assert formula_starts(defused) == []
    assert defused.replace("'", "") == text.replace("'", "")  # only apostrophes added


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),
        ("\N{FULLWIDTH EQUALS SIGN}1+1", "'\N{FULLWIDTH EQUALS SIGN}1+1"),
        # OWASP: a leading tab or CR is prefixed, whatever follows it.
        ("\tnote", "'\tnote"),
        (";=1+1", ";'=1+1"),
        ("a;=HYPERLINK(x)", "a;'=HYPERLINK(x)"),
        ("Leeds, -ish", "Leeds,' -ish"),
    ],
)
def test_the_apostrophe_goes_at_the_start_and_after_the_separator(text, expected):
    assert defuse_formulas(text) == expected


@pytest.mark.parametrize(
    "text", ["IOPS Oslo", "Sankt-Petersburg", "x=y", "kari@example.org", "2014-05", ""]
)
def test_ordinary_text_is_written_as_it_is(text):
    assert defuse_formulas(text) == text


def test_numbers_are_the_programs_and_stay_numbers_even_when_negative():
    assert csv_value(-3) == -3
    assert csv_value(12) == 12
    assert csv_value(True) == "true"
    assert csv_value(None) == ""
    text = to_csv([{"name": "-3", "members_count": -3}], ["name", "members_count"])
    assert text == '"name","members_count"\n"\'-3",-3\n'


def test_a_lone_carriage_return_stays_inside_its_cell():
    rows = [{"slug": "a", "city": "\r=2+2"}, {"slug": "b", "city": "Oslo"}]
    text = to_csv(rows, ["slug", "city"])
    # Readers that end a row at a lone CR (as old spreadsheets do) still find
    # two rows, because the CR is inside quotes.
    for variant in (text, text.replace("\r", "\n")):
        parsed = list(csv.reader(io.StringIO(variant, newline="")))
        assert [row[0] for row in parsed] == ["slug", "a", "b"]
    assert list(csv.reader(io.StringIO(text, newline="")))[1] == ["a", "'\r'=2+2"]


def chapter_yaml(name: str, city: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return (
        f"name: {json.dumps(name)}\nlevel: national\ncountry: GB\n"
        f"city: {json.dumps(city)}\n"
    )


def read_cells(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_exported_csv_has_one_row_per_chapter_and_no_formula_in_any_locale(site):
    # Names and cities are single lines (`check` refuses line breaks and tabs in
    # them); the writer's handling of those is tested above.
    chapters = {
        f"chapters/c{number}/chapter.yaml": chapter_yaml(name=text, city=text)
        for number, text in enumerate(
            t for t in HOSTILE if not any(c in t for c in "\r\n\t")
        )
    }
    site.write(chapters)
    code, out = site.build()
    assert code == 0, out
    for path in ("data/chapters.csv", "report/uki.csv"):
        text = (site.output / path).read_bytes().decode("utf-8")
        rows = read_cells(text, ",")
        assert len(rows) == 1 + len(chapters), path
        assert {len(row) for row in rows} == {len(rows[0])}
        names = {row["slug"]: row["name"] for row in csv.DictReader(io.StringIO(text))}
        assert names["c0"] == "'=1+1"
        # A semicolon locale, a tab-separated import, a reader that splits on
        # every line break: no cell starts with a formula character either.
        for delimiter in (",", ";", "\t"):
            for row in read_cells(text, delimiter):
                for cell in row:
                    assert formula_starts(cell) == [], (path, delimiter, cell)
        for line in text.replace("\r", "\n").split("\n"):
            assert formula_starts(line) == [], (path, line)
