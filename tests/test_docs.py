"""The documentation that is generated from code is up to date."""

from pathlib import Path

from plugins.fieldref import field_reference

ROOT = Path(__file__).resolve().parent.parent


def test_field_reference_matches_the_schemas():
    written = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    assert written == field_reference(), "run `invoke docs` and commit docs/fields.md"


def test_field_reference_lists_every_chapter_field():
    text = field_reference()
    for field in (
        "`name`",
        "`meetings.frequency`",
        "`members.as_of`",
        "`admins[].github`",
    ):
        assert field in text
