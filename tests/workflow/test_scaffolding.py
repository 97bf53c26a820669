"""`invoke new-chapter` and `invoke new-post` write files that pass `invoke check` at once."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plugins.model.federation import load_federation
from plugins.model.placeholders import ITEM_BODY
from plugins.model.settings import chapter_settings, resolve_build_date
from plugins.scaffold import new_chapter as scaffold_chapter
from plugins.scaffold import new_item

DAY = dt.date(2015, 1, 10)
ROOT = Path(__file__).resolve().parents[2]


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
    write_and_publish(post, "Vi møttes på biblioteket.")
    assert repo.build()[0] == 0
    assert "Første møte i Tromsø" in repo.text("chapters/tromso/")


def test_a_new_chapters_page_is_current_on_the_day_it_is_made(repo):
    chapters = repo.root / "chapters"
    path, problems = new_chapter(
        chapters, "tromso", level="local", country="NO", parent="norway", updated=DAY
    )
    assert problems == []
    assert 'updated: "2015-01-10"' in path.read_text(encoding="utf-8")
    assert repo.build(build_date="2015-01-15")[0] == 0
    page = repo.page("chapters/tromso/")
    assert page.xpath("//*[contains(@class, 'stale')]") == []
    assert "never been updated" not in repo.text("chapters/tromso/")


def write_and_publish(post, text: str) -> None:
    """What the writer does next: the text for the placeholder, the draft line out."""
    front, body = post.read_text(encoding="utf-8").rsplit("---\n", 1)
    assert body == ITEM_BODY + "\n"
    lines = [
        line for line in front.splitlines() if not line.startswith("status: draft")
    ]
    post.write_text("\n".join(lines) + "\n---\n" + text + "\n", encoding="utf-8")


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
        assert f"# {field}:" in text  # made without a date: updated is an example
    post, _ = new_item(chapters, "bergen", "Hello", kind="events", date=DAY)
    body = post.read_text(encoding="utf-8")
    assert "front-matter.schema.json" in body.splitlines()[1]
    for field in (
        "modified",
        "authors",
        "tags",
        "summary",
        "lang",
        "chapters",
        "featured",
        "original_url",
        "ends",
        "location",
        "online",
    ):
        assert f"# {field}:" in body
    assert any(line.startswith("status: draft") for line in body.splitlines())


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


def test_a_country_that_is_no_code_is_one_problem_with_the_code_to_use(repo):
    path, problems = new_chapter(
        repo.root / "chapters", "york", level="local", country="UK", parent=None
    )
    assert path is None
    assert problems == [
        "--country 'UK': UK is not an ISO 3166 code: the United Kingdom is \"GB\""
    ]


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


def test_a_scaffold_writes_nothing_that_check_would_refuse(repo):
    chapters = repo.root / "chapters"
    path, problems = new_item(
        chapters, "oslo", "Far", kind="events", date=dt.date(9999, 12, 31)
    )
    assert path is None
    assert problems[0].startswith("the file would not pass check: 'date'")
    path, problems = new_chapter(
        chapters, "tromso", level="local", country="NO", name="x" * 5000
    )
    assert path is None
    assert "'name' is 5000 characters long" in problems[0]
    assert not (chapters / "tromso").exists()
    assert not (chapters / "oslo/events").exists()


def test_a_long_title_makes_a_file_name_the_file_system_holds(repo):
    chapters = repo.root / "chapters"
    path, problems = new_item(chapters, "oslo", "长" * 200, kind="posts", date=DAY)
    assert problems == []
    assert len(path.name.encode()) <= 64 + len(".md")
    words, _ = new_item(chapters, "oslo", "word " * 50, kind="posts", date=DAY)
    assert words.name == "-".join(["word"] * 12) + ".md"  # cut between words


def test_new_us_chapter_with_an_area_passes_check(repo):
    path, problems = new_chapter(
        repo.root / "chapters",
        "boston",
        level="local",
        country="US",
        area="na-ne",
        timezone="America/New_York",
    )
    assert problems == []
    assert "area: na-ne" in path.read_text(encoding="utf-8").splitlines()
    code, out = repo.check()
    assert code == 0, out


UK = {
    "chapters/uk/chapter.yaml": """
        name: IOPS United Kingdom
        level: national
        country: GB
    """,
}
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(64)


def test_new_british_chapter_with_a_post_and_a_picture_passes_check(site):
    """The way an admin starts a chapter under a national one, end to end."""
    site.write(UK)
    chapters = site.root / "chapters"
    path, problems = new_chapter(
        chapters, "sheffield", level="local", country="GB", parent="uk"
    )
    assert problems == []
    text = path.read_text(encoding="utf-8")
    assert "#   timezone: Europe/London" in text.splitlines()
    assert "Europe/Oslo" not in text
    for commented in ("week", "since", "access"):
        assert f"#   {commented}:" in text
    post, problems = new_item(
        chapters, "sheffield", "First meeting", kind="posts", date=DAY
    )
    assert problems == []
    (chapters / "sheffield" / "images").mkdir()
    (chapters / "sheffield" / "images" / "hall.png").write_bytes(PICTURE)
    write_and_publish(post, "We met.\n\n![The hall, full](../images/hall.png)")
    code, out = site.check()
    assert code == 0, out
    assert "warning" not in out, out
    code, out = site.build()
    assert code == 0, out
    page = site.page("chapters/sheffield/posts/first-meeting/")
    assert len(page.xpath("//img[@alt='The hall, full']")) == 1
    assert (site.output / "chapters" / "sheffield" / "images" / "hall.png").is_file()


def test_new_chapter_without_a_country_is_refused_with_an_example(site):
    site.write(UK)
    path, problems = new_chapter(
        site.root / "chapters", "sheffield", level="local", country=None, parent="uk"
    )
    assert path is None
    assert problems == [
        "--country is required: the chapter's ISO country code, e.g. --country GB "
        "for the United Kingdom or --country NO for Norway"
    ]


def test_country_with_several_time_zones_asks_for_one_and_lists_them(site):
    site.write(UK)
    chapters = site.root / "chapters"
    path, problems = new_chapter(chapters, "madrid", level="national", country="ES")
    assert path is None
    assert problems == [
        "country ES has 3 time zones: pass --timezone, one of Europe/Madrid, "
        "Africa/Ceuta, Atlantic/Canary"
    ]
    path, problems = new_chapter(
        chapters, "madrid", level="national", country="ES", timezone="Europe/Madrid"
    )
    assert problems == []
    assert "#   timezone: Europe/Madrid" in path.read_text(encoding="utf-8")


def test_a_time_zone_that_does_not_exist_is_refused(site):
    site.write(UK)
    path, problems = new_chapter(
        site.root / "chapters",
        "madrid",
        level="national",
        country="ES",
        timezone="Europe/Madird",
    )
    assert path is None
    assert problems == [
        "--timezone 'Europe/Madird' is not a time zone: did you mean 'Europe/Madrid'?"
    ]


def test_published_scaffold_with_its_placeholder_text_is_refused(norway):
    post, _ = new_item(
        norway.root / "chapters", "oslo", "Later", kind="posts", date=DAY
    )
    write_and_publish(post, ITEM_BODY)
    code, out = norway.check()
    assert code == 1
    assert f"the placeholder text '{ITEM_BODY}' is still here" in out


def run_invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_help_after_a_task_name_shows_the_help_instead_of_running_it(site):
    site.write(UK)
    chapters = str(site.root / "chapters")
    result = run_invoke("new-chapter", "--help", "--chapters", chapters)
    assert result.returncode == 0, result.stderr
    assert "invoke new-chapter tromso --country NO" in result.stdout
    assert "--slug" in result.stdout
    assert not (site.root / "chapters" / "--help").exists()
    assert result.stderr == ""

    result = run_invoke("changes", "--help")
    assert result.returncode == 0, result.stderr
    assert "--base" in result.stdout
    assert "git" not in result.stderr


def test_invoke_new_post_dates_an_event_in_its_countrys_zone_without_meetings(site):
    """A chapter that names no meetings.timezone takes its country's zone, the
    rule the check of event offsets uses: the event passes check --strict."""
    site.write(
        {
            "chapters/austria/chapter.yaml": """
                name: IOPS Österreich
                level: national
                country: AT
            """
        }
    )
    chapters = str(site.root / "chapters")
    result = run_invoke(
        "new-post",
        "austria",
        "Open evening",
        "--kind",
        "events",
        "--chapters",
        chapters,
    )
    assert result.returncode == 0, result.stderr
    event = site.root / "chapters/austria/events/open-evening.md"
    starts = next(
        line
        for line in event.read_text("utf-8").splitlines()
        if line.startswith("starts:")
    )
    assert re.search(r'T19:00:00\+0[12]:00"', starts), starts
    content = str(site.root / "content")
    result = run_invoke(
        "check", "--strict", "--chapters", chapters, "--content", content
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_invoke_new_chapter_needs_country_and_check_strict_fails_on_warnings(site):
    site.write(UK)
    chapters = str(site.root / "chapters")
    result = run_invoke(
        "new-chapter", "sheffield", "--parent", "uk", "--chapters", chapters
    )
    assert result.returncode == 1
    assert "error: --country is required" in result.stderr
    assert not (site.root / "chapters" / "sheffield").exists()

    result = run_invoke(
        "new-chapter",
        "sheffield",
        "--parent",
        "uk",
        "--country",
        "GB",
        "--chapters",
        chapters,
    )
    assert result.returncode == 0, result.stderr
    path = site.root / "chapters" / "sheffield" / "chapter.yaml"
    text = path.read_text(encoding="utf-8")
    made = resolve_build_date(None).isoformat()  # today, as the command saw it
    assert f'\nupdated: "{made}"     # confirms the page is current' in text
    # The admin fills in the meetings, with a value that YAML cuts at ' #'.
    text = (
        text.replace("# meetings:", "meetings:")
        .replace("#   frequency: monthly", "  frequency: irregular")
        .replace("#   venue:", "  venue: Room #3, The Fenton  #")
    )
    path.write_text(text, encoding="utf-8")
    content = str(site.root / "content")
    result = run_invoke("check", "--chapters", chapters, "--content", content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: 'meetings.venue' is published as 'Room'" in result.stdout
    result = run_invoke(
        "check", "--strict", "--chapters", chapters, "--content", content
    )
    assert result.returncode == 1
    assert "sheffield/chapter.yaml" in result.stdout
    assert "warning:" not in result.stdout


def test_chapter_yaml_of_the_browser_guide_passes_check_without_warnings(site):
    """CONTRIBUTING.md's "Start a new chapter in the browser" example, as pasted."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Start a new chapter in the browser", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    site.write(
        {
            **UK,
            "chapters/leeds/chapter.yaml": textwrap.dedent(example),
            "chapters/leeds/images/hall.png": PICTURE,
            "chapters/leeds/posts/hello-leeds.md": (
                '---\ntitle: "Hello Leeds"\ndate: "2015-01-10"\n---\n'
                "![What it shows](../images/hall.png)\n"
            ),
        }
    )
    # the guide's dates are the day it was written: checked on the day after
    # its latest date, whatever day the suite runs
    latest = max(re.findall(r"\d{4}-\d{2}-\d{2}", example))
    day_after = dt.date.fromisoformat(latest) + dt.timedelta(days=1)
    code, out = site.check(build_date=day_after.isoformat())
    assert code == 0, out
    assert "warning" not in out, out


def test_a_title_windows_keeps_for_itself_gets_another_file_name(repo):
    path, problems = new_item(
        repo.root / "chapters", "oslo", "CON", kind="posts", date=DAY
    )
    assert problems == [] and path.name == "con-1.md"
    code, out = repo.check()
    assert code == 0, out


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (["new-post", "london", "Hi", "--date", "2015-02-30"], "--date '2015-02-30'"),
        (["digest", "--build-date", "foo"], "build date 'foo'"),
    ],
)
def test_a_date_option_that_is_no_date_is_one_line_not_a_traceback(site, task, message):
    site.write(UK)
    if task[0] == "new-post":  # never the repository's own chapters
        task = [*task, "--chapters", str(site.root / "chapters")]
    result = run_invoke(*task)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
