"""Relative links in items must point at files of the repository that exist."""

from __future__ import annotations

import pytest


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


def test_a_slash_after_a_files_name_is_refused_with_the_name_to_write(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/other.md": '---\ntitle: O\ndate: "2014-01-01"\n---\nx\n',
            **post_with("See [other](other.md/#notes) and [a section](other.md#notes)"),
        }
    )
    problem = oslo.only_problem()
    assert problem.message == "link 'other.md/#notes' ends with / after a file's name"
    assert problem.hint == "write it as 'other.md'"


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


def test_every_control_character_of_a_post_is_located_at_once(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/c.md": '---\ntitle: C\ndate: "2014-06-01"\n---\n'
            "one \x07 two \x07\nthree\n\n\x1b[0m end\n"
        }
    )
    problems = oslo.problems()
    assert [(p.line, p.column, p.message[:30]) for p in problems] == [
        (5, 5, "control character U+0007 is no"),
        (5, 11, "control character U+0007 is no"),
        (8, 1, "control character U+001B is no"),
    ]


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


# --- links are read from the published HTML ---------------------------------------


def item(title: str, *fields: str, body: str = "x") -> str:
    return "---\n" + "\n".join([f"title: {title}", *fields]) + f"\n---\n{body}\n"


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        (('date: "2014-01-01"', "status: draft"), "it is a draft (status: draft)"),
        (
            ('date: "2015-02-01"',),
            "it is dated 2015-02-01, after the build date 2015-01-15",
        ),
    ],
    ids=["draft", "future"],
)
def test_link_to_an_item_that_is_not_published_is_an_error(oslo, fields, why):
    oslo.write(
        {
            "chapters/oslo/posts/secret.md": item("Secret", *fields),
            **post_with("See [it](secret.md)."),
        }
    )
    problem = oslo.only_problem()
    assert (problem.path, problem.line, problem.column) == (
        "chapters/oslo/posts/p.md",
        5,
        10,
    )
    assert problem.message == (
        f"link 'secret.md' points to an item that is not published: {why}"
    )


def test_a_draft_may_link_to_another_draft(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/a.md": item(
                "A", 'date: "2014-01-01"', "status: draft", body="[b](b.md)"
            ),
            "chapters/oslo/posts/b.md": item(
                "B", 'date: "2014-01-01"', "status: draft", body="[a](a.md)"
            ),
        }
    )
    oslo.valid()


@pytest.mark.parametrize(
    "link",
    [
        "{static}../chapter.yaml",
        "{filename}../about.md",
        "{attach}../images/x.png",
        "{static}../../../../etc/hostname",
        "|filename|../posts/x.md",
        "{author}javascript:alert(1)",
    ],
)
def test_pelican_link_markers_are_refused_with_a_plain_link_as_the_hint(oslo, link):
    oslo.write(post_with(f"Intro\n\nSee [it]({link})."))
    problem = oslo.only_problem()
    assert (problem.line, problem.column) == (7, 10)
    marker = link[: link.index("}") + 1] if link[0] == "{" else "|filename|"
    assert problem.message == f"link '{link}' uses Pelican's '{marker}' marker"
    assert problem.hint.startswith("write a plain relative link")


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        ("> [r]: ../chapter.yaml\n>\n> [x][r]", 5, 8),
        ("- item\n\n    [r]: ../chapter.yaml\n\n[x][r]", 7, 10),
    ],
    ids=["reference in a quote", "reference in a list"],
)
def test_links_written_anywhere_in_the_markdown_are_checked(oslo, body, line, column):
    oslo.write(post_with(body))
    problem = oslo.only_problem()
    assert (problem.line, problem.column) == (line, column)
    assert problem.message == (
        "link '../chapter.yaml' points to a file that is not published"
    )


def test_an_unused_reference_definition_is_no_link(oslo):
    oslo.write(post_with("[r]: ../chapter.yaml"))
    oslo.valid()


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("![x](https://evil.example/t.png)", 7),
        ('<img src="http://evil.example/u.gif">', 7),
        ('<img src="//evil.example/u.gif">', 7),
        ('<img src="\\\\evil.example/u.gif">', 7),  # browsers read \ as /
        ('<img src=" https://evil.example/u.gif">', 7),
        # A browser drops the tab; the text is not found as written, so the
        # error points at the start of the text.
        ('<img src="/&#9;/evil.example/u.gif">', 5),
    ],
)
def test_a_picture_from_another_site_is_an_error(oslo, source, line):
    oslo.write(post_with(f"Intro\n\n{source}"))
    problem = oslo.only_problem()
    assert problem.line == line
    assert "is on another site" in problem.message
    assert problem.hint.startswith("download the picture into images/")


