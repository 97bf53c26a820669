"""The one walk of the repository: no link followed, nothing hidden, names printable."""

from __future__ import annotations

import os
import re
import time

import pytest

from plugins.model.federation import content_warnings, load_federation
from plugins.model.files import read_text
from plugins.model.render import (
    MAX_BODY_CHARS,
    MAX_DEPTH,
    MAX_HTML_CHARS,
    MAX_TABLE_BARS,
    MarkdownRenderer,
    RenderProblem,
    published_depth,
)
from plugins.model.sanitize import sanitize_html
from plugins.model.settings import chapter_settings
from plugins.model.walk import printable

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
POST = '---\ntitle: Hello\ndate: "2014-06-01"\n---\n'
# Pelican's setting enables them; abbreviations come with "extra".
EXTRA = {"extension_configs": {"markdown.extensions.extra": {}}}


def where(problem):
    return (problem.path, problem.line, problem.column)


def test_validated_pictures_are_the_static_files_with_their_addresses(oslo):
    oslo.write(
        {
            "chapters/oslo/images/venue.jpg": PNG,
            "chapters/oslo/images/2014/march/map.png": PNG,
            "content/images/logo.png": PNG,
        }
    )
    files = oslo.valid().static_files
    assert [(f.source.relative_to(oslo.root).as_posix(), f.url) for f in files] == [
        (
            "chapters/oslo/images/2014/march/map.png",
            "chapters/oslo/images/2014/march/map.png",
        ),
        ("chapters/oslo/images/venue.jpg", "chapters/oslo/images/venue.jpg"),
        ("content/images/logo.png", "images/logo.png"),
    ]


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("chapters/oslo/images/pics", "../posts"),  # a folder inside the repository
        ("chapters/oslo/images/up", "../../.."),
        ("chapters/oslo/images/loop", "loop"),
        ("chapters/oslo/images/photo.jpg", "../../norway/chapter.yaml"),
        ("chapters/oslo/posts/copy.md", "../../norway/chapter.yaml"),
        ("chapters/bergen", "oslo"),
        ("chapters/oslo/pages", "posts"),
        ("content/posts", "../chapters/oslo/posts"),
    ],
)
def test_every_symbolic_link_is_an_error_at_its_own_path(oslo, link, target):
    path = oslo.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    problem = oslo.only_problem()
    assert where(problem) == (link, 0, 0)
    assert (
        problem.message == "is a symbolic link; links are never followed or published"
    )
    assert oslo.load()[0].static_files == ()


def test_a_profile_linked_to_a_secret_is_never_read_or_echoed(oslo):
    secret = oslo.root.parent / "token.txt"
    secret.write_text("ghp_SECRETTOKEN\nname: x\n", encoding="utf-8")
    profile = oslo.root / "chapters/oslo/chapter.yaml"
    profile.unlink()
    os.symlink(secret, profile)
    problems = oslo.problems()
    assert [where(p) for p in problems] == [("chapters/oslo/chapter.yaml", 0, 0)]
    assert "SECRET" not in problems[0].format()


def test_reading_never_goes_through_a_link(tmp_path):
    (tmp_path / "real.md").write_text("secret", encoding="utf-8")
    os.symlink("real.md", tmp_path / "link.md")
    text, problems = read_text(tmp_path / "link.md", "link.md")
    assert text is None
    assert "secret" not in problems[0].format()


@pytest.mark.parametrize(
    "name",
    ["evil\n::error::x.md", "a\r::add-mask::b.md", "tab\there.md", "rtl\u202egpj.md"],
)
def test_names_that_cannot_be_printed_safely_are_refused(oslo, name):
    (oslo.root / "chapters/oslo/posts").mkdir(parents=True, exist_ok=True)
    (oslo.root / "chapters/oslo/posts" / name).write_text(POST, encoding="utf-8")
    problem = oslo.only_problem()
    assert problem.path == "chapters/oslo/posts/" + printable(name)
    assert "\n" not in problem.format() and "\r" not in problem.format()
    assert problem.message == "the name contains invisible or control characters"
    assert oslo.load()[0].items == ()


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("a b.png", "a-b.png"),
        ("a#b.png", "a-b.png"),
        ("a?b.png", "a-b.png"),
        ("a%41.png", "a-41.png"),
        ('x" onerror="alert(1)" title="y.png', "x-onerror-alert-1-title-y.png"),
        ("café.jpg", "cafe.jpg"),
        ("2014 trip/map.png", "2014-trip"),
    ],
)
def test_picture_names_must_work_in_a_web_address(oslo, name, suggested):
    oslo.write({f"chapters/oslo/images/{name}": PNG})
    problem = oslo.only_problem()
    assert where(problem) == (f"chapters/oslo/images/{name}", 0, 0)
    first = name.split("/")[0]
    assert problem.message == (
        f"the name '{first}' has characters that do not work in a web address"
    )
    assert problem.hint == (
        f"rename it to '{suggested}' (letters, digits, '.', '_' and '-')"
    )


