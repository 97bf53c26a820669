"""The strict YAML loader: text stays text, and every YAML trap is a located error."""

from __future__ import annotations

import textwrap
import time

import pytest

from plugins.model.diagnostics import Diagnostic
from plugins.model.yamlload import MAX_DEPTH, load_yaml


def loads(text: str):
    located, problems = load_yaml(textwrap.dedent(text).lstrip("\n"), "f.yaml")
    assert problems == [], [p.format() for p in problems]
    return located.data


def refused(text: str) -> Diagnostic:
    located, problems = load_yaml(textwrap.dedent(text).lstrip("\n"), "f.yaml")
    assert located is None
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


# --- what plain (unquoted) scalars become ---------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "NO",  # Norway, a boolean in YAML 1.1
        "no",
        "yes",
        "Yes",
        "y",
        "on",
        "off",
        "ON",
        "19:00",  # sexagesimal 1140 in YAML 1.1
        "1:20:30",
        "0123",  # octal 83 in YAML 1.1
        "0o17",
        "0x1F",
        "1_000",
        "2014-06-01",  # a date object in YAML 1.1
        ".5",
        ".inf",
        ".nan",
        "Null Island",
    ],
)
def test_yaml_1_1_traps_stay_the_text_that_was_written(written):
    assert loads(f"value: {written}\n") == {"value": written}


def test_unquoted_norway_country_code_stays_text():
    assert loads("country: NO\n") == {"country": "NO"}


def test_unquoted_meeting_time_stays_text():
    assert loads("time: 19:00\n") == {"time": "19:00"}


def test_number_with_leading_zero_stays_text():
    assert loads("count: 0123\n") == {"count": "0123"}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("true", True),
        ("True", True),
        ("false", False),
        ("FALSE", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("0", 0),
        ("12", 12),
        ("-3", -3),
        ("+7", 7),
        ("51.5", 51.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        ("2.5E-1", 0.25),
    ],
)
def test_unambiguous_booleans_nulls_and_numbers_resolve(written, value):
    loaded = loads(f"value: {written}\n")["value"]
    assert loaded == value
    assert type(loaded) is type(value)


@pytest.mark.parametrize("written", ["'true'", '"12"', "'0123'", '"null"', "'NO'"])
def test_quoted_values_are_always_text(written):
    assert loads(f"value: {written}\n") == {"value": written[1:-1]}


def test_keys_keep_their_source_text():
    data = loads("""
        on: 1
        yes: 2
        NO: 3
        12: 4
        null: 5
    """)
    assert data == {"on": 1, "yes": 2, "NO": 3, "12": 4, "null": 5}


def test_explicit_str_tag_is_allowed_and_keeps_text():
    assert loads("value: !!str 12\n") == {"value": "12"}


def test_one_document_with_a_leading_marker_loads():
    assert loads("---\nname: Oslo\n") == {"name": "Oslo"}


def test_marks_record_the_line_and_column_of_keys_and_values():
    located, _ = load_yaml("name: Oslo\nmeetings:\n  time: 19:00\n", "f.yaml")
    assert located.mark(("meetings", "time")) == (3, 9)
    assert located.key_mark(("meetings", "time")) == (3, 3)
    # a path that is not in the file falls back to its nearest located ancestor
    assert located.mark(("meetings", "day")) == (3, 3)


def test_line_offset_shifts_every_mark():
    located, _ = load_yaml("title: x\n", "post.md", line_offset=1)
    assert located.mark(("title",)) == (2, 8)


# --- refused: duplicate keys, anchors, tags, documents, depth --------------------


def test_duplicate_key_is_reported_on_the_second_key_naming_the_first_line():
    problem = refused("""
        name: Oslo
        level: local
        name: Bergen
    """)
    assert (problem.path, problem.line, problem.column) == ("f.yaml", 3, 1)
    assert "duplicate key 'name' (first given on line 1)" in problem.message


def test_duplicate_key_inside_a_nested_mapping_is_reported_where_it_stands():
    problem = refused("""
        name: Oslo
        meetings:
          frequency: weekly
          day: monday
          frequency: monthly
    """)
    assert (problem.line, problem.column) == (5, 3)
    assert "duplicate key 'frequency' (first given on line 3)" in problem.message


def test_same_key_in_two_different_mappings_is_not_a_duplicate():
    assert loads("a: {name: x}\nb: {name: y}\n") == {
        "a": {"name": "x"},
        "b": {"name": "y"},
    }


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("name: &n Oslo\ncity: *n\n", 1, 7),
        ("name: Oslo\ncity: *n\n", 2, 7),
        ("&k name: Oslo\n", 1, 1),
        ("admins:\n  - &kari {name: Kari}\n", 2, 5),
    ],
    ids=["anchor-and-alias", "alias-alone", "anchor-on-a-key", "anchor-in-a-list"],
)
def test_anchors_and_aliases_are_refused(text, line, column):
    problem = refused(text)
    assert (problem.line, problem.column) == (line, column)
    assert "anchors and aliases" in problem.message
    assert "write the value out in full" in problem.hint


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_alias_bomb_is_refused_at_once():
    assert (
        len(BILLION_LAUGHS.encode()) < 400
    )  # expands to 9**9 strings if aliases are followed
    started = time.perf_counter()
    located, problems = load_yaml(BILLION_LAUGHS, "f.yaml")
    elapsed = time.perf_counter() - started
    assert located is None
    assert [(p.line, p.column) for p in problems] == [(1, 4)]
    assert "anchors and aliases" in problems[0].message
    assert elapsed < 1.0  # guards against a hang, not a benchmark


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object:os.system x",
        "!!python/object/apply:os.system [ls]",
        "!!python/name:os.system ''",
        "!!binary aGVsbG8=",
        "!!int '12'",
        "!!set {a, b}",
        "!custom x",
    ],
)
def test_custom_and_type_tags_are_refused(value):
    problem = refused(f"value: {value}\n")
    assert (problem.line, problem.column) == (1, 8)
    assert problem.message.startswith("YAML tag ")
    assert problem.message.endswith(" is not allowed")


