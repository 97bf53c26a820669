"""`invoke new-chapter` and `invoke new-post` write files that pass `invoke check` at once."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.model.federation import load_federation
from plugins.model.settings import chapter_settings
from plugins.scaffold import new_chapter as scaffold_chapter
from plugins.scaffold import new_item

DAY = dt.date(2015, 1, 10)


@pytest.fixture
def repo(norway):
    return norway


def new_chapter(chapters_dir, slug, **options):
    """What `invoke new-chapter` does: the request checked against the repository."""
    settings = chapter_settings({"PATH": str(chapters_dir.parent)})
    federation, _ = load_federation(settings)
    return scaffold_chapter(
        chapters_dir,
        slug,
        chapters=federation.chapters,
        areas=settings.areas,
        **options,
    )


def test_new_local_chapter_and_post_pass_check_and_build(repo):
    chapters = repo.root / "chapters"
    path, problems = new_chapter(
        chapters,
        "tromso",
        level="local",
        country="NO",
        name="IOPS Tromsø",
        parent="norway",
    )
    assert problems == []
    assert path == chapters / "tromso" / "chapter.yaml"
    post, problems = new_item(
        chapters, "tromso", "Første møte i Tromsø", kind="posts", date=DAY
    )
    assert problems == []
    assert post.name == "forste-mote-i-tromso.md"
    code, out = repo.check()
    assert code == 0, out
    assert repo.build()[0] == 0
    assert "Første møte i Tromsø" in repo.text("chapters/tromso/")


@pytest.mark.parametrize("kind", ["posts", "reports", "events", "pages"])
def test_every_kind_of_item_scaffold_passes_check(repo, kind):
    path, problems = new_item(
        repo.root / "chapters", "oslo", "A new thing", kind=kind, date=DAY
    )
    assert problems == []
    assert path.parent.name == kind
    code, out = repo.check()
    assert code == 0, out


def test_scaffolds_explain_every_optional_field_and_name_their_schema(repo):
    chapters = repo.root / "chapters"
    path, _ = new_chapter(
        chapters, "bergen", level="local", country="NO", parent="norway"
    )
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    for field in (
        "area",
        "city",
        "location",
        "founded",
        "languages",
        "summary",
        "admins",
        "contact",
        "meetings",
        "members",
        "status",
        "closed",
        "updated",
    ):
        assert f"# {field}:" in text
    post, _ = new_item(chapters, "bergen", "Hello", kind="events", date=DAY)
    body = post.read_text(encoding="utf-8")
    assert "front-matter.schema.json" in body.splitlines()[1]
    for field in (
        "modified",
        "authors",
        "tags",
        "summary",
        "lang",
        "status",
        "chapters",
        "featured",
        "original_url",
        "ends",
        "location",
        "online",
    ):
        assert f"# {field}:" in body


def test_schema_modeline_points_at_the_schema_file(repo):
    chapters = repo.root / "chapters"
    path, _ = new_chapter(
        chapters, "bergen", level="local", country="NO", parent="norway"
    )
    relative = path.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
    assert (path.parent / relative).resolve().is_file()


@pytest.mark.parametrize(
    ("slug", "options", "message"),
    [
        ("Bad Slug", {}, "is not a valid slug"),
        ("x", {"level": "city"}, "--level must be local, regional or national"),
        ("x", {"country": "no"}, 'write the code in upper case: "NO"'),
        ("x", {"parent": "nowhere"}, "--parent 'nowhere' is not a chapter"),
        (
            "x",
            {"parent": "oslo"},
            "a local chapter's parent must be regional or national",
        ),
        (
            "x",
            {"country": "US", "parent": None},
            "country US belongs to no single area",
        ),
        ("x", {"area": "na-nw"}, "--area 'na-nw' is not an area"),
        ("oslo", {}, "exists already"),
        (
            "x",
            {"level": "national", "parent": "norway"},
            "a national chapter has no --parent",
        ),
    ],
)
def test_new_chapter_refuses_bad_requests_with_a_reason(repo, slug, options, message):
    arguments = {"level": "local", "country": "NO", "parent": "norway", **options}
    path, problems = new_chapter(repo.root / "chapters", slug, **arguments)
    assert path is None
    assert any(message in problem for problem in problems), problems


def test_new_post_refuses_unknown_chapter_kind_and_existing_file(repo):
    chapters = repo.root / "chapters"
    assert (
        "'bergen' is not a chapter"
        in new_item(chapters, "bergen", "T", kind="posts", date=DAY)[1][0]
    )
    assert (
        "--kind must be one of"
        in new_item(chapters, "oslo", "T", kind="blog", date=DAY)[1][0]
    )
    new_item(chapters, "oslo", "Same", kind="posts", date=DAY)
    assert (
        "exists already"
        in new_item(chapters, "oslo", "Same", kind="posts", date=DAY)[1][0]
    )


def test_new_us_chapter_with_an_area_passes_check(repo):
    path, problems = new_chapter(
        repo.root / "chapters", "boston", level="local", country="US", area="na-ne"
    )
    assert problems == []
    assert "area: na-ne" in path.read_text(encoding="utf-8").splitlines()
    code, out = repo.check()
    assert code == 0, out