def test_picture_names_with_letters_digits_dots_and_dashes_are_fine(oslo):
    oslo.write({"chapters/oslo/images/2014_trip/Map-v2.final.PNG": PNG})
    oslo.valid()


def test_a_picture_larger_than_five_mib_is_refused_with_a_hint_to_resize(oslo):
    oslo.write({"chapters/oslo/images/ok.jpg": PNG})
    big = oslo.root / "chapters/oslo/images/photo.jpg"
    big.write_bytes(b"")
    os.truncate(big, 5 * 1024 * 1024 + 1)  # sparse: costs no disk
    os.truncate(oslo.root / "chapters/oslo/images/ok.jpg", 5 * 1024 * 1024)
    problem = oslo.only_problem()
    assert where(problem) == ("chapters/oslo/images/photo.jpg", 0, 0)
    assert problem.message == (
        "the file is 5,242,881 bytes; pictures may be at most 5 MiB"
    )
    assert problem.hint.startswith("make it smaller")


def load_with(root, **paths):
    return load_federation(chapter_settings({"PATH": str(root), **paths}))


def test_a_linked_content_folder_is_an_error_and_nothing_behind_it_is_read(oslo):
    oslo.write({".stash/posts/secret.md": POST + "Secret.\n"})
    os.symlink(".stash", oslo.root / "content")
    federation, problems = load_with(oslo.root)
    assert [where(p) for p in problems] == [("content", 0, 0)]
    assert problems[0].message == (
        "is a symbolic link; links are never followed or published"
    )
    assert federation.items == ()


def test_a_linked_chapters_folder_is_an_error_and_no_chapter_is_read(oslo):
    os.rename(oslo.root / "chapters", oslo.root / "elsewhere")
    os.symlink("elsewhere", oslo.root / "chapters")
    federation, problems = load_with(oslo.root)
    assert [where(p) for p in problems] == [("chapters", 0, 0)]
    assert federation.chapters == {}


def test_a_link_between_the_repository_and_content_is_an_error(oslo):
    oslo.write({".stash/content/posts/secret.md": POST + "Secret.\n"})
    os.symlink(".stash", oslo.root / "site")
    federation, problems = load_with(oslo.root, CHAPTERS_CONTENT_PATH="site/content")
    assert [where(p) for p in problems] == [("site", 0, 0)]
    assert federation.items == ()


def test_settings_keep_a_linked_folder_as_written_for_the_walk_to_report(tmp_path):
    os.symlink(".stash", tmp_path / "content")
    settings = chapter_settings({"PATH": str(tmp_path)})
    assert settings.content_path == tmp_path / "content"


def test_a_fifo_in_images_is_refused_without_blocking(oslo):
    (oslo.root / "chapters/oslo/images").mkdir(parents=True)
    os.mkfifo(oslo.root / "chapters/oslo/images/pipe.jpg")
    problem = oslo.only_problem()
    assert where(problem) == ("chapters/oslo/images/pipe.jpg", 0, 0)
    assert problem.message == "is not a regular file or folder"


def test_carriage_return_line_endings_are_read_like_any_other(oslo):
    text = POST.replace("\n", "\r") + "First line\r\rSecond paragraph\r"
    oslo.write({"chapters/oslo/posts/hello.md": text.encode()})
    (item,) = oslo.valid().items
    assert item.title == "Hello"
    assert item.html == "<p>First line</p>\n<p>Second paragraph</p>"


# --- bounded rendering ----------------------------------------------------------