def test_a_picture_from_another_site_in_a_summary_is_located_there(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/p.md": '---\ntitle: P\ndate: "2014-01-01"\n'
            "summary: See ![t](https://evil.example/t.png)\n---\nx\n"
        }
    )
    problem = oslo.only_problem()
    assert (problem.line, problem.column) == (4, 19)
    assert "'https://evil.example/t.png' is on another site" in problem.message


def test_links_to_other_sites_are_fine(oslo):
    oslo.write(
        post_with(
            "[a](https://example.org/) <a href='//example.org/x'>b</a> "
            "[c](mailto:a@example.org) ![local](/images/logo.png)"
        )
    )
    oslo.valid()


def test_more_than_a_thousand_different_links_is_one_error(oslo):
    links = " ".join(f"[a](p{i}.md)" for i in range(5000))
    oslo.write(post_with(links))
    problems = oslo.problems()
    # The limit is named first, at the start of the text: the rest are not checked.
    assert (problems[0].line, problems[0].column) == (5, 1)
    assert problems[0].message == "more than 1,000 different links to files in one text"
    assert problems[1].message == "link 'p0.md' points to a file that does not exist"
    assert len(problems) == 21  # 20 listed, then how many more
    assert problems[-1].message == "and 981 more errors in this file, from here on"


def test_links_of_a_text_refused_for_its_size_are_not_checked(oslo):
    oslo.write(post_with("[a](missing.md) " * 20_000))
    problem = oslo.only_problem()
    assert (
        problem.message == "the text is 320,001 characters long; the limit is 200,000"
    )


# --- addresses of this site, written from its root ------------------------------------


def site_link_warnings_of(oslo, body: str, **files: str) -> list[str]:
    from plugins.model.federation import content_warnings

    oslo.write({**post_with(body), **files})
    return [w.format() for w in content_warnings(oslo.valid()) if w.is_warning]


def test_an_address_of_this_site_that_leads_nowhere_is_a_located_warning(oslo):
    warnings = site_link_warnings_of(
        oslo,
        "See [the notes](/chapters/oslo/posts/notes/) and\n"
        "[Leeds](/chapters/leedz/) and [it again](/chapters/oslo/posts/notes/#x).",
    )
    assert warnings == [
        "chapters/oslo/posts/p.md:5:17: warning: link '/chapters/oslo/posts/notes/' "
        "leads to no post, report, event or page (copy the address from the item's "
        "page, or write a relative link to its file (../posts/other.md), which the "
        "check follows)",
        "chapters/oslo/posts/p.md:6:9: warning: link '/chapters/leedz/' leads to no "
        "chapter: there is no chapter 'leedz' (copy the address from the chapter's "
        "page, or link to its folder's files with a relative link such as "
        "../posts/other.md)",
        "chapters/oslo/posts/p.md:6:42: warning: link '/chapters/oslo/posts/notes/#x'"
        " leads to no post, report, event or page (copy the address from the item's "
        "page, or write a relative link to its file (../posts/other.md), which the "
        "check follows)",
    ]


def test_addresses_of_chapters_items_translations_and_other_pages_pass(oslo):
    hello = '---\ntitle: Hello\ndate: "2014-01-01"\n---\nHi.\n'
    links = " ".join(
        f"[x]({address})"
        for address in (
            "/chapters/oslo/",
            "/chapters/oslo/posts/hello/",
            "/chapters/oslo/posts/hello/nb/",
            "/chapters/oslo/posts/hello/index.html",
            "/chapters/oslo/posts/",
            "/chapters/",
            "/exchange/",
            "/report/",
            "/posts/welcome/",
            "/chapters/oslo/atom.xml",
            "//other.example/chapters/nowhere/",
            "/chapters/oslo/posts/page/2/",
            "/events/page/3/",
            "/chapters/oslo/posts/../posts/hello/",
        )
    )
    files = {
        "chapters/oslo/posts/hello.md": hello,
        "chapters/oslo/posts/hello.nb.md": hello.replace("Hello", "Hei"),
        "content/posts/welcome.md": hello,
    }
    assert site_link_warnings_of(oslo, links, **files) == []


