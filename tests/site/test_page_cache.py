"""A rebuild takes unchanged pages from the published site, and only those."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
from pathlib import Path

import pytest

from plugins.model.items import Item
from plugins.site import pagecache
from plugins.site.pagecache import PageCache, Unkeyable, page_key, site_digest
from tests.conftest import _log_afresh
from tests.site.test_incremental_builds import ROOT, Repo

HELLO = "repo/chapters/oslo/posts/hello.md"
HELLO_PAGE = "chapters/oslo/posts/hello/index.html"


@pytest.fixture
def repo(tmp_path):
    repo = Repo(tmp_path)
    repo.build("cached", cache=True, CHAPTERS_JOBS=1)  # fills the cache
    return repo


def rebuild(repo, caplog, **override) -> tuple[int, int]:
    """Build into "cached" in one process: (pages reused, pages written)."""
    _log_afresh()  # the same count twice is logged twice
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=pagecache.__name__):
        repo.build("cached", cache=True, CHAPTERS_JOBS=1, **override)
    counts = [
        re.search(r"pages reused: (\d+) of (\d+)", r.getMessage())
        for r in caplog.records
        if r.name == pagecache.__name__
    ]
    found = [(int(m[1]), int(m[2])) for m in counts if m]
    assert len(found) == 1, caplog.text
    return found[0]


def assert_equals_clean(repo, **override) -> None:
    from tests.site.test_incremental_builds import digest

    clean = repo.build("clean", cache=False, **override)
    assert digest(repo.root / "cached") == digest(clean)


def test_a_rebuild_without_changes_renders_no_page(repo, caplog):
    reused, written = rebuild(repo, caplog)
    assert written > 10
    assert reused == written
    assert_equals_clean(repo)


def test_a_rebuild_that_reuses_every_page_draws_no_map_and_makes_no_calendar(
    repo, caplog, monkeypatch
):
    from plugins.calendars import ical
    from plugins.map import generator

    made = []
    monkeypatch.setattr(generator, "map_svg", lambda *a, **k: made.append("map"))
    monkeypatch.setattr(ical, "_icalendar", lambda: made.append("calendar"))
    reused, written = rebuild(repo, caplog)
    assert reused == written and made == []


def test_calendars_are_reused_like_pages(repo, caplog):
    manifest = repo.root / "repo/cache" / pagecache.FOLDER / "0-of-1/manifest.json"
    recorded = json.loads(manifest.read_text())["pages"]
    assert {"calendar.ics", "chapters/oslo/calendar.ics"} <= set(recorded)
    calendar = repo.root / "cached/calendar.ics"
    calendar.write_bytes(calendar.read_bytes().replace(b"VCALENDAR", b"VCALENDAX"))
    reused, written = rebuild(repo, caplog)
    assert reused == written - 1  # the edited one is made again
    assert b"VCALENDAX" not in calendar.read_bytes()
    assert_equals_clean(repo)


def files_as_published(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below ``folder``: its bytes, modification time and inode."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(folder).as_posix()] = (
                path.read_bytes(),
                status.st_mtime_ns,
                status.st_ino,
            )
    return found


def test_a_reused_page_is_the_published_file_linked_and_never_written_into(
    repo, caplog
):
    """A rebuild links each page the page cache reused to the published one
    instead of writing its bytes again; neither that rebuild nor the next,
    which builds into the site the first replaced, changes a published file."""
    site, spare = repo.root / "cached", repo.root / ".cached.spare"
    first = files_as_published(site)
    reused, written = rebuild(repo, caplog)  # no spare site yet: a new folder
    assert reused == written
    now = files_as_published(site)
    assert now[HELLO_PAGE] == first[HELLO_PAGE]  # the same file: bytes, time, inode
    assert files_as_published(spare) == first  # the site it replaced, untouched

    hello = repo.root / HELLO
    hello.write_text(hello.read_text() + "\nA last sentence.\n")
    reused, written = rebuild(repo, caplog)  # into the spare site, linked to `now`
    assert 0 < reused < written
    assert files_as_published(spare) == now  # the published site was never written
    assert b"A last sentence." in (site / HELLO_PAGE).read_bytes()
    assert_equals_clean(repo)


def no_links(*args, **kwargs):
    raise OSError(18, "Invalid cross-device link")


def test_a_page_is_written_where_it_cannot_be_linked(repo, caplog, monkeypatch):
    monkeypatch.setattr(pagecache.os, "link", no_links)
    site = repo.root / "cached"
    first = files_as_published(site)
    reused, written = rebuild(repo, caplog)
    assert reused == written
    page = files_as_published(site)[HELLO_PAGE]
    assert page[:2] == first[HELLO_PAGE][:2] and page[2] != first[HELLO_PAGE][2]
    assert_equals_clean(repo)


def test_a_reused_page_replaces_the_spare_sites_copy_with_the_published_file(
    repo, caplog, monkeypatch
):
    """Where the spare site holds a copy of a reused page, the rebuild puts
    the published file itself in its place, so the next build knows it."""
    with monkeypatch.context() as patched:
        patched.setattr(pagecache.os, "link", no_links)
        rebuild(repo, caplog)  # copies, not links; the spare is the first site
    site = repo.root / "cached"

    def pages() -> dict:
        return {
            path: found
            for path, found in files_as_published(site).items()
            if path.endswith((".html", ".ics")) and not path.startswith("pagefind/")
        }

    published = pages()
    assert HELLO_PAGE in published
    reused, written = rebuild(repo, caplog)  # into the spare site's own files
    assert reused == written
    assert pages() == published  # bytes, times and inodes
    assert_equals_clean(repo)


def test_an_edit_after_the_summary_renders_only_that_page(repo, caplog):
    path = repo.root / HELLO
    path.write_text(path.read_text() + "\nA corrected sentence.\n")
    reused, written = rebuild(repo, caplog)
    assert reused == written - 1
    assert "A corrected sentence." in (repo.root / "cached" / HELLO_PAGE).read_text()
    assert_equals_clean(repo)


def test_an_edit_of_the_summary_renders_every_page(repo, caplog):
    path = repo.root / HELLO
    path.write_text(path.read_text().replace("First words.", "Opening words."))
    reused, _ = rebuild(repo, caplog)
    assert reused == 0
    chapter = (repo.root / "cached/chapters/oslo/index.html").read_text()
    assert "Opening words." in chapter  # the listing shows the new summary
    assert_equals_clean(repo)


@pytest.mark.parametrize(
    ("edited", "old", "new"),
    [
        ("repo/chapters/oslo/posts/second.md", "title: Second", "title: Later"),
        ("theme/templates/base.html", "Skip to content", "Skip to the text"),
    ],
    ids=["a title", "a template"],
)
def test_an_edit_shown_on_many_pages_renders_every_page(repo, caplog, edited, old, new):
    path = repo.root / edited
    path.write_text(path.read_text().replace(old, new))
    reused, _ = rebuild(repo, caplog)
    assert reused == 0
    assert_equals_clean(repo)


def test_another_build_date_renders_every_page(repo, caplog):
    reused, _ = rebuild(repo, caplog, CHAPTERS_BUILD_DATE="2015-03-01")
    assert reused == 0


def test_a_hand_edited_published_page_is_rendered_again(repo, caplog):
    page = repo.root / "cached" / HELLO_PAGE
    page.write_text(page.read_text().replace("First words.", "Vandalised."))
    reused, written = rebuild(repo, caplog)
    assert reused == written - 1
    assert "Vandalised." not in page.read_text()
    assert_equals_clean(repo)


def reads_of_html(monkeypatch) -> list[str]:
    """The HTML files opened for reading from now on (by this process)."""
    import builtins

    read, real = [], builtins.open

    def recording(file, mode="r", *args, **kwargs):
        if "r" in mode and str(file).endswith(".html"):
            read.append(str(file))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording)
    return read


def test_a_page_written_before_is_known_by_its_file_and_not_read_again(
    repo, caplog, monkeypatch
):
    """A build records the inode, size and time of each page it writes; the
    next knows the published file of an item's page by those and reads none
    (listings, which Pelican paginates, are still read)."""
    site = repo.root / "cached"
    items = {str(path) for path in site.glob("chapters/*/*/*/index.html")}
    assert str(site / HELLO_PAGE) in items
    read = reads_of_html(monkeypatch)
    reused, written = rebuild(repo, caplog)
    assert reused == written
    assert items.isdisjoint(read)
    assert read  # the listings
    assert_equals_clean(repo)


@pytest.mark.parametrize(
    "change",
    [
        "edited in place, same size",
        "replaced, same size and time",
    ],
)
def test_a_published_page_known_by_its_file_is_rendered_again_once_changed(
    repo, caplog, change
):
    rebuild(repo, caplog)  # records each page's file
    page = repo.root / "cached" / HELLO_PAGE
    text = page.read_text()
    status = page.stat()
    changed = text.replace("First words.", "Frist words.")
    if change.startswith("edited"):
        with page.open("r+") as file:
            file.write(changed)
    else:
        page.unlink()
        page.write_text(changed)
        os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert page.stat().st_size == status.st_size
    reused, written = rebuild(repo, caplog)
    assert reused == written - 1
    assert "Frist words." not in page.read_text()
    assert_equals_clean(repo)


def test_a_page_made_again_is_known_by_its_new_file(repo, caplog, monkeypatch):
    hello = repo.root / HELLO
    hello.write_text(hello.read_text() + "\nA last sentence.\n")
    rebuild(repo, caplog)  # renders the page again: a new file
    read = reads_of_html(monkeypatch)
    reused, written = rebuild(repo, caplog)
    assert reused == written
    assert str(repo.root / "cached" / HELLO_PAGE) not in read


def test_a_damaged_manifest_renders_every_page(repo, caplog):
    for manifest in (repo.root / "repo/cache").glob(f"{pagecache.FOLDER}/*/*.json"):
        manifest.write_text('{"format": 1, "pages": [')
    reused, written = rebuild(repo, caplog)
    assert (reused, written > 0) == (0, True)
    assert_equals_clean(repo)


def test_without_the_cache_no_manifest_is_kept(tmp_path):
    repo = Repo(tmp_path)
    repo.build("clean", cache=False)
    assert not (tmp_path / "repo/cache" / pagecache.FOLDER).exists()


def test_the_manifests_of_another_number_of_processes_are_removed(repo):
    """A build in one process (here: whether or not this worker could fork)
    removes what builds in two left, which it never reads."""
    folder = repo.root / "repo/cache" / pagecache.FOLDER
    assert sorted(p.name for p in folder.iterdir()) == ["0-of-1"]
    (folder / "1-of-2").mkdir()
    (folder / "1-of-2/manifest.json").write_text('{"format": 1, "pages": {}}')
    repo.build("cached", cache=True, CHAPTERS_JOBS=1)
    assert sorted(p.name for p in folder.iterdir()) == ["0-of-1"]
    assert_equals_clean(repo)


def test_only_the_item_page_shows_a_body_in_full():
    """The page key holds the bodies passed to a page, the digest only summaries:
    a template that showed another item's body would need both to change."""
    showing = {
        path.name
        for path in (ROOT / "theme/templates").glob("*.html")
        if re.search(r"\.content\b|get_content|\._content", path.read_text())
    }
    assert showing == {"item.html"}


