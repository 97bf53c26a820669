"""chapter.yaml: each rule of the contract's §2, reported on the line that breaks it."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.model.chapters import Admin, Meetings, Members

PROFILE = "chapters/oslo/chapter.yaml"


def profile(*extra: str, name="IOPS Oslo", level="local", country="NO") -> str:
    """name, level and country on lines 1-3, then ``extra`` lines from line 4 on.

    A field given as None is left out.
    """
    fields = {"name": name, "level": level, "country": country}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "\n".join([*lines, *extra]) + "\n"


def only_problem_of(repo, text: str):
    repo.write({PROFILE: text})
    return repo.only_problem()


def where(problem):
    return (problem.path, problem.line, problem.column)


def test_full_profile_becomes_a_chapter(repo):
    repo.write(
        {
            PROFILE: """
        name: IOPS Oslo
        level: local
        country: NO
        city: Oslo
        location: {lat: 59.91, lon: 10}
        founded: "2013-02"
        languages: [nb, en]
        summary: We meet every other Wednesday.
        admins:
          - {name: Kari Nordmann, github: kari-n, email: kari@example.org}
        contact: {email: oslo@example.org, website: "https://oslo.example.org/"}
        meetings:
          {frequency: fortnightly, day: wednesday, time: 19:00, timezone: Europe/Oslo}
        members: {count: 12, women: 5, as_of: "2014-11-01"}
        status: forming
        updated: "2014-12-01"
    """
        }
    )
    chapter = repo.valid().chapters["oslo"]
    assert chapter.path == PROFILE
    assert (chapter.name, chapter.level, chapter.country, chapter.area) == (
        "IOPS Oslo",
        "local",
        "NO",
        "nord-neth",
    )
    assert chapter.location == (59.91, 10.0)
    assert chapter.languages == ("nb", "en")
    assert chapter.admins == (Admin("Kari Nordmann", "kari-n", "kari@example.org"),)
    assert chapter.meetings == Meetings(
        "fortnightly", "wednesday", "19:00", "Europe/Oslo"
    )
    assert chapter.members == Members(count=12, women=5, as_of=dt.date(2014, 11, 1))
    assert chapter.status == "forming"
    assert chapter.updated == dt.date(2014, 12, 1)


def test_unquoted_norway_country_code_stays_text(repo):
    repo.write({PROFILE: profile(country="NO")})
    assert repo.valid().chapters["oslo"].country == "NO"


def test_status_defaults_to_active(repo):
    repo.write({PROFILE: profile()})
    chapter = repo.valid().chapters["oslo"]
    assert chapter.status == "active"
    assert not chapter.is_closed


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing here yet\n"])
def test_empty_chapter_yaml_is_an_error(repo, text):
    problem = only_problem_of(repo, text)
    assert where(problem) == (PROFILE, 1, 1)
    assert problem.message == "chapter.yaml is empty"
    assert "name, level and country" in problem.hint


def test_chapter_yaml_that_is_a_list_says_it_needs_key_value_lines(repo):
    problem = only_problem_of(repo, "- name: Oslo\n")
    assert where(problem) == (PROFILE, 1, 1)
    assert (
        problem.message == "the file must be a set of 'key: value' lines — got a list"
    )


@pytest.mark.parametrize(
    ("missing", "hint"),
    [
        ("name", "add a line 'name: IOPS Melbourne'"),
        ("level", "add a line 'level: local'"),
        ("country", "add a line 'country: \"NO\"'"),
    ],
)
def test_missing_required_field_is_reported_with_an_example(repo, missing, hint):
    problem = only_problem_of(repo, profile("city: Oslo", **{missing: None}))
    assert where(problem) == (PROFILE, 1, 1)
    assert problem.message == f"missing required field '{missing}'"
    assert problem.hint == hint


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("ciy", "city"),
        ("langauges", "languages"),
        ("sumary", "summary"),
        ("updtaed", "updated"),
    ],
)
def test_unknown_key_near_a_known_one_says_did_you_mean(repo, typo, meant):
    problem = only_problem_of(repo, profile(f"{typo}: x"))
    assert where(problem) == (PROFILE, 4, 1)
    assert problem.message == f"unknown field '{typo}'"
    assert problem.hint == f"did you mean '{meant}'?"


def test_misspelt_name_is_both_unknown_and_missing(repo):
    repo.write({PROFILE: "nmae: IOPS Oslo\nlevel: local\ncountry: NO\n"})
    problems = repo.problems()
    assert [(p.line, p.message, p.hint) for p in sorted(problems)] == [
        (1, "missing required field 'name'", "add a line 'name: IOPS Melbourne'"),
        (1, "unknown field 'nmae'", "did you mean 'name'?"),
    ]


def test_unknown_key_far_from_any_lists_the_allowed_keys(repo):
    problem = only_problem_of(repo, profile("mascot: owl"))
    assert where(problem) == (PROFILE, 4, 1)
    assert problem.hint.startswith("allowed here: name, level, parent, country, area")


def test_unknown_key_in_a_nested_mapping_is_named_with_its_parent(repo):
    problem = only_problem_of(
        repo, profile("meetings:", "  frequency: weekly", "  dya: monday")
    )
    assert where(problem) == (PROFILE, 6, 3)
    assert problem.message == "unknown field 'meetings.dya'"
    assert problem.hint == "did you mean 'day'?"


def test_wrong_level_lists_the_allowed_levels(repo):
    problem = only_problem_of(repo, profile(level="city"))
    assert where(problem) == (PROFILE, 2, 8)
    assert problem.message == (
        "'level' must be one of local, regional, national — got 'city'"
    )


def test_level_typo_says_did_you_mean(repo):
    problem = only_problem_of(repo, profile(level="regoinal"))
    assert problem.hint == "did you mean 'regional'?"


@pytest.mark.parametrize(
    ("members", "women_line"),
    [
        ("members: {count: 3, women: 5, as_of: '2014-11-01'}", 4),
        ("members:\n  count: 3\n  as_of: '2014-11-01'\n  women: 5", 7),
    ],
    ids=["flow", "block"],
)
def test_more_women_than_members_is_an_error_on_the_women_line(
    repo, members, women_line
):
    problem = only_problem_of(repo, profile(members))
    assert (problem.path, problem.line) == (PROFILE, women_line)
    assert problem.message == "'members.women' (5) is more than 'members.count' (3)"


def test_as_many_women_as_members_is_fine(repo):
    repo.write({PROFILE: profile("members: {count: 5, women: 5, as_of: '2014-11-01'}")})
    assert repo.valid().chapters["oslo"].members.women == 5


@pytest.mark.parametrize(
    ("line", "column", "message", "hint"),
    [
        (
            'updated: "2014-02-30"',
            10,
            "'updated' is not a valid date: '2014-02-30'",
            "no such date: day is out of range for month",
        ),
        (
            'updated: "30.01.2014"',
            10,
            "'updated' is not a valid date: '30.01.2014'",
            'write the date as "YYYY-MM-DD" in quotes, e.g. "2014-06-01"',
        ),
        (
            "updated: 2014-13-01",
            10,
            "'updated' is not a valid date: '2014-13-01'",
            "no such date: month must be in 1..12",
        ),
        (
            'founded: "2014-13"',
            10,
            "'founded' is not a valid date: '2014-13'",
            "no such date: month must be in 1..12",
        ),
    ],
)
def test_impossible_or_misformatted_date_is_an_error(repo, line, column, message, hint):
    problem = only_problem_of(repo, profile(line))
    assert where(problem) == (PROFILE, 4, column)
    assert problem.message == message
    assert problem.hint == hint


@pytest.mark.parametrize("written", ["0123", '"0123"'], ids=["unquoted", "quoted"])
def test_member_count_with_leading_zero_is_rejected_not_converted(repo, written):
    problem = only_problem_of(
        repo, profile("members:", f"  count: {written}", "  as_of: '2014-11-01'")
    )
    assert where(problem) == (PROFILE, 5, 10)
    assert problem.message == "'members.count' must be a whole number — got '0123'"
    assert problem.hint == "write the number without leading zeros: 123"


def test_quoted_member_count_says_to_drop_the_quotes(repo):
    problem = only_problem_of(
        repo, profile("members: {count: '12', as_of: '2014-11-01'}")
    )
    assert problem.message == "'members.count' must be a whole number — got '12'"
    assert problem.hint == "write it without quotes: count: 12"


def test_a_decimal_comma_says_to_write_a_point(repo):
    problem = only_problem_of(repo, profile('location: {lat: "60,39", lon: 5.32}'))
    assert problem.hint == (
        "write it with a decimal point and without quotes: lat: 60.39"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("wed", "'wed' is Wednesday: write 'wednesday'"),
        ("ons.", "'ons.' is Wednesday: write 'wednesday'"),
        ("Wednesday", "write it in lower case: 'wednesday'"),
    ],
)
def test_a_weekday_shortened_or_in_capitals_is_named_as_written(repo, written, hint):
    problem = only_problem_of(
        repo, profile(f"meetings: {{frequency: weekly, day: '{written}'}}")
    )
    assert problem.hint == hint


def test_a_weekday_in_another_language_is_named_in_english(repo):
    problem = only_problem_of(
        repo, profile("meetings: {frequency: weekly, day: tirsdag}")
    )
    assert problem.hint == "'tirsdag' is Tuesday: write 'tuesday'"


def test_negative_member_count_is_an_error(repo):
    problem = only_problem_of(
        repo, profile("members: {count: -1, as_of: '2014-11-01'}")
    )
    assert problem.message == "'members.count' must be at least 0 — got -1"


@pytest.mark.parametrize(
    ("country", "hint"),
    [
        ("no", 'write the code in upper case: "NO"'),
        ("gb", 'write the code in upper case: "GB"'),
        ("Norway", 'use the two-letter code "NO"'),
        ("NOR", 'use the two-letter code "NO"'),
        ("XX", 'use a two-letter ISO 3166 code in quotes, e.g. "GB" or "NO"'),
        ("UK", 'UK is not an ISO 3166 code: the United Kingdom is "GB"'),
        ("el", 'el is not an ISO 3166 code: Greece is "GR"'),
    ],
)
def test_invalid_country_code_says_how_to_write_it(repo, country, hint):
    problem = only_problem_of(repo, profile(country=country))
    assert where(problem) == (PROFILE, 3, 10)
    assert problem.message == f"'country' is not a valid country code: '{country}'"
    assert problem.hint == hint


def test_boolean_country_says_to_quote_it(repo):
    problem = only_problem_of(repo, profile(country="false"))
    assert problem.message == "'country' must be text — got false"
    assert problem.hint == 'put it in quotes: country: "false"'


@pytest.mark.parametrize(
    ("area", "hint"),
    [
        ("nord-neht", "did you mean 'nord-neth'?"),
        ("eur_nw", "did you mean 'eur-nw'?"),
    ],
)
def test_unknown_area_key_says_did_you_mean(repo, area, hint):
    problem = only_problem_of(repo, profile(f"area: {area}"))
    assert where(problem) == (PROFILE, 4, 7)
    assert problem.message == f"'area' is not a valid area key: '{area}'"
    assert problem.hint == hint


def test_unknown_area_far_from_any_lists_the_known_areas(repo):
    problem = only_problem_of(repo, profile("area: mars"))
    assert problem.hint.startswith("known areas: eur-e-me-a, eur-nw, na-m")


def test_timezone_typo_says_did_you_mean(repo):
    problem = only_problem_of(
        repo, profile("meetings:", "  frequency: weekly", "  timezone: Europe/Olso")
    )
    assert where(problem) == (PROFILE, 6, 13)
    assert (
        problem.message == "'meetings.timezone' is not a valid time zone: 'Europe/Olso'"
    )
    assert problem.hint == "did you mean 'Europe/Oslo'?"


@pytest.mark.parametrize("time", ["7pm", "24:00", "9:30", "19.00"])
def test_meeting_time_must_be_24_hour_hh_mm(repo, time):
    problem = only_problem_of(
        repo, profile(f"meetings: {{frequency: weekly, time: '{time}'}}")
    )
    assert problem.message == f"'meetings.time' is not a valid time: '{time}'"
    assert problem.hint == 'write the time as 24-hour "HH:MM" in quotes, e.g. "19:00"'


def arabic_indic(text: str) -> str:
    """``text`` with its digits written as Arabic-Indic digits (U+0660 to U+0669)."""
    return "".join(chr(0x0660 + int(c)) if c in "0123456789" else c for c in text)


def fullwidth(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c in "0123456789" else c for c in text)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            f'founded: "{arabic_indic("2014-02")}"',
            f"'founded' is not a valid date: '{arabic_indic('2014-02')}'",
        ),
        (f'updated: "{fullwidth("2014-12-01")}"', "'updated' is not a valid date"),
        (
            f'meetings: {{frequency: weekly, time: "1{arabic_indic("9")}:00"}}',
            f"'meetings.time' is not a valid time: '1{arabic_indic('9')}:00'",
        ),
    ],
    ids=["arabic-indic year", "fullwidth date", "arabic-indic hour"],
)
def test_dates_and_times_take_only_ascii_digits(repo, line, message):
    # Python's \d and int() accept every script's digits; readers of the
    # calendars and feeds do not.
    problem = only_problem_of(repo, profile(line))
    assert problem.message.startswith(message)


def test_unquoted_meeting_time_is_accepted(repo):
    repo.write({PROFILE: profile("meetings:", "  frequency: weekly", "  time: 19:00")})
    assert repo.valid().chapters["oslo"].meetings.time == "19:00"


def test_closed_status_without_a_closed_date_is_an_error_on_the_status_line(repo):
    problem = only_problem_of(repo, profile("city: Oslo", "status: closed"))
    assert where(problem) == (PROFILE, 5, 9)
    assert problem.message == "a closed chapter needs the date it closed"
    assert problem.hint == "add a line 'closed: \"YYYY-MM-DD\"'"


@pytest.mark.parametrize(
    ("status", "shown"), [(None, "active"), ("dormant", "dormant")]
)
def test_closed_date_without_closed_status_is_an_error_on_the_closed_line(
    repo, status, shown
):
    lines = [f"status: {status}"] if status else []
    problem = only_problem_of(repo, profile(*lines, 'closed: "2014-03-01"'))
    assert where(problem) == (PROFILE, 4 + len(lines), 9)
    assert problem.message == f"'closed' is given but status is '{shown}'"


def test_closed_chapter_with_its_date_is_valid(repo):
    repo.write({PROFILE: profile("status: closed", 'closed: "2014-03-01"')})
    chapter = repo.valid().chapters["oslo"]
    assert chapter.is_closed
    assert chapter.closed == dt.date(2014, 3, 1)


def test_national_chapter_with_a_parent_is_an_error_on_the_parent_line(repo):
    repo.write(
        {
            "chapters/nordic/chapter.yaml": "name: N\nlevel: regional\ncountry: NO\n",
            "chapters/norway/chapter.yaml": (
                "name: Norway\nlevel: national\ncountry: NO\nparent: nordic\n"
            ),
        }
    )
    problem = repo.only_problem()
    assert where(problem) == ("chapters/norway/chapter.yaml", 4, 9)
    assert problem.message == (
        "a national chapter has no parent; it hangs under the international site"
    )


def test_all_schema_errors_of_one_profile_are_reported(repo):
    repo.write(
        {PROFILE: profile("summary: " + "x" * 301, "languages: []", level="town")}
    )
    assert [(p.line, p.message) for p in sorted(repo.problems())] == [
        (2, "'level' must be one of local, regional, national — got 'town'"),
        (4, "'summary' is 301 characters long; at most 300 allowed"),
        (5, "'languages' needs at least 1 entry"),
    ]


@pytest.mark.parametrize(
    ("written", "stored"),
    [('"2013"', "2013"), ('"2013-02"', "2013-02"), ("2013-02-14", "2013-02-14")],
)
def test_founded_may_be_a_year_a_month_or_a_day(repo, written, stored):
    repo.write({PROFILE: profile(f"founded: {written}")})
    assert repo.valid().chapters["oslo"].founded == stored


def test_unquoted_founding_year_is_a_number_and_says_to_quote_it(repo):
    problem = only_problem_of(repo, profile("founded: 2013"))
    assert where(problem) == (PROFILE, 4, 10)
    assert problem.message == "'founded' must be text — got 2013"
    assert problem.hint == 'put it in quotes: founded: "2013"'


@pytest.mark.parametrize(
    ("wrong", "other", "hidden"),
    [
        (
            "location: {lat: 91, lon: 10}",
            'members: {count: 3, women: 4, as_of: "2014-01-01"}',
            "'members.women' (4) is more than 'members.count' (3)",
        ),
        (
            'languages: ["english"]',
            "status: closed",
            "a closed chapter needs the date it closed",
        ),
        (
            'updated: "2014-02-30"',
            'meetings: {frequency: fortnightly, day: monday, since: "2014-01-07"}',
            "'meetings.since'",
        ),
    ],
)
def test_a_wrong_field_hides_no_error_across_the_other_fields(
    repo, wrong, other, hidden
):
    repo.write({PROFILE: profile(wrong, other)})
    problems = repo.problems()
    assert [p.line for p in problems] == [4, 5], problems
    assert hidden in problems[1].message


def test_a_rule_across_fields_does_not_judge_a_field_the_schema_refused(repo):
    repo.write({PROFILE: profile("status: shut", 'closed: "2014-01-01"')})
    [problem] = repo.problems()
    assert problem.line == 4  # the status, once: no "status is 'shut'" rule error


def test_a_chapter_marked_closed_on_a_day_still_to_come_is_warned(repo):
    from plugins.model.federation import closing_ahead_warnings

    repo.write({PROFILE: profile("status: closed", 'closed: "2015-06-01"')})
    chapters = repo.valid().chapters.values()
    [warning] = closing_ahead_warnings(chapters, dt.date(2015, 1, 15))
    assert (warning.path, warning.line, warning.is_warning) == (PROFILE, 5, True)
    assert warning.message.startswith("'closed' is 2015-06-01, after the build date")
    assert closing_ahead_warnings(chapters, dt.date(2015, 6, 1)) == []


def test_dates_a_reader_sees_that_cannot_be_right_on_the_build_date_are_warned(repo):
    from plugins.model.federation import date_order_warnings

    post = "chapters/oslo/posts/{}.md"
    repo.write(
        {
            PROFILE: profile(
                'updated: "2099-01-01"',
                'founded: "2016"',
                'members: {count: 9, women: 4, as_of: "2015-02-01"}',
            ),
            post.format("ahead"): '---\ntitle: A\ndate: "2014-06-01"\n'
            'modified: "2099-06-01"\n---\nText.\n',
            post.format("before"): '---\ntitle: B\ndate: "2014-06-01"\n'
            'modified: "2013-06-01"\n---\nText.\n',
            post.format("fine"): '---\ntitle: C\ndate: "2014-06-01"\n'
            'modified: "2014-07-01"\n---\nText.\n',
            # not published yet: its 'modified' is for later too
            post.format("later"): '---\ntitle: D\ndate: "2015-06-01"\n'
            'modified: "2015-07-01"\n---\nText.\n',
        }
    )
    warnings = date_order_warnings(repo.valid(), dt.date(2015, 1, 15))
    found = sorted((w.path, w.line, w.message.split(":")[0]) for w in warnings)
    assert found == [
        (PROFILE, 4, "'updated' is 2099-01-01, after the build date (2015-01-15)"),
        (PROFILE, 5, "'founded' is 2016, after the build date (2015-01-15)"),
        (
            PROFILE,
            6,
            "'members.as_of' is 2015-02-01, after the build date (2015-01-15)",
        ),
        (
            post.format("ahead"),
            4,
            "'modified' is 2099-06-01, after the build date (2015-01-15)",
        ),
        (
            post.format("before"),
            4,
            "'modified' (2013-06-01) is before 'date' (2014-06-01)",
        ),
    ]
    assert all(w.is_warning for w in warnings)


def test_a_closed_chapters_joining_text_is_said_to_be_shown_nowhere(repo):
    from plugins.model.chapters import exchange_warnings

    repo.write(
        {
            PROFILE: profile(
                "status: closed",
                'closed: "2014-06-01"',
                'joining: "Come on Wednesdays."',
            )
        }
    )
    [warning] = exchange_warnings(repo.valid().chapters["oslo"])
    assert (warning.line, warning.is_warning) == (6, True)
    assert warning.message.startswith("a closed chapter's 'joining' is not shown")
