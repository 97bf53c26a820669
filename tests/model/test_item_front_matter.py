"""Posts, reports, events and pages: front matter, where files live, joint work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plugins.model.items import Item

POST = "chapters/oslo/posts/hello.md"


def front_matter(*lines: str, body: str = "Text.\n") -> str:
    """A Markdown file whose front matter fields start on line 2."""
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body


def where(problem):
    return (problem.path, problem.line, problem.column)


def only_problem_of(repo, path: str, text: str):
    repo.write({path: text})
    return repo.only_problem()


# --- valid items -------------------------------------------------------------------


def test_post_becomes_an_item_of_its_folders_chapter(oslo):
    oslo.write(
        {
            POST: front_matter(
                'title: "Hello: again"',
                'date: "2014-06-01"',
                "tags: [organising, reading]",
                "featured: true",
            )
        }
    )
    [item] = oslo.valid().items
    assert (item.path, item.chapter, item.kind, item.slug) == (
        POST,
        "oslo",
        "posts",
        "hello",
    )
    assert item.title == "Hello: again"
    assert item.date == dt.datetime(2014, 6, 1)
    assert item.featured is True
    assert item.url == "chapters/oslo/posts/hello/"


def test_item_under_content_belongs_to_the_international_level(repo):
    repo.write(
        {
            "content/reports/What Happened 2014.md": front_matter(
                "title: What happened", 'date: "2014-12-01"'
            )
        }
    )
    [item] = repo.valid().items
    assert (item.chapter, item.kind, item.slug) == (
        None,
        "reports",
        "what-happened-2014",
    )
    assert item.url == "reports/what-happened-2014/"


def test_page_needs_no_date(oslo):
    oslo.write({"chapters/oslo/pages/bylaws.md": front_matter("title: Bylaws")})
    [item] = oslo.valid().items
    assert item.date is None


def test_event_with_start_and_end(oslo):
    oslo.write(
        {
            "chapters/oslo/events/stall.md": front_matter(
                "title: Book stall",
                'date: "2014-03-01"',
                'starts: "2014-04-12T11:00:00+01:00"',
                'ends: "2014-04-12T17:00:00+01:00"',
                "location: Torggata 11",
            )
        }
    )
    [item] = oslo.valid().items
    assert item.starts == dt.datetime(
        2014, 4, 12, 11, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert item.ends - item.starts == dt.timedelta(hours=6)


def test_subfolders_in_a_kind_folder_do_not_change_the_address(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/2014/hello.md": front_matter(
                "title: x", 'date: "2014-01-01"'
            )
        }
    )
    [item] = oslo.valid().items
    assert item.url == "chapters/oslo/posts/hello/"


# --- required fields ---------------------------------------------------------------


def test_missing_title_is_an_error_at_the_start_of_the_front_matter(oslo):
    problem = only_problem_of(oslo, POST, front_matter('date: "2014-06-01"'))
    assert where(problem) == (POST, 2, 1)
    assert problem.message == "missing required field 'title'"


def test_empty_front_matter_is_missing_its_title(oslo):
    problem = only_problem_of(oslo, "chapters/oslo/pages/x.md", front_matter())
    assert problem.message == "missing required field 'title'"


@pytest.mark.parametrize("kind", ["posts", "reports", "events"])
def test_dated_kinds_without_date_are_an_error(oslo, kind):
    extra = ['starts: "2014-04-12"'] if kind == "events" else []
    path = f"chapters/oslo/{kind}/x.md"
    problem = only_problem_of(oslo, path, front_matter("title: X", *extra))
    assert where(problem) == (path, 2, 1)
    assert problem.message == (
        f"missing required field 'date' ({kind} need a publication date)"
    )
    assert problem.hint == "add a line 'date: \"YYYY-MM-DD\"'"


def test_event_without_starts_is_an_error(oslo):
    path = "chapters/oslo/events/x.md"
    problem = only_problem_of(
        oslo, path, front_matter("title: X", 'date: "2014-03-01"')
    )
    assert where(problem) == (path, 2, 1)
    assert problem.message == "missing required field 'starts' (events need a start)"


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        ("2014-04-12", "2014-04-11"),
        ("2014-04-12T11:00:00+01:00", "2014-04-12T10:59:00+01:00"),
        ("2014-04-12T11:00:00+01:00", "2014-04-12T09:30:00Z"),  # 10:30 in +01:00
    ],
)
def test_event_that_ends_before_it_starts_is_an_error_on_the_ends_line(
    oslo, starts, ends
):
    path = "chapters/oslo/events/x.md"
    problem = only_problem_of(
        oslo,
        path,
        front_matter(
            "title: X", 'date: "2014-03-01"', f'starts: "{starts}"', f'ends: "{ends}"'
        ),
    )
    assert where(problem) == (path, 5, 7)
    assert problem.message == "the event ends before it starts"


def test_event_ending_later_in_another_offset_is_fine(oslo):
    oslo.write(
        {
            "chapters/oslo/events/x.md": front_matter(
                "title: X",
                'date: "2014-03-01"',
                'starts: "2014-04-12T11:00:00+01:00"',
                'ends: "2014-04-12T10:30:00Z"',
            )
        }
    )
    oslo.valid()


@pytest.mark.parametrize("field", ["starts", "ends", "location", "online"])
def test_event_fields_on_a_post_are_an_error(oslo, field):
    value = '"https://meet.example.org/x"' if field == "online" else '"2014-04-12"'
    problem = only_problem_of(
        oslo, POST, front_matter("title: X", 'date: "2014-03-01"', f"{field}: {value}")
    )
    assert where(problem) == (POST, 4, len(field) + 3)
    assert problem.message == f"'{field}' is only for events"
    assert problem.hint == "move the file into events/ or remove the line"


# --- field values --------------------------------------------------------------------


@pytest.mark.parametrize("written", ["yes", "Yes", "on", "1", '"true"'])
def test_featured_must_be_true_or_false(oslo, written):
    problem = only_problem_of(
        oslo,
        POST,
        front_matter("title: X", 'date: "2014-03-01"', f"featured: {written}"),
    )
    assert where(problem) == (POST, 4, 11)
    assert problem.message.startswith("'featured' must be true or false — got ")
    assert problem.hint == "write featured: true or featured: false"


@pytest.mark.parametrize(
    ("date", "hint"),
    [
        ("2014-02-30", "no such date or time: day is out of range for month"),
        ("1 June 2014", 'write "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+01:00" in quotes'),
        ("2014-06-01T25:00:00", "no such date or time: hour must be in 0..23"),
    ],
)
def test_impossible_date_is_an_error_on_its_line(oslo, date, hint):
    problem = only_problem_of(oslo, POST, front_matter("title: X", f'date: "{date}"'))
    assert where(problem) == (POST, 3, 7)
    assert problem.message == f"'date' is not a valid date or date and time: '{date}'"
    assert problem.hint == hint


@pytest.mark.parametrize(
    "date",
    [
        "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in "2014-06-01"),
        "2014-06-01T1\u0669:00:00+01:00",
        "2014-06-01T19:00:00+0\u0661:00",
    ],
)
def test_dates_in_other_scripts_digits_are_an_error(oslo, date):
    problem = only_problem_of(oslo, POST, front_matter("title: X", f'date: "{date}"'))
    assert where(problem) == (POST, 3, 7)
    assert problem.message == f"'date' is not a valid date or date and time: '{date}'"


def test_status_other_than_published_or_draft_is_an_error(oslo):
    problem = only_problem_of(
        oslo, POST, front_matter("title: X", 'date: "2014-03-01"', "status: hidden")
    )
    assert problem.message == "'status' must be one of published, draft — got 'hidden'"


def test_unknown_front_matter_field_says_did_you_mean(oslo):
    problem = only_problem_of(
        oslo, POST, front_matter("title: X", 'date: "2014-03-01"', "tgas: [a]")
    )
    assert where(problem) == (POST, 4, 1)
    assert problem.hint == "did you mean 'tags'?"


def test_duplicate_key_in_front_matter_is_reported_at_its_file_line(oslo):
    problem = only_problem_of(
        oslo, POST, front_matter("title: X", 'date: "2014-03-01"', "title: Y")
    )
    assert where(problem) == (POST, 4, 1)
    assert problem.message == "duplicate key 'title' (first given on line 2)"


def test_yaml_error_in_front_matter_is_reported_at_its_file_line(oslo):
    problem = only_problem_of(oslo, POST, front_matter("title: Meeting: June"))
    assert where(problem) == (POST, 2, 15)
    assert "must be quoted" in problem.hint


def test_front_matter_that_is_a_list_is_an_error(oslo):
    problem = only_problem_of(oslo, POST, front_matter("- title: X"))
    assert where(problem) == (POST, 2, 1)
    assert problem.message == "front matter must be 'key: value' lines"


# --- joint work ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chapters_lines", "line", "column"),
    [
        (["chapters: [norway, bergn]"], 4, 20),
        (["chapters:", "  - norway", "  - bergn"], 6, 5),
    ],
    ids=["flow", "block"],
)
def test_chapters_naming_a_missing_chapter_points_at_that_entry(
    oslo, chapters_lines, line, column
):
    oslo.write(
        {"chapters/bergen/chapter.yaml": "name: Bergen\nlevel: local\ncountry: NO\n"}
    )
    problem = only_problem_of(
        oslo, POST, front_matter("title: X", 'date: "2014-03-01"', *chapters_lines)
    )
    assert where(problem) == (POST, line, column)
    assert problem.message == "'chapters' names 'bergn', which is not a chapter"
    assert problem.hint == "did you mean 'bergen'?"


def test_chapters_listing_its_own_chapter_is_an_error(oslo):
    problem = only_problem_of(
        oslo,
        POST,
        front_matter("title: X", 'date: "2014-03-01"', "chapters: [norway, oslo]"),
    )
    assert where(problem) == (POST, 4, 20)
    assert problem.message == "'chapters' lists 'oslo', the chapter this file is in"


def test_chapters_naming_a_chapter_with_a_broken_profile_adds_no_error(oslo):
    oslo.write(
        {"chapters/bergen/chapter.yaml": "name: Bergen\nlevel: town\ncountry: NO\n"}
    )
    problem = only_problem_of(
        oslo, POST, front_matter("title: X", 'date: "2014-03-01"', "chapters: [bergen]")
    )
    assert problem.path == "chapters/bergen/chapter.yaml"


def test_joint_item_lists_its_other_chapters(oslo):
    oslo.write(
        {POST: front_matter("title: X", 'date: "2014-03-01"', "chapters: [norway]")}
    )
    [item] = oslo.valid().items
    assert item.chapters == ("norway",)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("posts/hello.md", "posts/2014/hello.md"),
        ("posts/hello.md", "posts/hello.markdown"),
        ("posts/Hello World.md", "posts/hello-world.md"),
    ],
)
def test_two_files_with_the_same_address_are_an_error_on_the_later_one(
    oslo, first, second
):
    text = front_matter("title: X", 'date: "2014-03-01"')
    oslo.write({f"chapters/oslo/{first}": text, f"chapters/oslo/{second}": text})
    problem = oslo.only_problem()
    earlier, later = sorted([f"chapters/oslo/{first}", f"chapters/oslo/{second}"])
    assert where(problem) == (later, 0, 0)
    assert problem.message.startswith(
        f"has the same address as {earlier} (/chapters/oslo/posts/"
    )
    assert problem.hint == "rename one of the two files"


def test_same_file_name_in_another_kind_or_chapter_is_fine(oslo):
    text = front_matter("title: X", 'date: "2014-03-01"')
    oslo.write(
        {
            "chapters/oslo/posts/hello.md": text,
            "chapters/oslo/reports/hello.md": text,
            "chapters/norway/posts/hello.md": text,
            "content/posts/hello.md": text,
        }
    )
    assert len(oslo.valid().items) == 4


# --- Pelican's "Key: value" header ---------------------------------------------------


def test_pelican_style_header_is_accepted(oslo):
    oslo.write(
        {POST: "Title: Hello\nDate: 2014-01-01\nTags: a, b\nAuthor: Kari\n\nText.\n"}
    )
    [item] = oslo.valid().items
    assert item.title == "Hello"
    assert item.date == dt.datetime(2014, 1, 1)
    assert item.meta.data["tags"] == ["a", "b"]
    assert item.meta.data["authors"] == ["Kari"]


def test_pelican_style_header_reads_semicolon_lists_and_boolean_featured(oslo):
    oslo.write(
        {
            POST: "Title: Hello\nDate: 2014-01-01\n"
            "Authors: Nordmann, Kari; Ola\nFeatured: True\n"
        }
    )
    [item] = oslo.valid().items
    assert item.meta.data["authors"] == ["Nordmann, Kari", "Ola"]
    assert item.featured is True


def test_pelican_style_header_errors_are_located(oslo):
    problem = only_problem_of(oslo, POST, "Title: Hello\nDate: 2014-13-01\n\nText.\n")
    assert where(problem) == (POST, 2, 7)
    assert (
        problem.message == "'date' is not a valid date or date and time: '2014-13-01'"
    )


def test_pelican_style_featured_yes_is_an_error(oslo):
    problem = only_problem_of(
        oslo, POST, "Title: Hello\nDate: 2014-01-01\nFeatured: yes\n"
    )
    assert where(problem) == (POST, 3, 11)
    assert problem.hint == "write featured: true or featured: false"


def test_pelican_style_duplicate_key_is_an_error(oslo):
    problem = only_problem_of(
        oslo, POST, "Title: Hello\nDate: 2014-01-01\ntitle: Again\n"
    )
    assert where(problem) == (POST, 3, 1)
    assert problem.message == "duplicate key 'title' (first given on line 1)"


def test_pelican_style_header_with_more_keys_than_a_mapping_may_hold_is_refused(oslo):
    keys = "".join(f"k{i}: v\n" for i in range(5000))
    problem = only_problem_of(oslo, POST, "Title: Hello\nDate: 2014-01-01\n" + keys)
    assert where(problem) == (POST, 1001, 1)
    assert problem.message == "more than 1,000 keys in the header"


def test_pelican_style_header_continuation_lines_are_joined(oslo):
    oslo.write({POST: "Title: Hello\n    and\n    more\nDate: 2014-01-01\n\nText.\n"})
    [item] = oslo.valid().items
    assert item.title == "Hello and more"


@pytest.mark.parametrize(
    "header",
    ["Title: a\U0001fffeb\n", "Title: a\n    b\U0010ffff\n", "Tags: x, \U0008fffe\n"],
)
def test_pelican_style_header_refuses_non_characters_like_yaml(oslo, header):
    problem = only_problem_of(oslo, POST, header + "Date: 2014-01-01\n\nText.\n")
    assert problem.line == 1
    assert "non-character that is not allowed" in problem.message


@pytest.mark.parametrize(
    ("header", "line", "column", "shown"),
    [
        ('title: "Our first year"\ndate: 2015-01-10\n', 1, 8, '"..."'),
        ("title: Hello\ndate: '2015-01-10'\n", 2, 7, "'...'"),
        ("title: Hello\ndate: 2015-01-10\ntags: [organising, leeds]\n", 3, 7, "[...]"),
        (
            "title: Hello\ndate: 2015-01-10\ntags:\n  - organising\n  - leeds\n",
            3,
            1,
            "- ...",
        ),
        (
            "title: Hello\ndate: 2015-01-10\nsummary: >\n    A long\n    summary\n",
            3,
            10,
            ">",
        ),
        (
            "title: Hello\ndate: 2015-01-10\nlocation: {lat: 1, lon: 2}\n",
            3,
            11,
            "{...}",
        ),
        (
            "title: Hello\ndate: 2015-01-10\ntags:\n    - organising\n    - unions\n",
            3,
            6,
            "- ...",
        ),
        ("title: 'Workers'' rights'\ndate: 2015-01-10\n", 1, 8, "'...'"),
        ('title: "The \\"Open\\" meeting"\ndate: 2015-01-10\n', 1, 8, '"..."'),
    ],
)
def test_yaml_front_matter_without_its_dashes_is_refused_not_published_as_written(
    oslo, header, line, column, shown
):
    problem = only_problem_of(oslo, POST, header + "\nText.\n")
    assert where(problem) == (POST, line, column)
    assert f"is written as YAML ({shown})" in problem.message
    assert "no '---' lines around it" in problem.message
    assert problem.hint.startswith("put a line with three dashes (---) above")


@pytest.mark.parametrize(
    ("title", "tags"),
    [('The "Open" meeting', "[a"), ('"Why" and "How"', "[a], [b]")],
)
def test_pelican_style_values_with_quotes_inside_are_read_as_written(oslo, title, tags):
    oslo.write({POST: f"Title: {title}\nDate: 2014-01-01\nTags: {tags}\n\nText.\n"})
    [item] = oslo.valid().items
    assert item.title == title
    assert item.meta.data["tags"] == [tag.strip() for tag in tags.split(",")]


# --- no or broken front matter --------------------------------------------------------


@pytest.mark.parametrize("text", ["Just some text.\n", "", "# Heading\n\ntitle: x\n"])
def test_file_without_front_matter_is_an_error(oslo, text):
    problem = only_problem_of(oslo, POST, text)
    assert where(problem) == (POST, 1, 1)
    assert problem.message == "the file has no front matter"


def test_unclosed_front_matter_is_an_error(oslo):
    problem = only_problem_of(
        oslo, POST, '---\ntitle: X\ndate: "2014-01-01"\n\nText.\n'
    )
    assert where(problem) == (POST, 1, 1)
    assert (
        problem.message
        == "front matter starts with '---' but has no closing '---' line"
    )


# --- where files may live ------------------------------------------------------------


def test_about_md_without_front_matter_is_the_chapters_description(oslo):
    oslo.write({"chapters/oslo/about.md": "We are a reading group.\n"})
    chapter = oslo.valid().chapters["oslo"]
    assert chapter.about_html == "<p>We are a reading group.</p>"


def test_about_md_with_a_byte_order_mark_renders_without_it(oslo):
    oslo.write({"chapters/oslo/about.md": "\ufeff# Who we are\n".encode()})
    chapter = oslo.valid().chapters["oslo"]
    assert chapter.about_html.startswith("<h1")
    assert "\ufeff" not in chapter.about_html


def test_about_md_with_front_matter_is_an_error(oslo):
    problem = only_problem_of(
        oslo, "chapters/oslo/about.md", front_matter("title: About")
    )
    assert where(problem) == ("chapters/oslo/about.md", 1, 1)
    assert problem.message == "about.md is Markdown text only, without front matter"


@pytest.mark.parametrize("name", ["photo.jpg", "notes.txt", "draft.MD.bak"])
def test_non_markdown_file_in_a_kind_folder_is_an_error(oslo, name):
    path = f"chapters/oslo/posts/{name}"
    problem = only_problem_of(oslo, path, "x")
    assert where(problem) == (path, 0, 0)
    assert problem.message == "only Markdown (.md) files belong in posts/"


def test_upper_case_markdown_suffix_asks_for_a_rename(oslo):
    # Pelican picks its reader by the exact suffix: refuse .MD rather than fail later.
    oslo.write(
        {"chapters/oslo/posts/hello.MD": front_matter("title: X", 'date: "2014-03-01"')}
    )
    assert oslo.only_problem().hint == "rename it to end in '.md' (lower case)"


def test_markdown_file_at_the_top_of_a_chapter_folder_is_an_error(oslo):
    path = "chapters/oslo/notes.md"
    problem = only_problem_of(oslo, path, front_matter("title: X"))
    assert where(problem) == (path, 0, 0)
    assert problem.message == "unexpected file 'notes.md'"
    assert problem.hint == "move it into posts/, reports/, events/ or pages/"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("chapters/oslo/blog/x.md", "unexpected folder 'blog'"),
        ("chapters/oslo/README.txt", "unexpected file 'README.txt'"),
        ("content/about.md", "unexpected file 'about.md'"),
        ("content/news/x.md", "unexpected folder 'news'"),
    ],
)
def test_unexpected_files_and_folders_are_errors(oslo, path, message):
    problem = only_problem_of(oslo, path, "x")
    assert where(problem)[1:] == (0, 0)
    assert problem.message == message


def test_images_folders_are_left_alone(oslo):
    oslo.write(
        {
            "chapters/oslo/images/venue.jpg": b"\xff\xd8\xff",
            "content/images/logo.png": b"\x89PNG",
        }
    )
    oslo.valid()


def test_hidden_files_and_folders_are_reported_and_never_read(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/.DS_Store": b"\x00",
            "chapters/oslo/posts/.drafts/x.md": "not front matter",
            "chapters/oslo/.gitkeep": "",
            "content/.hidden.md": "x",
            "content/posts/.gitkeep": "",
        }
    )
    federation, problems = oslo.load()
    assert [where(p) for p in problems] == [
        ("chapters/oslo/posts/.DS_Store", 0, 0),
        ("chapters/oslo/posts/.drafts", 0, 0),
        ("content/.hidden.md", 0, 0),
    ]
    assert all("never published" in p.message for p in problems)
    assert federation.items == ()


# --- when an item is published ------------------------------------------------


def item(date: dt.datetime | None, status: str = "published") -> Item:
    return Item(
        path=POST,
        source=Path(POST),
        chapter="oslo",
        kind="posts",
        slug="hello",
        title="Hello",
        date=date,
        status=status,
    )


BUILD = dt.date(2015, 1, 15)


@pytest.mark.parametrize(
    ("date", "status", "published"),
    [
        (dt.datetime(2015, 1, 14), "published", True),
        (dt.datetime(2015, 1, 15), "published", True),
        (dt.datetime(2015, 1, 15, 23, 59), "published", True),
        (dt.datetime(2015, 1, 16), "published", False),
        (dt.datetime(2016, 1, 1), "published", False),
        (None, "published", True),
        (dt.datetime(2014, 1, 1), "draft", False),
        (dt.datetime(2015, 1, 15), "draft", False),
        (None, "draft", False),
    ],
    ids=[
        "day-before",
        "on-the-build-date",
        "late-on-the-build-date",
        "day-after",
        "next-year",
        "undated-page",
        "old-draft",
        "draft-on-the-build-date",
        "undated-draft",
    ],
)
def test_item_is_published_by_a_build_date(date, status, published):
    assert item(date, status).published_by(BUILD) is published


def test_future_dated_post_is_loaded_but_not_yet_published(oslo):
    oslo.write({POST: front_matter("title: Soon", 'date: "2015-02-01"')})
    [soon] = oslo.valid().items
    assert not soon.published_by(dt.date(2015, 1, 31))
    assert soon.published_by(dt.date(2015, 2, 1))


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        ('"2014-04-12"', '"2014-04-11T10:00:00+01:00"'),
        ('"2014-04-12T10:00:00+01:00"', '"2014-04-11"'),
        ('"2014-04-12T10:00:00"', '"2014-04-11T10:00:00+01:00"'),
    ],
)
def test_event_ending_on_an_earlier_day_is_refused_whatever_the_precision(
    oslo, starts, ends
):
    oslo.write(
        {
            "chapters/oslo/events/e.md": f"""
            ---
            title: E
            date: "2014-04-01"
            starts: {starts}
            ends: {ends}
            ---
        """,
        }
    )
    assert oslo.only_problem().message == "the event ends before it starts"


def test_event_time_without_offset_gets_the_chapters_offset_as_hint(repo):
    repo.write(
        {
            "chapters/norway/chapter.yaml": "name: N\nlevel: national\ncountry: NO\n"
            "meetings: {frequency: monthly, timezone: Europe/Oslo}\n",
            "chapters/norway/events/e.md": front_matter(
                "title: E", 'date: "2015-01-01"', 'starts: "2015-07-01T19:00"'
            ),
        }
    )
    problem = repo.only_problem()
    assert problem.message.startswith("'starts' has a time but no UTC offset")
    assert (
        problem.hint
        == 'write starts: "2015-07-01T19:00:00+02:00" (Europe/Oslo time on that day)'
    )


def test_event_with_offset_or_whole_day_is_fine(oslo):
    oslo.write(
        {
            "chapters/oslo/events/a.md": front_matter(
                "title: A", 'date: "2015-01-01"', 'starts: "2015-07-01"'
            ),
            "chapters/oslo/events/b.md": front_matter(
                "title: B", 'date: "2015-01-01"', 'starts: "2015-07-01T19:00:00+02:00"'
            ),
        }
    )
    assert len(oslo.valid().items) == 2


# --- dated far ahead ------------------------------------------------------------------


def test_only_items_dated_more_than_90_days_ahead_are_reported_and_drafts_never(oslo):
    from plugins.model.federation import far_ahead_warnings

    oslo.write(
        {
            "chapters/oslo/posts/a.md": front_matter("title: A", 'date: "2015-04-15"'),
            "chapters/oslo/posts/b.md": front_matter("title: B", 'date: "2015-04-16"'),
            "chapters/oslo/posts/c.md": front_matter(
                "title: C", 'date: "2016-01-15"', "status: draft"
            ),
        }
    )
    items = oslo.valid().items
    [warning] = far_ahead_warnings(items, dt.date(2015, 1, 15))
    assert warning.path == "chapters/oslo/posts/b.md"
    assert warning.is_warning
    assert "dated 2015-04-16, 91 days after the build date" in warning.message


# --- an event announced on or after its day ---------------------------------------------


def test_an_unpublished_event_dated_on_or_after_its_day_is_reported(oslo):
    from plugins.model.federation import late_announcement_warnings

    event = "chapters/oslo/events/{}.md"
    oslo.write(
        {
            # announced on the day: off the site until it happens
            event.format("on-the-day"): front_matter(
                "title: A", 'date: "2015-01-29"', 'starts: "2015-01-29T19:00:00+01:00"'
            ),
            # announced after it happened
            event.format("after"): front_matter(
                "title: B", 'date: "2015-02-20"', 'starts: "2015-02-10"'
            ),
            # announced ahead of time, later than the build date: as meant
            event.format("ahead"): front_matter(
                "title: C", 'date: "2015-01-20"', 'starts: "2015-02-10"'
            ),
            # published already (a record written after the event): fine
            event.format("record"): front_matter(
                "title: D", 'date: "2015-01-10"', 'starts: "2015-01-05"'
            ),
        }
    )
    warnings = late_announcement_warnings(oslo.valid().items, dt.date(2015, 1, 15))
    assert sorted((w.path, w.line) for w in warnings) == [
        (event.format("after"), 3),
        (event.format("on-the-day"), 3),
    ]
    messages = sorted(w.message for w in warnings)
    assert "dated 2015-01-29, the day it takes place (2015-01-29)" in messages[0]
    assert "dated 2015-02-20, after it takes place (2015-02-10)" in messages[1]
    assert all(w.is_warning and '"2015-01-15"' in w.hint for w in warnings)


def test_a_wrong_field_hides_no_rule_of_the_others(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/p.md": front_matter(
                "title: A",
                'date: "2015-01-01"',
                "featured: yes",
                "registration: https://example.org/sign-up",
            )
        }
    )
    problems = oslo.problems()
    assert [p.line for p in problems] == [4, 5]
    assert "'registration' is only for events" in problems[1].message


def test_a_rule_does_not_judge_a_field_the_schema_refused(oslo):
    oslo.write(
        {
            "chapters/oslo/events/e.md": front_matter(
                "title: A",
                'date: "2015-01-01"',
                'starts: "2015-02-30"',
                'ends: "2015-01-01"',
            )
        }
    )
    [problem] = oslo.problems()  # the impossible date only: no "ends before"
    assert problem.line == 4


def test_an_offset_beyond_a_day_is_said_in_words_not_in_pythons(oslo):
    oslo.write(
        {
            "chapters/oslo/events/e.md": front_matter(
                "title: A", 'date: "2015-01-01"', 'starts: "2015-02-01T19:00:00+25:00"'
            )
        }
    )
    [problem] = oslo.problems()
    assert "timedelta" not in problem.format()
    assert "the UTC offset must be between -23:59 and +23:59" in problem.format()


def test_two_names_that_look_the_same_are_told_apart(oslo):
    import unicodedata

    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, "café")
        oslo.write(
            {
                f"chapters/oslo/posts/{name}.md": front_matter(
                    "title: C", 'date: "2015-01-01"'
                )
            }
        )
    [problem] = oslo.problems()
    assert "has the same address as" in problem.message
    assert "write an accented letter differently" in problem.message