# The digest itself, without a build.


@dataclasses.dataclass(frozen=True)
class Model:
    items: tuple[Item, ...]
    tags: frozenset[str] = frozenset()


def item(html: str, title: str = "Hello") -> Item:
    return Item(
        path="chapters/oslo/posts/hello.md",
        source=Path("/repo/chapters/oslo/posts/hello.md"),
        chapter="oslo",
        kind="posts",
        slug="hello",
        title=title,
        html=html,
    )


def digest_of(model, settings=None, shown=lambda item: item.html[:5]) -> str:
    return site_digest(code=[], settings=settings or {}, federation=model, shown=shown)


def test_the_digest_sees_what_listings_show_of_a_body_not_the_rest():
    first = digest_of(Model((item("<p>A</p><p>one</p>"),)))
    assert digest_of(Model((item("<p>A</p><p>two</p>"),))) == first
    assert digest_of(Model((item("<p>B</p><p>one</p>"),))) != first
    assert digest_of(Model((item("<p>A</p><p>one</p>", title="Hi"),))) != first


def test_the_digest_sees_settings_and_ignores_the_order_of_sets():
    model = Model((item(""),), frozenset({"a", "b", "c"}))
    same = Model((item(""),), frozenset({"c", "b", "a"}))
    assert digest_of(model) == digest_of(same)
    assert digest_of(model, {"SITENAME": "A"}) != digest_of(model, {"SITENAME": "B"})
    assert digest_of(model, {"X": (1,)}) != digest_of(model, {"X": [1]})