def test_markdown_extensions_configured_for_pelican_are_enabled():
    renderer = MarkdownRenderer(EXTRA)
    # focusable, so a table too wide for a phone can be scrolled with the keyboard
    assert (
        '<table tabindex="0">'
        in renderer.render("| a | b |\n|---|---|\n| 1 | 2 |").html
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 150_000, "seconds to turn into HTML"),
        ("<b>" * 60_000, "seconds to turn into HTML"),
        # Python-Markdown recurses until it fails, unless the time runs out first
        ("- " * 5_000 + "x", "nested too deeply|seconds to turn into HTML"),
        ("> " * 100 + "x", "nested 101 levels deep"),
        ("<div>" * 40_000, "nested 40000 levels deep"),
        ("x" * 200_001, "the limit is 200,000"),
        # 30 KB of abbreviations make 100 MB of HTML
        (
            "*[A]: " + "t" * 20_000 + "\n\n" + "A " * 5000,
            "makes 100,120,007 characters of HTML; the limit is 2,000,000",
        ),
        # As written, HTML5 nests 120 deep here (it adds tbody and tr).
        ("<table><td>" * 30, "nested 120 levels deep"),
    ],
)
def test_text_that_would_hang_or_crash_markdown_is_refused_quickly(text, message):
    renderer = MarkdownRenderer(EXTRA, seconds=1.0)
    started = time.process_time()
    with pytest.raises(RenderProblem) as refused:
        renderer.render(text)
    assert re.search(message, refused.value.message)
    # The bound: no input costs more than 2 seconds (the limit is 1 s
    # here), in CPU time as the limit counts it (tests/test_bounded_work.py).
    assert time.process_time() - started < 2


def test_nesting_at_the_limit_renders():
    text = "> " * (MAX_DEPTH - 1) + "x"
    assert "x" in MarkdownRenderer().render(text).html


def test_renderer_recovers_after_an_interrupted_render():
    renderer = MarkdownRenderer(seconds=0.2)
    with pytest.raises(RenderProblem):
        renderer.render("[" * 150_000)
    assert renderer.render("*fine*").html == "<p><em>fine</em></p>"


def test_an_item_that_cannot_be_rendered_is_located_at_its_body(oslo):
    oslo.write({"chapters/oslo/posts/hello.md": POST + "- " * 5000 + "x\n"})
    problem = oslo.only_problem()
    assert where(problem) == ("chapters/oslo/posts/hello.md", 5, 1)
    assert "nested too deeply" in problem.message


def test_the_longest_ordinary_text_makes_html_well_under_the_limit():
    paragraph = "We met [at the café](../images/cafe.jpg) and *agreed*. " * 20
    # as many table cells as a text may hold (MAX_TABLE_BARS)
    table = "| item | decision |\n|---|---|\n" + "| venue | Café Sør |\n" * 40
    text = ((paragraph + "\n\n" + table + "\n\n") * 200)[:MAX_BODY_CHARS]
    assert 12_000 < text.count("|") <= MAX_TABLE_BARS
    html = (
        MarkdownRenderer(
            {"extension_configs": {"markdown.extensions.extra": {}}}, seconds=10
        )
        .render(text)
        .html
    )
    assert len(html) < MAX_HTML_CHARS / 4


def test_misnested_html_is_published_as_shallow_as_it_was_counted():
    # HTML5 ignores each "</span>" here, so a browser would nest this 22,000
    # deep; the page gets each element closed where it was written.
    text = "<div>" + "<span><div></span>" * 11_000 + "</div>"
    html = MarkdownRenderer().render(text).html
    assert html.startswith("<div><span><div></div></span><span><div></div></span>")
    assert published_depth(html) == 3


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<p>a</p><p>b</p>", 1),
        ('<ul><li><a href="x" title="a&gt;b">x</a><br></li></ul>', 3),
        ('<p title="&lt;div&gt;">&lt;div&gt;</p>', 1),
    ],
)
def test_published_depth_counts_the_elements_of_sanitised_html(html, depth):
    assert published_depth(html) == depth


@pytest.mark.parametrize(
    "html",
    [
        '<p title="' + "<" * 199_000 + '">x</p>',
        "<" * 199_000,
        "<p " + " onx" * 50_000,
        "src" + " " * 199_000,
        "src=" + " " * 199_000,
        "= '" + " " * 199_000,
        "<a " + "href= " * 33_000,
        "<a x" * 50_000,
        "<svg>" * 40_000,
    ],
    ids=[
        "'<' in an attribute",
        "'<'",
        "'on' words",
        "spaces",
        "spaces after =",
        "q",
        "href= words",
        "unclosed tags",
        "svg",
    ],
)
def test_what_the_sanitiser_removes_is_found_in_linear_time(html):
    started = time.process_time()
    sanitize_html(html, removed=lambda reason, found: None)
    assert time.process_time() - started < 0.5