@pytest.mark.parametrize(
    "text",
    [
        "meetings:\n\tfrequency: weekly\n",
        "meetings:\n  frequency: weekly\n\tday: monday\n",
    ],
    ids=["tab-only", "tab-after-spaces"],
)
def test_tab_indentation_says_to_indent_with_spaces(text):
    problem = refused(text)
    assert (problem.line, problem.column) == (text.count("\n"), 1)
    assert problem.message.startswith("invalid YAML: ")
    assert "tabs" in problem.hint


def test_unclosed_quote_is_reported_where_the_quote_opens():
    problem = refused("""
        name: Oslo
        city: "Oslo
        level: local
    """)
    assert (problem.line, problem.column) == (2, 7)
    assert problem.message == 'invalid YAML: the quote " opened here is not closed'
    assert problem.hint == 'add the closing " at the end of the value'


def test_colon_space_inside_an_unquoted_value_says_to_quote_it():
    problem = refused("title: Meeting: June\n")
    assert (problem.line, problem.column) == (1, 15)
    assert "mapping values are not allowed" in problem.message
    assert "must be quoted" in problem.hint


@pytest.mark.parametrize(
    ("text", "line", "column", "fix"),
    [
        ('name "IOPS Leeds"\nlevel: local\n', 1, 1, 'name: "IOPS Leeds"'),
        ("name: X\nlevel: local\ncity Leeds\nparent: uki\n", 3, 1, "city: Leeds"),
        (
            "meetings:\n  frequency monthly\n  day: tuesday\n",
            2,
            3,
            "frequency: monthly",
        ),
        ('title: "Hello"\nsubtitle "x"\n', 2, 1, 'subtitle: "x"'),
        ("name IOPS\ncity Leeds\nlevel: local\n", 1, 1, "name: IOPS"),  # the first
    ],
)
def test_a_field_without_its_colon_is_named_on_its_own_line_with_the_fix(
    text, line, column, fix
):
    problem = refused(text)
    assert (problem.line, problem.column) == (line, column)
    assert (
        problem.message == "invalid YAML: this line has no ':' after the field's name"
    )
    assert problem.hint == f"write it as {fix}"


def test_a_lone_word_is_named_as_no_field_not_given_a_colon():
    problem = refused("name: X\n# a comment\n\nLeeds\ncountry: GB\n")
    assert (problem.line, problem.column) == (4, 1)
    assert problem.message == "invalid YAML: this line is not a field ('name: value')"
    assert problem.hint.startswith("write the field's name and a colon before")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("summary: This is long\n  and goes on\n  with: a colon\n", 3, 7),
        ("name: X\nlanguages: [en,\nnb]\ntitle: x: y\n", 4, 9),  # a list goes on
        ('name: X\nsummary: "We meet\nweekly"\ncity: Oslo: centre\n', 4, 11),
    ],
)
def test_a_value_going_on_over_lines_is_not_taken_for_a_field_without_its_colon(
    text, line, column
):
    problem = refused(text)
    assert (problem.line, problem.column) == (line, column)
    assert "mapping values are not allowed" in problem.message
    assert "must be quoted" in problem.hint


@pytest.mark.parametrize("start", ["@", "`"])
def test_value_starting_with_a_reserved_character_says_to_quote_it(start):
    problem = refused(f"name: Oslo\ngithub: {start}kari\n")
    assert (problem.line, problem.column) == (2, 9)
    assert problem.hint == f"values starting with {start} must be quoted"


def test_unclosed_flow_list_is_located():
    problem = refused("languages: [nb, en\ncity: Oslo\n")
    assert (problem.line, problem.column) == (1, 12)  # where the [ opens
    assert problem.message == "invalid YAML: the [ opened here is not closed"


def test_complex_key_is_refused():
    problem = refused("? [a, b]\n: 1\n")
    assert (problem.line, problem.column) == (1, 3)
    assert "a key must be a plain word" in problem.message


def test_second_document_is_refused_at_its_marker():
    problem = refused("name: Oslo\n---\nname: Bergen\n")
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message == "more than one YAML document in this file"


def test_control_character_is_refused():
    located, problems = load_yaml("name: Os\x07lo\n", "f.yaml")
    assert located is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 9, "control character U+0007 is not allowed")
    ]


def nested_keys(depth: int) -> str:
    """A mapping whose single leaf value sits ``depth`` keys below the top."""
    lines = ["  " * level + "k:" for level in range(depth)]
    lines[-1] += " leaf"
    return "\n".join(lines) + "\n"


def test_value_nested_max_depth_keys_deep_loads():
    data = loads(nested_keys(MAX_DEPTH))
    for _ in range(MAX_DEPTH):
        data = data["k"]
    assert data == "leaf"


def test_value_nested_deeper_than_max_depth_is_refused_on_its_line():
    problem = refused(nested_keys(MAX_DEPTH + 1))
    assert problem.line == MAX_DEPTH + 1
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep"


def test_absurdly_deep_flow_nesting_is_refused_without_recursing():
    problem = refused("value: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert problem.line == 1
    assert "nested more than" in problem.message