def test_the_digest_sees_the_code(tmp_path):
    code = tmp_path / "base.html"
    code.write_text("one")
    first = site_digest(code=[code], settings={}, federation=None, shown=str)
    code.write_text("two")
    assert site_digest(code=[code], settings={}, federation=None, shown=str) != first


def test_a_value_without_a_stable_form_stops_the_digest():
    class Opaque:
        pass

    with pytest.raises(Unkeyable):
        digest_of(Model((item(""),)), {"X": Opaque()})


def test_a_page_key_holds_its_path_and_bodies():
    key = page_key("d", "a/index.html", ["<p>x</p>"])
    assert key != page_key("d", "b/index.html", ["<p>x</p>"])
    assert key != page_key("d", "a/index.html", ["<p>y</p>"])
    assert key != page_key("e", "a/index.html", ["<p>x</p>"])


def test_a_page_is_reused_only_with_its_key_and_its_bytes(tmp_path):
    published = tmp_path / "site"
    (published / "a").mkdir(parents=True)
    (published / "a/index.html").write_text("<p>é</p>", encoding="utf-8")
    folder = tmp_path / "cache"
    cache = PageCache(str(folder), str(published))
    assert cache.get("a/index.html", "k") is None
    cache.put("a/index.html", "k", "<p>é</p>")
    cache.save()
    again = PageCache(str(folder), str(published))
    assert again.get("a/index.html", "other") is None
    assert again.get("a/index.html", "k") == "<p>é</p>"
    (published / "a/index.html").write_text("<p>e</p>", encoding="utf-8")
    assert PageCache(str(folder), str(published)).get("a/index.html", "k") is None
    saved = json.loads((folder / "manifest.json").read_text())
    assert list(saved["pages"]) == ["a/index.html"]


