"""What pasting from a word processor or a web page does to YAML, named on its line.

And the warnings for content that works but is probably not what its writer
meant: text lost to a ' #', UTC for a country with summer time, an event
offset that is not the chapter's on that date.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from plugins.model.chapters import chapter_zone, parent_hint, timezone_warnings
from plugins.model.diagnostics import Diagnostic, as_errors
from plugins.model.federation import content_warnings
from plugins.model.formats import did_you_mean
from plugins.model.placeholders import ITEM_BODY, placeholder_problems
from plugins.model.schema import CHAPTER_SCHEMA, lost_text_warnings
from plugins.model.yamlload import load_yaml
from plugins.model.zones import country_zones, format_offset, is_utc_name, offset_on

NORWAY = 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n'


def problems_of(text: str) -> list[str]:
    located, problems = load_yaml(textwrap.dedent(text).lstrip("\n"), "f.yaml")
    assert located is None
    return [problem.format() for problem in problems]


def loaded(text: str):
    located, problems = load_yaml(textwrap.dedent(text).lstrip("\n"), "f.yaml")
    assert problems == [], [p.format() for p in problems]
    return located


# --- curly quotes ----------------------------------------------------------------


def test_curly_quotes_are_named_once_per_value_with_the_straight_version():
    assert problems_of(
        """
        name: IOPS Leeds
        country: “GB”
        meetings:
          timezone: “Europe/London”
          venue: \u2018The Fenton\u2019
        """
    ) == [
        "f.yaml:2:10: curly quotes “…” around the value, as a word processor "
        'writes them: YAML keeps them as part of the text (use straight quotes " '
        'or none: country: "GB")',
        "f.yaml:4:13: curly quotes “…” around the value, as a word processor "
        'writes them: YAML keeps them as part of the text (use straight quotes " '
        'or none: timezone: "Europe/London")',
        "f.yaml:5:10: curly quotes \u2018…\u2019 around the value, as a word processor "
        'writes them: YAML keeps them as part of the text (use straight quotes " '
        'or none: venue: "The Fenton")',
    ]


@pytest.mark.parametrize(
    "value",
    [
        "He said “hello” to us",  # quotes inside a text are text
        "“Be the change” is our motto",
        "'“A title in quotes”'",  # straight quotes around them: meant
    ],
)
def test_curly_quotes_inside_a_text_or_within_straight_quotes_are_kept(value):
    assert loaded(f"title: {value}\n").data["title"] == value.strip("'")


def test_curly_quotes_around_a_value_with_a_colon_are_named_in_the_syntax_hint():
    [problem] = problems_of("title: “Meeting: June”\n")
    assert problem.startswith("f.yaml:1:16: invalid YAML: mapping values")
    assert "this line has curly quotes “”" in problem


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("title: [Draft] new plan", 'title: "[Draft] new plan"'),
        ("title: 'Kari's report'", 'title: "Kari\'s report"'),
        ('title: "Say "hi" now"', "title: 'Say \"hi\" now'"),
        ('title: "Kari\'s "best" report"', 'title: "Kari\'s \\"best\\" report"'),
    ],
)
def test_a_value_whose_quote_or_bracket_closes_early_gets_the_line_to_write(
    line, written
):
    import yaml

    [problem] = problems_of(line + "\ndate: x\n")
    assert problem.endswith(f"closes before it ends: write {written})"), problem
    assert "title" in yaml.safe_load(written)  # the line given reads as YAML


def test_an_unclosed_quote_is_named_where_it_opens_not_at_the_next_quoted_line():
    [problem] = problems_of('title: "Q&A: what next?\ndate: "2015-01-15"\n')
    assert problem.startswith('f.yaml:1:8: invalid YAML: the quote " opened here')
    assert "write date" not in problem


def test_an_unquoted_colon_gets_its_own_line_quoted():
    [problem] = problems_of('title: Q&A: what next?\ndate: "2015-01-15"\n')
    assert problem.endswith('must be quoted: write title: "Q&A: what next?")')


def test_the_quoting_hint_is_linear_in_a_hostile_line():
    import time

    from plugins.model.yamlload import _quoting_hint

    started = time.process_time()
    assert _quoting_hint("title: 'a'b" + " " * 199_000 + "c") is None
    assert time.process_time() - started < 0.5


def test_did_you_mean_never_suggests_a_value_that_looks_the_same():
    zones = ["Europe/London", "Europe/Lisbon"]
    assert did_you_mean("“Europe/London”", zones) == (
        "remove the curly quotes “”: 'Europe/London'"
    )
    assert did_you_mean("Europe/London\u200b", zones) == (
        "remove the invisible character U+200B: 'Europe/London'"
    )
    assert did_you_mean("Europe/Londn", zones) == "did you mean 'Europe/London'?"


# --- spaces and tabs -----------------------------------------------------------


def test_non_breaking_space_in_the_indentation_is_named_on_its_own_line():
    assert problems_of("meetings:\n  frequency: weekly\n\u00a0 day: tuesday\n") == [
        "f.yaml:3:1: a non-breaking space (U+00A0) in the indentation, where YAML "
        "needs ordinary spaces (delete it and type an ordinary space instead; it "
        "comes from copying out of a word processor or a web page)"
    ]


def test_a_pasted_block_gives_one_error_naming_every_line():
    [problem] = problems_of("meetings:\n\u00a0 day: tuesday\n\u00a0 time: x\n")
    assert problem.startswith("f.yaml:2:1: a non-breaking space (U+00A0)")
    assert "(also on line 3)" in problem


@pytest.mark.parametrize(
    ("space", "name"),
    [
        ("\u2003", "a Unicode space (U+2003)"),
        ("\u202f", "a narrow non-breaking space (U+202F)"),
        ("\u3000", "an ideographic space (U+3000)"),
        ("\u200b", "a zero-width space (U+200B)"),
    ],
)
def test_other_unicode_spaces_in_the_indentation_are_named(space, name):
    [problem] = problems_of(f"location:\n {space}lat: 1\n")
    assert problem.startswith(f"f.yaml:2:2: {name} in the indentation")


def test_non_breaking_space_after_the_colon_is_named():
    [problem] = problems_of("city:\u00a0Leeds\n")
    assert problem.startswith("f.yaml:1:6: a non-breaking space (U+00A0) after the ':'")


@pytest.mark.parametrize(
    ("line", "key"),
    [("'0:\u00a0': 1", "0:\u00a0"), ("'city:\u00a0x': 1", "city:\u00a0x")],
)
def test_a_non_breaking_space_inside_a_quoted_key_is_text(line, key):
    # Found by tests/test_loader_properties.py: yaml.safe_dump writes such keys.
    assert loaded(line + "\n").data == {key: 1}


def test_a_quoted_key_is_checked_for_what_it_holds_not_for_a_pasted_space():
    [problem] = problems_of('"\\x1F:\u00a0": 1\n')
    assert "control character" in problem


def test_tab_in_the_indentation_is_named_on_its_line_not_the_next():
    assert problems_of("name: x\nlocation:\n\tlat: 1\n\tlon: 2\n") == [
        "f.yaml:3:1: invalid YAML: a tab in the indentation (also on line 4) "
        "(indent with spaces, not tabs: replace the tabs at the start of the line "
        "with spaces)"
    ]


def test_tab_inside_a_text_block_is_text():
    assert loaded("summary: |\n  one\n  \ttwo\n").data == {"summary": "one\n\ttwo\n"}


def test_front_matter_lines_are_counted_from_the_top_of_the_file():
    _, problems = load_yaml("title: x\n\u00a0 date: y\n", "p.md", line_offset=1)
    assert [(p.line, p.column) for p in problems] == [(3, 1)]


# --- 19.00 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("19.00", '"19:00"'),
        ("19.30", '"19:30"'),
        ("7.5", '"07:50"'),
        ("1900", '"19:00"'),
    ],
)
def test_time_read_as_a_number_is_advised_with_a_colon(oslo, written, advice):
    oslo.write(
        {
            "chapters/oslo/chapter.yaml": f"""
                name: IOPS Oslo
                level: local
                parent: norway
                country: "NO"
                meetings:
                  frequency: weekly
                  time: {written}
            """
        }
    )
    problem = oslo.only_problem()
    assert problem.line == 7
    assert problem.hint == (
        "YAML reads it as a number; write the time with a colon, in quotes: "
        f"time: {advice}"
    )


# --- parent by display name ------------------------------------------------------


def chapters_of(repo, files):
    return repo.write(files).valid().chapters


@pytest.fixture
def uk_chapters(repo):
    return chapters_of(
        repo,
        {
            "chapters/uk/chapter.yaml": "name: IOPS United Kingdom\nlevel: national\ncountry: GB\n",
            "chapters/norway/chapter.yaml": NORWAY,
            "chapters/england-north/chapter.yaml": (
                "name: IOPS England North\nlevel: regional\nparent: uk\ncountry: GB\n"
            ),
            "chapters/york/chapter.yaml": (
                "name: IOPS York\nlevel: local\nparent: england-north\ncountry: GB\n"
            ),
        },
    )


def test_parent_given_as_display_name_suggests_its_folder_and_lists_the_few(
    uk_chapters,
):
    assert parent_hint("IOPS United Kingdom", "leeds", "local", uk_chapters) == (
        "did you mean 'uk'? 'parent' is the folder name of IOPS United Kingdom, "
        "not its display name; a local chapter's parent can be: england-north, "
        "norway, uk"
    )
    assert parent_hint("iops england north", "leeds", "local", uk_chapters).startswith(
        "did you mean 'england-north'?"
    )
    assert parent_hint("United Kingdom", "leeds", "local", uk_chapters).startswith(
        "did you mean 'uk'? 'parent' is the folder name of IOPS United Kingdom"
    )


def test_parent_hint_lists_no_local_chapter_and_not_the_chapter_itself(uk_chapters):
    hint = parent_hint("Atlantis", "england-north", "regional", uk_chapters)
    assert hint == (
        "use the folder name of an existing chapter, or remove the line; "
        "a regional chapter's parent can be: norway, uk"
    )


def test_parent_hint_leaves_out_a_long_list(repo):
    files = {
        f"chapters/n{index}/chapter.yaml": f"name: N{index}\nlevel: national\ncountry: GB\n"
        for index in range(11)
    }
    chapters = chapters_of(repo, files)
    assert parent_hint("Atlantis", "x", "local", chapters) == (
        "use the folder name of an existing chapter, or remove the line"
    )


def test_parent_hint_lists_the_parents_in_the_chapters_country_when_all_are_many(
    repo,
):
    files = {
        f"chapters/n{index}/chapter.yaml": f"name: N{index}\nlevel: national\ncountry: FR\n"
        for index in range(10)
    }
    files["chapters/ireland/chapter.yaml"] = (
        "name: IOPS Ireland\nlevel: national\ncountry: IE\n"
    )
    files["chapters/uk/chapter.yaml"] = "name: IOPS UK\nlevel: national\ncountry: GB\n"
    files["chapters/north/chapter.yaml"] = (
        "name: IOPS North\nlevel: regional\nparent: uk\ncountry: GB\n"
    )
    chapters = chapters_of(repo, files)
    # 'england' is closest to 'ireland', in another country: not suggested
    assert parent_hint("england", "leeds", "local", chapters, "GB") == (
        "use the folder name of an existing chapter, or remove the line; the "
        "possible parents in GB (United Kingdom): north, uk"
    )
    assert parent_hint("nort", "leeds", "local", chapters, "GB").startswith(
        "did you mean 'north'?"
    )


IRELAND = "name: IOPS Ireland\nlevel: national\ncountry: IE\n"


def parent_warnings(repo, leeds: str) -> list[str]:
    repo.write(
        {
            "chapters/norway/chapter.yaml": NORWAY,
            "chapters/ireland/chapter.yaml": IRELAND,
            "chapters/leeds/chapter.yaml": leeds,
        }
    )
    return [w.format() for w in content_warnings(repo.valid()) if "parent" in w.message]


def test_a_parent_in_another_countrys_area_is_a_warning_on_the_parent_line(repo):
    warnings = parent_warnings(
        repo, "name: IOPS Leeds\nlevel: local\nparent: norway\ncountry: GB\n"
    )
    assert warnings == [
        "chapters/leeds/chapter.yaml:3:9: warning: parent 'norway' is in NO "
        "(Norway), this chapter in GB (United Kingdom): the site shows it under "
        "IOPS Norway, in the area 'nord-neth', not 'uki' (check 'parent' and "
        "'country'; if the chapter belongs there, say so with 'area: nord-neth')"
    ]


@pytest.mark.parametrize(
    "leeds",
    [
        # across a border within one area: Belfast under IOPS Ireland
        "name: IOPS Belfast\nlevel: local\nparent: ireland\ncountry: GB\n",
        # the area said outright: the chapter belongs there
        "name: IOPS Leeds\nlevel: local\nparent: norway\ncountry: GB\n"
        "area: nord-neth\n",
    ],
)
def test_a_parent_across_a_border_within_an_area_or_with_the_area_said_passes(
    repo, leeds
):
    assert parent_warnings(repo, leeds) == []


def test_a_parent_without_an_area_leaves_the_chapter_its_own_countrys(repo):
    repo.write(
        {"chapters/usa/chapter.yaml": "name: IOPS USA\nlevel: national\ncountry: US\n"}
    )
    leeds = "name: IOPS Leeds\nlevel: local\nparent: usa\ncountry: GB\n"
    assert parent_warnings(repo, leeds) == []


def test_parent_display_name_is_a_located_error_with_the_hint(repo):
    repo.write(
        {
            "chapters/uk/chapter.yaml": "name: IOPS United Kingdom\nlevel: national\ncountry: GB\n",
            "chapters/leeds/chapter.yaml": (
                'name: IOPS Leeds\nlevel: local\nparent: "IOPS United Kingdom"\n'
                "country: GB\n"
            ),
        }
    )
    problem = repo.only_problem()
    assert (problem.path, problem.line, problem.column) == (
        "chapters/leeds/chapter.yaml",
        3,
        9,
    )
    assert problem.message == "parent 'IOPS United Kingdom' is not a chapter"
    assert problem.hint.startswith("did you mean 'uk'?")


# --- an e-mail address where a web address belongs -------------------------------


@pytest.mark.parametrize(
    ("lines", "line", "hint"),
    [
        (
            "contact:\n  website: leeds@example.org\n",
            6,
            "that is an e-mail address: use 'email:' under 'contact:' instead of "
            "'website:'",
        ),
        (
            "contact:\n  social: [mailto:leeds@example.org]\n",
            6,
            "that is an e-mail address: use 'email:' under 'contact:' instead of "
            "'social:'",
        ),
        (
            "meetings:\n  frequency: weekly\n  online: leeds@example.org\n",
            7,
            "that is an e-mail address: 'online' needs a web address starting "
            "with https://; give the e-mail address in the text instead",
        ),
    ],
)
def test_email_address_given_as_a_web_address_says_where_it_goes(
    oslo, lines, line, hint
):
    oslo.write(
        {
            "chapters/oslo/chapter.yaml": 'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
            + lines
        }
    )
    problem = oslo.only_problem()
    assert (problem.line, problem.hint) == (line, hint)


# --- text lost to a comment -------------------------------------------------------


def test_loader_remembers_comments_after_unquoted_values():
    located = loaded(
        """
        venue: Room #3, The Fenton
        level: local   # local, regional or national
        city: "Leeds #1"  # quoted: nothing lost
        tags: [a, b]  # a flow list
        """
    )
    assert located.data["venue"] == "Room"
    assert located.comments == {
        ("venue",): ((1, 13), "#3, The Fenton"),
        ("level",): ((2, 16), "# local, regional or national"),
    }


def test_lost_text_is_a_warning_for_free_text_fields_only():
    located = loaded(
        """
        name: IOPS Leeds
        level: local   # local, regional or national
        country: GB    # the code
        city: Leeds #1
        meetings:
          frequency: weekly  # every week
          venue: Room #3, The Fenton
        """
    )
    warnings = lost_text_warnings(located, CHAPTER_SCHEMA, "leeds.yaml")
    assert [w.format() for w in warnings] == [
        "leeds.yaml:4:13: warning: 'city' is published as 'Leeds': YAML reads '#1' "
        "after it as a comment and drops it (if it belongs to the value, put the "
        'value in quotes: city: "Leeds #1"; if it is a comment, move it to a line '
        "of its own)",
        "leeds.yaml:7:15: warning: 'meetings.venue' is published as 'Room': YAML "
        "reads '#3, The Fenton' after it as a comment and drops it (if it belongs "
        'to the value, put the value in quotes: venue: "Room #3, The Fenton"; if '
        "it is a comment, move it to a line of its own)",
    ]


# --- time zones ------------------------------------------------------------------


def test_country_zones_come_from_tzdata_with_the_main_zone_first():
    assert country_zones("GB") == ("Europe/London",)
    assert country_zones("NO") == ("Europe/Oslo",)
    assert country_zones("ES") == ("Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary")
    assert len(country_zones("US")) > 20
    assert country_zones("ZZ") == ()


@pytest.mark.parametrize(
    ("zone", "utc"),
    [
        ("UTC", True),
        ("GMT", True),
        ("Etc/GMT", True),
        ("Etc/GMT-1", True),
        ("Zulu", True),
        ("Europe/London", False),
        ("Atlantic/Reykjavik", False),
    ],
)
def test_utc_names(zone, utc):
    assert is_utc_name(zone) is utc


def test_offsets_follow_summer_time():
    assert format_offset(offset_on("Europe/London", dt.datetime(2015, 6, 10, 19))) == (
        "+01:00"
    )
    assert format_offset(offset_on("Europe/London", dt.datetime(2015, 1, 10, 19))) == (
        "+00:00"
    )
    assert format_offset(offset_on("America/St_Johns", dt.datetime(2015, 1, 1))) == (
        "-03:30"
    )


def leeds(repo, zone: str, country: str = "GB", status: str = "active"):
    repo.write(
        {
            "chapters/uk/chapter.yaml": "name: IOPS UK\nlevel: national\ncountry: GB\n",
            "chapters/leeds/chapter.yaml": f"""
                name: IOPS Leeds
                level: local
                parent: uk
                country: {country}
                status: {status}
                {"closed: '2014-01-01'" if status == "closed" else ""}
                meetings:
                  frequency: weekly
                  day: tuesday
                  time: "19:00"
                  timezone: {zone}
            """,
        }
    )
    return repo.valid().chapters["leeds"]


@pytest.mark.parametrize("zone", ["GMT", "UTC", "Etc/UTC", "Etc/GMT"])
def test_utc_for_a_british_chapter_warns_and_names_london(repo, zone):
    [warning] = timezone_warnings(leeds(repo, zone))
    assert (warning.line, warning.severity) == (11, "warning")
    assert warning.message.startswith(f"'meetings.timezone' is {zone}, which is UTC")
    assert "clocks in United Kingdom are not" in warning.message
    assert warning.hint == "write 'timezone: Europe/London': it follows summer time"


def test_utc_where_the_clocks_never_change_is_fine(repo):
    assert timezone_warnings(leeds(repo, "UTC", country="IS")) == []


def test_utc_in_a_country_of_several_zones_lists_some(repo):
    [warning] = timezone_warnings(leeds(repo, "UTC", country="US"))
    assert warning.hint.startswith(
        "write the zone of your city, one of America/New_York, America/Detroit"
    )
    assert warning.hint.endswith(" more: they follow summer time")


@pytest.mark.parametrize(
    ("zone", "country", "clocks"),
    [
        ("EST", "US", "UTC-05:00 all year"),  # New York keeps summer time
        ("CET", "GB", "UTC+01:00, UTC+02:00 in July"),
        ("Europe/Oslo", "GB", "UTC+01:00, UTC+02:00 in July"),
    ],
)
def test_a_zone_whose_clocks_are_those_of_no_place_in_the_country_warns(
    repo, zone, country, clocks
):
    [warning] = timezone_warnings(leeds(repo, zone, country=country))
    assert warning.is_warning
    assert warning.message.startswith(
        f"'meetings.timezone' is {zone}, whose clocks ({clocks}) are those of no place"
    )
    assert "America/New_York" in warning.hint or "Europe/London" in warning.hint


def test_clocks_are_judged_by_the_rules_of_the_build_dates_year(repo):
    """Turkey kept Eastern European Time with summer time until 2016."""
    turkey = leeds(repo, "EET", country="TR")
    assert timezone_warnings(turkey, 2015) == []
    [warning] = timezone_warnings(turkey, 2025)
    assert "are those of no place in Türkiye" in warning.message or (
        "are those of no place in Turkey" in warning.message
    )


@pytest.mark.parametrize(
    ("zone", "country"),
    [("US/Eastern", "US"), ("Europe/Belfast", "GB"), ("Europe/Paris", "FR")],
)
def test_another_name_of_the_countrys_clocks_gives_no_warning(repo, zone, country):
    assert timezone_warnings(leeds(repo, zone, country=country)) == []


def test_a_local_zone_and_a_closed_chapter_give_no_zone_warning(repo):
    assert timezone_warnings(leeds(repo, "Europe/London")) == []
    repo.write({"chapters/leeds/chapter.yaml": ""})
    assert timezone_warnings(leeds(repo, "GMT", status="closed")) == []


def test_chapter_zone_is_the_meetings_zone_else_the_countrys_own(repo):
    def zone(chapter):
        return chapter_zone(chapter, repo.valid().chapters)

    assert zone(leeds(repo, "Europe/London")) == "Europe/London"
    assert zone(leeds(repo, "GMT")) == "Europe/London"
    assert zone(leeds(repo, "UTC", country="US")) is None


def event_of_leeds(repo, starts: str, ends: str | None = None):
    repo.write(
        {
            "chapters/leeds/events/picnic.md": f"""
                ---
                title: Picnic
                date: "2015-01-10"
                starts: "{starts}"
                {f'ends: "{ends}"' if ends else ""}
                ---
                Bring food.
            """
        }
    )
    return [w for w in content_warnings(repo.valid()) if w.path.endswith("picnic.md")]


def test_event_offset_that_is_not_londons_in_june_warns_with_the_right_one(repo):
    leeds(repo, "Europe/London")
    [warning] = event_of_leeds(repo, "2015-06-10T19:00:00+00:00")
    assert warning.format() == (
        "chapters/leeds/events/picnic.md:4:9: warning: 'starts' has the UTC offset "
        "+00:00, but Europe/London is at +01:00 on 2015-06-10 (if 19:00 is the time "
        'in Europe/London, write starts: "2015-06-10T19:00:00+01:00"; keep +00:00 '
        "only for an event held in another time zone)"
    )


def test_event_offsets_that_match_the_zone_or_have_none_pass(repo):
    leeds(repo, "Europe/London")
    assert (
        event_of_leeds(repo, "2015-06-10T19:00:00+01:00", "2015-12-10T19:00:00Z") == []
    )
    assert event_of_leeds(repo, "2015-06-10") == []


def test_event_offset_is_checked_against_the_countrys_zone_when_meetings_say_gmt(
    repo,
):
    leeds(repo, "GMT")
    [warning] = event_of_leeds(repo, "2015-06-10T19:00:00+00:00")
    assert "Europe/London is at +01:00" in warning.message


def test_strict_makes_warnings_errors():
    warning = Diagnostic("a", 1, 1, "m", "h", severity="warning")
    assert as_errors([warning]) == [Diagnostic("a", 1, 1, "m", "h")]


# --- placeholder text -------------------------------------------------------------


def test_placeholder_text_is_found_on_its_line():
    body = f"Intro.\n\n  {ITEM_BODY}\n"
    [problem] = placeholder_problems(body, 6, "p.md")
    assert (problem.line, problem.column) == (8, 3)
    assert problem.message == f"the placeholder text '{ITEM_BODY}' is still here"


def test_placeholder_in_a_draft_is_fine_and_in_a_published_item_an_error(oslo):
    post = "---\ntitle: T\ndate: '2014-10-01'\n{status}---\n" + ITEM_BODY + "\n"
    oslo.write({"chapters/oslo/posts/t.md": post.format(status="status: draft\n")})
    oslo.valid()
    oslo.write({"chapters/oslo/posts/t.md": post.format(status="")})
    problem = oslo.only_problem()
    assert (problem.path, problem.line) == ("chapters/oslo/posts/t.md", 5)


def test_a_tab_in_a_text_block_does_not_hide_a_later_mistake():
    [problem] = problems_of('summary: |\n  one\n  \ttwo\ntitle: "open\ndate: x\n')
    assert "quote" in problem
    assert ":4:" in problem