def test_items_are_sanitised_once_while_checking_and_removals_are_located_warnings(
    oslo,
):
    oslo.write(
        {
            "chapters/oslo/posts/hello.md": POST
            + '<script>alert(1)</script><p onclick="x()">Hi</p>\n',
            "chapters/oslo/about.md": 'About us.\n\n<a href="javascript:alert(1)">x</a>\n',
        }
    )
    federation = oslo.valid()
    assert federation.items[0].html == "\n<p>Hi</p>"
    assert federation.chapters["oslo"].about_html == (
        '<p>About us.</p>\n<p><a rel="noopener">x</a></p>'
    )
    body = POST.count("\n") + 1  # the line the body starts on
    warnings = [
        (w.path, w.line, w.column, w.message, w.is_warning)
        for w in content_warnings(federation)
    ]
    assert warnings == [
        (
            "chapters/oslo/about.md",
            3,
            10,  # at the address
            "removed from the HTML: a javascript: link",
            True,
        ),
        (
            "chapters/oslo/posts/hello.md",
            body,
            1,
            "removed from the HTML: a <script> element",
            True,
        ),
        (
            "chapters/oslo/posts/hello.md",
            body,
            29,  # at the attribute
            "removed from the HTML: an on...= event handler attribute",
            True,
        ),
    ]


def test_a_remote_picture_in_about_md_is_one_error_not_also_a_warning(oslo):
    from plugins.model.federation import content_warnings

    oslo.write({"chapters/oslo/about.md": "Hi\n\n![x](https://evil.example/a.png)\n"})
    federation, problems = oslo.load()
    assert [(p.line, p.is_warning) for p in problems] == [(3, False)]
    assert "on another site" in problems[0].message
    assert content_warnings(federation) == []


def test_table_alignment_is_kept_and_other_styles_are_removed_with_a_warning():
    renderer = MarkdownRenderer({"extensions": ["markdown.extensions.tables"]})
    rendered = renderer.render(
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        '<p style="color: red">Red</p>\n\n'
        '<table><tr><td style="color: red; text-align: center">c</td></tr></table>\n'
    )
    html = rendered.html
    assert '<th style="text-align:left">a</th>' in html
    assert '<td style="text-align:right">2</td>' in html
    assert '<td style="text-align:center">c</td>' in html
    assert "<p>Red</p>" in html and "color" not in html
    # once per kind, located at its attribute (the cell's colour is one too)
    assert rendered.removed == (
        ("a style= attribute (colours, sizes, fonts)", "style="),
    )
    assert sanitize_html(html) == html


def test_style_written_as_text_in_another_attribute_is_no_removal():
    heard = []
    html = '<p title="my style = x">Hi</p>'
    assert sanitize_html(html, removed=lambda *it: heard.append(it)) == html
    assert heard == []


def test_sanitising_the_published_html_again_changes_nothing():
    # The build may sanitise the model's HTML again; it must stay as checked.
    text = (
        "## Agenda {: #main }\n\n[Back](#main) ![m](../images/map.png) "
        '[o](other.md) <a href="https://example.org/" id="y">x</a>\n\n'
        "Text[^1]\n\n[^1]: note\n\n```python\nx = 1\n```\n"
    )
    html = (
        MarkdownRenderer(
            {
                "extension_configs": {
                    "markdown.extensions.extra": {},
                    "markdown.extensions.codehilite": {"css_class": "highlight"},
                }
            }
        )
        .render(text)
        .html
    )
    removed = []
    assert sanitize_html(html, removed=lambda *heard: removed.append(heard)) == html
    assert removed == []
    assert 'src="{static}../images/map.png"' in html


def test_a_style_is_located_at_its_attribute_not_at_words_like_its_value(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/hello.md": POST
            + 'Write color:red in prose.\n\n<div style="color:red">Red</div>\n'
        }
    )
    [warning] = content_warnings(oslo.valid())
    assert (warning.line, warning.column) == (POST.count("\n") + 3, 6)


def test_a_cells_style_nh3_would_empty_is_reported_whatever_its_case():
    heard = []
    sanitize_html(
        '<table><tr><td style="TEXT-ALIGN:center">z</td></tr></table>',
        removed=lambda reason, found: heard.append(reason),
    )
    assert heard == ["a style= attribute (colours, sizes, fonts)"]


