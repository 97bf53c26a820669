"""The chapters/ folder as a whole: folders, parents, levels, cycles and areas."""

from __future__ import annotations

import pytest


def chapter(
    level: str, country: str = "NO", parent: str | None = None, area: str | None = None
):
    lines = [f"name: {level.title()} chapter", f"level: {level}", f"country: {country}"]
    if parent:
        lines.append(f"parent: {parent}")
    if area:
        lines.append(f"area: {area}")
    return "\n".join(lines) + "\n"


def profiles(**chapters: str) -> dict[str, str]:
    return {f"chapters/{slug}/chapter.yaml": text for slug, text in chapters.items()}


def where(problem):
    return (problem.path, problem.line, problem.column)


# --- folders ---------------------------------------------------------------------


def test_folder_without_chapter_yaml_is_an_error(repo):
    repo.write(
        {"chapters/oslo/posts/hello.md": "---\ntitle: Hello\ndate: '2014-01-01'\n---\n"}
    )
    problem = repo.only_problem()
    assert where(problem) == ("chapters/oslo", 0, 0)
    assert problem.message == "chapter folder has no chapter.yaml"
    assert "chapters/oslo/chapter.yaml" in problem.hint


def test_empty_chapter_folder_is_an_error_too(repo):
    (repo.root / "chapters/oslo").mkdir()
    assert repo.only_problem().message == "chapter folder has no chapter.yaml"


@pytest.mark.parametrize(
    ("folder", "suggestion"),
    [
        ("Oslo", "oslo"),
        ("new york", "new-york"),
        ("São_Paulo", "sao-paulo"),
        ("oslo-", "oslo"),
    ],
)
def test_folder_name_that_is_not_a_slug_is_an_error(repo, folder, suggestion):
    repo.write(profiles(**{folder: chapter("local")}))
    problem = repo.only_problem()
    assert where(problem) == (f"chapters/{folder}", 0, 0)
    assert problem.message == f"folder name '{folder}' is not a valid chapter slug"
    assert problem.hint.endswith(f"'{suggestion}'")


@pytest.mark.parametrize("name", ["README.md", "chapter.yaml", "notes.txt"])
def test_stray_file_in_chapters_folder_is_an_error(repo, name):
    repo.write({f"chapters/{name}": "name: Oslo\n"})
    problem = repo.only_problem()
    assert where(problem) == (f"chapters/{name}", 0, 0)
    assert problem.message == "chapters/ holds only chapter folders"


def test_hidden_files_and_folders_in_chapters_are_reported_not_skipped(repo):
    repo.write(
        {
            **profiles(oslo=chapter("local")),
            "chapters/.gitkeep": "",
            "chapters/.git/config": "[core]\n",
            "chapters/oslo/.DS_Store": b"\x00\x01",
        }
    )
    federation, problems = repo.load()
    assert [(where(p), p.message) for p in problems] == [
        (
            ("chapters/.git", 0, 0),
            "hidden folder '.git': hidden files and folders are never published",
        ),
        (
            ("chapters/oslo/.DS_Store", 0, 0),
            "hidden file '.DS_Store': hidden files and folders are never published",
        ),
    ]
    assert list(federation.chapters) == ["oslo"]


def test_gitkeep_placeholder_is_allowed_and_never_published(repo):
    repo.write(
        {
            **profiles(oslo=chapter("local")),
            "chapters/.gitkeep": "",
            "chapters/oslo/images/.gitkeep": "",
        }
    )
    assert repo.valid().static_files == ()


def test_missing_chapters_folder_is_an_error(repo):
    (repo.root / "chapters").rmdir()
    problem = repo.only_problem()
    assert where(problem) == ("chapters", 0, 0)
    assert problem.message == "chapters folder not found"


def test_chapters_are_sorted_by_slug(repo):
    repo.write(
        profiles(
            trondheim=chapter("local"), bergen=chapter("local"), oslo=chapter("local")
        )
    )
    assert list(repo.valid().chapters) == ["bergen", "oslo", "trondheim"]


# --- parents and levels ------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "parent_level"),
    [
        ("local", "regional"),
        ("local", "national"),
        ("regional", "regional"),
        ("regional", "national"),
    ],
)
def test_allowed_parent_levels(repo, level, parent_level):
    repo.write(profiles(up=chapter(parent_level), down=chapter(level, parent="up")))
    federation = repo.valid()
    assert federation.chapters["down"].parent == "up"
    assert federation.children()["up"] == ["down"]


@pytest.mark.parametrize(
    ("level", "parent_level", "allowed"),
    [
        ("local", "local", "regional or national"),
        ("regional", "local", "regional or national"),
    ],
)
def test_parent_of_the_wrong_level_is_an_error_on_the_parent_line(
    repo, level, parent_level, allowed
):
    repo.write(profiles(up=chapter(parent_level), down=chapter(level, parent="up")))
    problem = repo.only_problem()
    assert where(problem) == ("chapters/down/chapter.yaml", 4, 9)
    assert problem.message == (
        f"a {level} chapter's parent must be {allowed}; 'up' is {parent_level}"
    )


def test_chapters_without_parent_hang_under_the_site(repo):
    repo.write(profiles(norway=chapter("national"), oslo=chapter("local")))
    assert repo.valid().children() == {None: ["norway", "oslo"]}