def test_a_file_is_known_again_only_as_the_very_file_checked_or_written(
    tmp_path,
):
    published = tmp_path / "site"
    published.mkdir()
    page = published / "index.html"
    page.write_text("<p>å</p>", encoding="utf-8")
    folder = tmp_path / "cache"
    first = PageCache(str(folder), str(published))
    first.put("index.html", "k", "<p>å</p>")
    first.save()
    second = PageCache(str(folder), str(published))
    assert second.same_file("index.html", "k") is None  # neither checked nor written
    assert second.get("index.html", "k") == "<p>å</p>"
    second.save()
    third = PageCache(str(folder), str(published))
    assert third.same_file("index.html", "other") is None
    status = third.same_file("index.html", "k")
    assert status is not None and status.st_ino == page.stat().st_ino
    third.keep("index.html", status)
    third.save()
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    fourth = PageCache(str(folder), str(published))
    assert fourth.same_file("index.html", "k") is None
    fourth.put("index.html", "k", "<p>å</p>")  # written again by this build
    fourth.wrote("index.html", page.stat())
    fourth.save()
    assert PageCache(str(folder), str(published)).same_file("index.html", "k")


def test_a_page_of_another_share_is_neither_rendered_nor_given_a_folder(tmp_path):
    from plugins.content.writer import ShareWriter
    from plugins.site.shares import Share, share_of

    names = [f"chapters/c{n}/index.html" for n in range(20)]
    theirs = next(name for name in names if share_of(name, 2) == 1)

    class Template:
        def render(self, context):
            raise AssertionError("rendered")

    writer = ShareWriter(
        str(tmp_path), settings={"OUTPUT_PATH": str(tmp_path)}, share=Share(0, 2)
    )
    writer.write_file(theirs, Template(), {}, relative_urls=False, url=theirs)
    assert list(tmp_path.iterdir()) == []


# Writing a page over the last build's file.


def opened_for_writing(monkeypatch) -> list[str]:
    import builtins

    opened: list[str] = []
    real = builtins.open

    def recording(file, mode="r", *args, **kwargs):
        if "w" in mode:
            opened.append(str(file))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording)
    return opened


def test_a_page_equal_to_the_file_there_is_not_written_again(tmp_path, monkeypatch):
    from plugins.content.writer import _UnlessSame

    page = tmp_path / "index.html"
    page.write_text("<p>ø</p>", encoding="utf-8")
    opened = opened_for_writing(monkeypatch)
    with _UnlessSame(str(page), "utf-8", (1_000_000_000, 2_000_000_000)) as file:
        file.write("<p>")
        file.write("ø</p>")
    assert opened == []
    assert page.stat().st_mtime_ns == 2_000_000_000  # the published page's time
    assert page.read_text(encoding="utf-8") == "<p>ø</p>"


