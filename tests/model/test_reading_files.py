"""Contributors' files are read as UTF-8 text of bounded size, with any line ends."""

from __future__ import annotations

import pytest

from plugins.model.files import MAX_FILE_BYTES, read_text

PROFILE = "chapters/oslo/chapter.yaml"


def test_latin_1_byte_is_reported_with_line_column_and_byte_offset(repo):
    repo.write(
        {
            "chapters/tromso/chapter.yaml": (
                b"level: local\nname: Troms\xf8\ncountry: NO\n"
            )
        }
    )
    problem = repo.only_problem()
    assert (problem.path, problem.line, problem.column) == (
        "chapters/tromso/chapter.yaml",
        2,
        12,
    )
    assert problem.message == "not valid UTF-8: byte 0xf8 at offset 24"
    assert "UTF-8" in problem.hint


def test_column_of_a_bad_byte_counts_characters_not_bytes(tmp_path):
    path = tmp_path / "chapter.yaml"
    # "Bø " is three characters but four bytes in UTF-8
    path.write_bytes("name: Bø ".encode() + b"\xe9\n")
    text, [problem] = read_text(path, "chapter.yaml")
    assert text is None
    assert (problem.line, problem.column) == (1, 10)
    assert problem.message == "not valid UTF-8: byte 0xe9 at offset 10"


def test_file_over_the_size_limit_is_refused_as_a_whole(repo):
    repo.write({"chapters/oslo/chapter.yaml": "name: Oslo\n#" + "x" * MAX_FILE_BYTES})
    problem = repo.only_problem()
    assert (problem.path, problem.line, problem.column) == (PROFILE, 0, 0)
    assert f"the limit is {MAX_FILE_BYTES:,}" in problem.message


def test_file_of_exactly_the_size_limit_is_read(tmp_path):
    path = tmp_path / "chapter.yaml"
    head = b"name: Oslo\n#"
    path.write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head)))
    text, problems = read_text(path, "chapter.yaml")
    assert problems == []
    assert len(text) == MAX_FILE_BYTES


def test_nul_byte_says_the_file_looks_binary(repo):
    repo.write({"chapters/oslo/chapter.yaml": b"name: Oslo\nlevel: lo\x00cal\n"})
    problem = repo.only_problem()
    assert (problem.path, problem.line) == (PROFILE, 2)
    assert "NUL byte" in problem.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "byte order mark",
            b"\xef\xbb\xbfname: IOPS Oslo\nlevel: local\ncountry: NO\n",
        ),
        ("CRLF line ends", b"name: IOPS Oslo\r\nlevel: local\r\ncountry: NO\r\n"),
        ("both", b"\xef\xbb\xbfname: IOPS Oslo\r\nlevel: local\r\ncountry: NO\r\n"),
    ],
)
def test_profile_with_bom_or_crlf_is_accepted(repo, name, content):
    repo.write({"chapters/oslo/chapter.yaml": content})
    chapter = repo.valid().chapters["oslo"]
    assert (chapter.name, chapter.level, chapter.country) == (
        "IOPS Oslo",
        "local",
        "NO",
    )


def test_post_with_bom_and_crlf_is_accepted(oslo):
    oslo.write(
        {
            "chapters/oslo/posts/hello.md": (
                b"\xef\xbb\xbf---\r\ntitle: Hello\r\n"
                b'date: "2014-06-01"\r\n---\r\nBody\r\n'
            )
        }
    )
    [item] = oslo.valid().items
    assert item.title == "Hello"


def test_errors_in_a_crlf_file_keep_their_line_numbers(repo):
    repo.write(
        {
            "chapters/oslo/chapter.yaml": (
                b"name: Oslo\r\nlevel: local\r\ncountry: NO\r\nciy: Oslo\r\n"
            )
        }
    )
    problem = repo.only_problem()
    assert (problem.line, problem.column) == (4, 1)
    assert problem.message == "unknown field 'ciy'"


def test_byte_offset_of_a_bad_byte_counts_the_byte_order_mark(repo):
    repo.write(
        {"chapters/oslo/chapter.yaml": b"\xef\xbb\xbfname: Oslo\ncity: Tr\xf8ndelag\n"}
    )
    problem = repo.only_problem()
    assert (problem.line, problem.column) == (2, 9)
    assert "byte 0xf8 at offset 22" in problem.message
