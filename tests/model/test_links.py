"""Relative links in items must point at files of the repository that exist."""

from __future__ import annotations


def post_with(body: str) -> dict[str, str]:
    return {
        "chapters/oslo/posts/p.md": f'---\ntitle: P\ndate: "2014-01-01"\n---\n{body}\n'
    }


def test_link_to_an_existing_image_is_fine(oslo):
    oslo.write(
        {
            "chapters/oslo/images/map.png": b"\x89PNG",
            **post_with("![Map](../images/map.png)"),
        }
    )
    oslo.valid()


def test_link_to_a_missing_image_is_located(oslo):
    oslo.write(post_with("Intro\n\nSee ![Map](../images/mapp.png)"))
    problem = oslo.only_problem()
    assert (problem.path, problem.line, problem.column) == (
        "chapters/oslo/posts/p.md",
        7,
        12,
    )
    assert (
        problem.message
        == "link '../images/mapp.png' points to a file that does not exist"
    )


def test_link_out_of_the_repository_is_refused(oslo):
    oslo.write(post_with('<img src="../../../../../etc/passwd">'))
    assert "points outside the repository" in oslo.only_problem().message


def test_links_to_other_items_and_external_addresses_are_not_checked_as_files(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/other.md": '---\ntitle: O\ndate: "2014-01-01"\n---\nx\n',
            **post_with(
                "[other](other.md) [web](https://example.org/x) [top](#top) [abs](/chapters/)"
            ),
        }
    )
    oslo.valid()


def test_file_name_without_letters_or_digits_is_refused(oslo):
    oslo.write(
        {"chapters/oslo/posts/---.md": '---\ntitle: P\ndate: "2014-01-01"\n---\nx\n'}
    )
    assert oslo.only_problem().message == "the file name gives this item no address"


def test_links_in_about_md_and_summary_and_unquoted_attributes_are_checked(oslo):
    oslo.write(
        {
            "chapters/oslo/about.md": "Intro\n\n![x](images/missing.png)\n",
            "chapters/oslo/posts/p.md": '---\ntitle: P\ndate: "2014-01-01"\n'
            "summary: See ![m](../images/nope.png)\n---\n<img src=../images/bare.png>\n",
        }
    )
    found = sorted((p.path, p.line, p.message.split("'")[1]) for p in oslo.problems())
    assert found == [
        ("chapters/oslo/about.md", 3, "images/missing.png"),
        ("chapters/oslo/posts/p.md", 4, "../images/nope.png"),
        ("chapters/oslo/posts/p.md", 6, "../images/bare.png"),
    ]


def test_upper_case_markdown_suffix_is_refused_with_a_rename_hint(oslo):
    oslo.write(
        {"chapters/oslo/posts/Hello.MD": '---\ntitle: P\ndate: "2014-01-01"\n---\nx\n'}
    )
    problem = oslo.only_problem()
    assert problem.message == "file name ends in '.MD'"
    assert problem.hint == "rename it to end in '.md' (lower case)"


def test_terminal_escape_in_a_post_is_located(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/c.md": '---\ntitle: C\ndate: "2014-06-01"\n---\nhello \x1b[31m red\n'
        }
    )
    problem = oslo.only_problem()
    assert (problem.line, problem.column) == (5, 7)
    assert problem.message == "control character U+001B is not allowed"


def test_only_pictures_are_published_from_images(oslo):
    oslo.write(
        {
            "chapters/oslo/images/photo.JPG": b"jpg",
            "chapters/oslo/images/.gitkeep": b"",
            "chapters/oslo/images/page.html": b"<script>alert(1)</script>",
            "chapters/oslo/images/logo.svg": b"<svg onload='alert(1)'/>",
        }
    )
    found = sorted((p.path, p.message) for p in oslo.problems())
    assert found == [
        (
            "chapters/oslo/images/logo.svg",
            "'.svg' files are not published from images/",
        ),
        (
            "chapters/oslo/images/page.html",
            "'.html' files are not published from images/",
        ),
    ]