def test_an_address_of_a_picture_the_site_does_not_publish_is_a_warning(oslo):
    png = "\x89PNG\r\n\x1a\n"
    warnings = site_link_warnings_of(
        oslo,
        "![a](/chapters/oslo/images/map.png) ![b](/images/logo.png) "
        "![c](/chapters/oslo/images/nothere.png) ![d](/images/Logo.png)",
        **{"chapters/oslo/images/map.png": png, "content/images/logo.png": png},
    )
    assert [w.split(": warning: ")[1].split(" (")[0] for w in warnings] == [
        "link '/chapters/oslo/images/nothere.png' leads to no picture: the site "
        "publishes no chapters/oslo/images/nothere.png",
        "link '/images/Logo.png' leads to no picture: the site publishes no "
        "images/Logo.png",
    ]


def test_an_address_of_a_draft_is_a_warning_and_a_draft_is_not_checked(oslo):
    draft = '---\ntitle: D\ndate: "2014-01-01"\nstatus: draft\n---\n[x](/posts/gone/)\n'
    warnings = site_link_warnings_of(
        oslo,
        "[the draft](/chapters/oslo/posts/d/)",
        **{"chapters/oslo/posts/d.md": draft},
    )
    assert warnings == [
        "chapters/oslo/posts/p.md:5:13: warning: link '/chapters/oslo/posts/d/' "
        "leads to an item that is not published: it is a draft (status: draft) "
        "(link to it once it is published, or remove the link)"
    ]


@pytest.mark.parametrize(
    "href",
    ["/&#9;/[x", "/\\other.example/chapters/x/", "/&#10;/other.example/chapters/x/"],
)
def test_an_address_a_browser_reads_as_another_site_or_none_is_not_judged(oslo, href):
    assert site_link_warnings_of(oslo, f'<a href="{href}">x</a>') == []


def test_addresses_of_this_site_do_not_count_against_the_links_to_files(oslo):
    links = " ".join(f"[x](/chapters/oslo/#a{n})" for n in range(1001))
    assert site_link_warnings_of(oslo, links) == []


def test_a_link_in_other_capitals_than_the_file_says_so(oslo):
    oslo.write(
        {
            "chapters/oslo/images/Venue.png": "x",
            **post_with("![venue](../images/venue.png)"),
        }
    )
    problem = oslo.only_problem()
    assert "does not exist" in problem.message
    assert problem.hint.startswith("the folder holds 'Venue.png'")


def test_a_link_to_a_section_no_heading_has_is_a_warning_with_the_right_name(oslo):
    other = '---\ntitle: O\ndate: "2014-01-01"\n---\n## What we did about it\n\n## Next steps\n'
    warnings = site_link_warnings_of(
        oslo,
        "[a](other.md#What-we-did-about-it) [b](other.md#next-steps) "
        "[c](other.md#nowhere-near)",
        **{"chapters/oslo/posts/other.md": other},
    )
    assert [w.split(": warning: ")[1] for w in warnings] == [
        "link 'other.md#What-we-did-about-it' leads to no heading of "
        "chapters/oslo/posts/other.md: the page opens at its top (did you mean "
        "'what-we-did-about-it'?)",
        "link 'other.md#nowhere-near' leads to no heading of "
        "chapters/oslo/posts/other.md: the page opens at its top (its headings are "
        "#next-steps, #what-we-did-about-it)",
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "other.md#next",
            "write it as ../posts/other.md#next: that is where the file is",
        ),
        ("../posts/other", "write it as ../posts/other.md: that is where the file is"),
        ("images/map.png", "write it as ../images/map.png: that is where the file is"),
        (
            "gone.md",
            "check the spelling and the folder: from another folder of the "
            "chapter, a post is ../posts/its-name.md",
        ),
    ],
)
def test_a_link_that_misses_by_a_folder_or_a_suffix_gets_the_link_that_works(
    oslo, written, hint
):
    oslo.write(
        {
            "chapters/oslo/posts/other.md": '---\ntitle: O\ndate: "2014-01-01"\n---\nx\n',
            "chapters/oslo/images/map.png": "\x89PNG\r\n\x1a\n",
            "chapters/oslo/events/e.md": (
                '---\ntitle: E\ndate: "2014-01-01"\nstarts: "2014-02-01"\n---\n'
                f"See [it]({written}).\n"
            ),
        }
    )
    problem = oslo.only_problem()
    assert problem.message.endswith("points to a file that does not exist")
    assert problem.hint == hint