def test_missing_parent_says_did_you_mean(repo):
    repo.write(
        profiles(norway=chapter("national"), oslo=chapter("local", parent="norwya"))
    )
    problem = repo.only_problem()
    assert where(problem) == ("chapters/oslo/chapter.yaml", 4, 9)
    assert problem.message == "parent 'norwya' is not a chapter"
    assert problem.hint == (
        "did you mean 'norway'?; a local chapter's parent can be: norway"
    )


def test_missing_parent_far_from_any_chapter_says_to_use_a_folder_name(repo):
    repo.write(profiles(oslo=chapter("local", parent="atlantis")))
    assert repo.only_problem().hint == (
        "use the folder name of an existing chapter, or remove the line"
    )


def test_parent_whose_profile_is_broken_is_not_also_reported_as_missing(repo):
    repo.write(
        profiles(norway=chapter("nation"), oslo=chapter("local", parent="norway"))
    )
    problem = repo.only_problem()
    assert problem.path == "chapters/norway/chapter.yaml"
    assert problem.message.startswith("'level' must be one of")


def test_chapter_that_is_its_own_parent_is_an_error(repo):
    repo.write(profiles(oslo=chapter("regional", parent="oslo")))
    problem = repo.only_problem()
    assert where(problem) == ("chapters/oslo/chapter.yaml", 4, 9)
    assert problem.message == "a chapter cannot be its own parent"


def test_parent_cycle_of_two_is_reported_once(repo):
    repo.write(
        profiles(a=chapter("regional", parent="b"), b=chapter("regional", parent="a"))
    )
    problem = repo.only_problem()
    assert where(problem) == ("chapters/a/chapter.yaml", 4, 9)
    assert problem.message == "parents form a cycle: a → b → a"


def test_parent_cycle_of_three_is_reported_once_at_its_first_chapter(repo):
    repo.write(
        profiles(
            west=chapter("regional", parent="north"),
            north=chapter("regional", parent="east"),
            east=chapter("regional", parent="west"),
            oslo=chapter("local", parent="north"),
        )
    )
    problem = repo.only_problem()
    assert problem.path == "chapters/east/chapter.yaml"
    assert problem.message == "parents form a cycle: east → west → north → east"


# --- areas -------------------------------------------------------------------------


def test_us_local_chapter_with_no_area_anywhere_is_an_error_on_the_country_line(repo):
    repo.write(profiles(boston=chapter("local", country="US")))
    problem = repo.only_problem()
    assert where(problem) == ("chapters/boston/chapter.yaml", 3, 10)
    assert problem.message == "country US belongs to no single area"
    assert problem.hint.startswith(
        "add a line 'area: KEY' to this chapter or its parent"
    )


def test_us_local_chapter_under_a_regional_chapter_with_an_area_inherits_it(repo):
    repo.write(
        profiles(
            **{
                "usa": chapter("national", country="US"),
                "new-england": chapter(
                    "regional", country="US", parent="usa", area="na-ne"
                ),
                "boston": chapter("local", country="US", parent="new-england"),
            }
        )
    )
    chapters = repo.valid().chapters
    assert chapters["boston"].area == "na-ne"
    assert chapters["boston"].declared_area is None
    assert chapters["usa"].area is None


def test_us_national_chapter_without_area_is_fine(repo):
    repo.write(profiles(usa=chapter("national", country="US")))
    assert repo.valid().chapters["usa"].area is None


def test_us_regional_chapter_under_a_national_without_area_is_an_error(repo):
    repo.write(
        profiles(
            usa=chapter("national", country="US"),
            midwest=chapter("regional", country="US", parent="usa"),
        )
    )
    problem = repo.only_problem()
    assert problem.path == "chapters/midwest/chapter.yaml"
    assert problem.message == "country US belongs to no single area"


@pytest.mark.parametrize(
    ("own", "parents", "expected"),
    [
        ("uki", "eur-nw", "uki"),
        (None, "eur-nw", "eur-nw"),
        (None, None, "nord-neth"),
        ("uki", None, "uki"),
    ],
    ids=["own-wins", "parent-next", "country-last", "own-over-country"],
)
def test_area_is_own_then_parents_then_countrys(repo, own, parents, expected):
    repo.write(
        profiles(
            nordic=chapter("regional", area=parents),
            oslo=chapter("local", parent="nordic", area=own),
        )
    )
    assert repo.valid().chapters["oslo"].area == expected


def test_area_is_inherited_through_several_generations(repo):
    repo.write(
        profiles(
            usa=chapter("national", country="US"),
            east=chapter("regional", country="US", parent="usa", area="na-ne"),
            boston=chapter("regional", country="US", parent="east"),
            cambridge=chapter("local", country="US", parent="boston"),
        )
    )
    assert repo.valid().chapters["cambridge"].area == "na-ne"


def test_us_chapter_under_a_broken_parent_gets_no_extra_area_error(repo):
    repo.write(
        profiles(
            east=chapter("regional", country="US", area="na-nee"),
            boston=chapter("local", country="US", parent="east"),
        )
    )
    problem = repo.only_problem()
    assert problem.path == "chapters/east/chapter.yaml"
    assert problem.hint == "did you mean 'na-ne'?"