def test_a_changed_or_new_page_is_written(tmp_path, monkeypatch):
    from plugins.content.writer import _UnlessSame

    changed, new = tmp_path / "changed.html", tmp_path / "new.html"
    changed.write_text("<p>old</p>", encoding="utf-8")
    opened = opened_for_writing(monkeypatch)
    for page in (changed, new):
        with _UnlessSame(str(page), "utf-8", None) as file:
            file.write("<p>new</p>")
        assert page.read_text(encoding="utf-8") == "<p>new</p>"
    assert opened == [str(changed), str(new)]


def test_a_page_whose_rendering_failed_leaves_the_file_alone(tmp_path):
    from plugins.content.writer import _UnlessSame

    page = tmp_path / "index.html"
    page.write_text("<p>old</p>", encoding="utf-8")
    os.utime(page, ns=(0, 0))  # unwritten, as a reused staging folder marks it
    with pytest.raises(RuntimeError), _UnlessSame(str(page), "utf-8", None) as file:
        file.write("<p>half")
        raise RuntimeError("the template broke")
    assert page.read_text(encoding="utf-8") == "<p>old</p>"
    assert page.stat().st_mtime_ns == 0


def test_a_template_saved_during_a_build_keeps_no_manifest(repo, caplog, monkeypatch):
    """The digest read base.html before the edit; pages may be rendered after it."""
    base = repo.theme / "templates/base.html"
    digest = pagecache.site_digest

    def then_edited(**parts):
        made = digest(**parts)
        base.write_text(base.read_text().replace("Skip to content", "Skip ahead"))
        return made

    monkeypatch.setattr(pagecache, "site_digest", then_edited)
    with caplog.at_level(logging.WARNING):
        repo.build("cached", cache=True, CHAPTERS_JOBS=1)
    assert "Code changed during the build" in caplog.text
    monkeypatch.undo()
    reused, _ = rebuild(repo, caplog)
    assert reused == 0  # nothing is taken from the build that saw two templates
    assert_equals_clean(repo)


def test_code_counts_as_changed_when_saved_after_it_was_read(tmp_path):
    import time

    template, module = tmp_path / "base.html", tmp_path / "plugin.py"
    for path in (template, module):
        path.write_text("x")
        os.utime(path, ns=(1, 1))  # saved long before this process started
    started = time.time_ns()
    assert not pagecache.changed_since_start([template, module], started)
    os.utime(template, ns=(started + 1, started + 1))  # saved while building
    assert pagecache.changed_since_start([template], started)
    os.utime(module, ns=(started + 1, started + 1))  # after the import
    assert pagecache.changed_since_start([module], None)
    assert pagecache.changed_since_start([tmp_path / "gone.html"], started)


def test_the_digest_sees_the_time_zone_database(tmp_path, monkeypatch):
    import zoneinfo

    (tmp_path / "tzdata.zi").write_text("# version 2026a\n")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path),))
    first = digest_of(Model(()))
    (tmp_path / "tzdata.zi").write_text("# version 2026b\n")
    assert digest_of(Model(())) != first


def test_a_page_written_again_never_writes_into_the_published_one(tmp_path):
    """Pelican may write a page a second time (``override_output``): a page
    linked to the published one is replaced, not written into."""
    from types import SimpleNamespace

    from plugins.content.writer import ShareWriter

    published, staging = tmp_path / "published", tmp_path / "staging"
    (published / "a").mkdir(parents=True)
    (staging / "a").mkdir(parents=True)
    old = published / "a/index.html"
    old.write_text("<p>published</p>", encoding="utf-8")
    status = old.stat()
    writer = ShareWriter(str(staging), settings={"OUTPUT_PATH": str(staging)})
    writer.pages = SimpleNamespace(
        cache=SimpleNamespace(
            times={"a/index.html": (status.st_atime_ns, status.st_mtime_ns)},
            published_file=lambda path: str(published / path),
            wrote=lambda path, status: None,
        )
    )
    page = str(staging / "a/index.html")
    with writer._open_w(page, "utf-8") as file:  # reused: linked
        file.write("<p>published</p>")
    assert os.stat(page).st_ino == status.st_ino
    with writer._open_w(page, "utf-8", override=True) as file:
        file.write("<p>written again</p>")
    assert old.read_text(encoding="utf-8") == "<p>published</p>"
    assert old.stat().st_mtime_ns == status.st_mtime_ns
    assert Path(page).read_text(encoding="utf-8") == "<p>written again</p>"