@pytest.mark.parametrize(
    ("written", "reason", "found"),
    [
        (
            '<video src="../images/x.png" controls>Film</video>',
            "a <video> element",
            "<video",
        ),
        ("<audio>Song</audio>", "a <audio> element", "<audio"),
        ("<input value=x>", "a <input> element", "<input"),
        ("<math><mi>E</mi></math>", "a <math> element", "<math"),
        ("<svg><text>words</text></svg>", "a <svg> element", "<svg"),
        ("<template>words</template>", "a <template> element", "<template"),
        ('<?php echo "x"; ?>', "a <?...?> processing instruction", "<?"),
        ("<![CDATA[ words ]]>", "a <![CDATA[...]]> section", "<![CDATA["),
        ("[a](vbscript:msgbox)", "a link to a 'vbscript:' address", "vbscript:"),
        ('<a href="ftp://files.example/">f</a>', "a link to a 'ftp:' address", "ftp:"),
        ("[geo](geo:60,10)", "a link to a 'geo:' address", "geo:"),
        # web addresses nh3's URL parser refuses: it drops them without a word
        (
            "[x](https://[::1/)",
            "a link to an address browsers cannot open",
            "https://[::1/",
        ),
        (
            '<a href="https://exa mple.org/">y</a>',
            "a link to an address browsers cannot open",
            "https://exa mple.org/",
        ),
        (
            "[x](https://example.org:99999/)",
            "a link to an address browsers cannot open",
            "https://example.org:99999/",
        ),
    ],
)
def test_whatever_the_sanitiser_takes_out_is_said(written, reason, found):
    heard = MarkdownRenderer().render(f"Before.\n\n{written}\n\nAfter.\n").removed
    assert [(r.split(" (")[0], f) for r, f in heard] == [(reason, found)]


def test_an_svgs_own_elements_and_allowed_links_are_not_reported():
    rendered = MarkdownRenderer().render(
        "<svg><g><path d='M0 0'/><text>x</text></g></svg>\n\n"
        "[w](https://example.org/) [m](mailto:a@example.org) [t](tel:+4712345678) "
        "[o](other.md) [s](#section)\n"
    )
    assert rendered.removed == (("a <svg> element", "<svg"),)


def test_a_markdown_link_to_a_refused_address_is_located_at_the_address(oslo):
    from plugins.model.federation import content_warnings

    oslo.write(
        {
            "chapters/oslo/posts/hello.md": POST
            + "First line.\n\nSecond.\n\nClick [here](javascript:alert(1)) now.\n"
        }
    )
    [warning] = content_warnings(oslo.valid())
    body = POST.count("\n") + 1
    assert (warning.line, warning.column) == (body + 4, 14)


@pytest.mark.parametrize(
    "text",
    [
        '    <a href="ftp://files.example.org/">shown as code</a>',
        "Write `src=sms:1` to text us.",
        "[x](https://example.org/go?src=mail:x)",
        '<span title="Note: href is ftp:x">t</span>',
        "`[x](https://[::1/)`",
        "[x](https://例え.jp/) [y](https://ex%41mple.org/)",
    ],
    ids=[
        "code block",
        "inline code",
        "query",
        "another attribute",
        "a broken address as code",
        "addresses browsers open",
    ],
)
def test_text_that_only_looks_like_a_link_is_not_reported(text):
    assert MarkdownRenderer().render(text + "\n").removed == ()


def test_elements_after_an_svg_are_found_whatever_letters_come_before():
    rendered = MarkdownRenderer().render(
        "<p>" + "İ" * 12 + "</p><svg><text>x</text></svg><video>v</video>\n"
    )
    assert [reason for reason, _ in rendered.removed] == [
        "a <svg> element",
        "a <video> element",
    ]


def test_a_name_windows_refuses_hides_no_error_of_the_file(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/what now?.md": (
                '---\ntitle: W\ndate: "2014-01-01"\nfeatured: yes\n---\nHi.\n'
            )
        }
    )
    messages = [p.message for p in oslo.problems()]
    assert len(messages) == 2, messages
    assert messages[0].startswith("the name cannot be checked out on Windows")
    assert "featured" in messages[1]


def test_a_refused_link_is_located_at_the_link_not_at_prose_naming_its_scheme(oslo):
    from plugins.model.federation import content_warnings

    oslo.write(
        {
            "chapters/oslo/posts/hello.md": POST
            + "Never click javascript: links.\n\nClick [here]( javascript:alert(1)).\n"
        }
    )
    [warning] = content_warnings(oslo.valid())
    body = POST.count("\n") + 1
    assert (warning.line, warning.column) == (body + 2, 15)
