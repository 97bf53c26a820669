"""The feeds' cache: a rebuild remakes only the feeds an edit changes, byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import pytest

from plugins.feeds.cache import FeedCache, cache_folder, drop_other_counts, feed_key
from plugins.feeds.entries import Source
from plugins.site.feeds import Feed
from tests.conftest import built_site
from tests.feeds.test_feeds_in_build import FEDERATION, build_with, feed, feed_bytes

EDIT = {
    "chapters/oslo/posts/first-meeting.md": """
        ---
        title: Første møte
        date: "2014-10-01"
        ---
        Helt ny tekst.
    """
}

SOURCE = Source(
    id="tag:example.org,2012:/chapters/oslo/posts/a/",
    url="https://example.org/chapters/oslo/posts/a/",
    title="A",
    body="<p>Body</p>",
    summary="<p>Body</p>",
    authors=("Kari",),
    tags=("møte",),
    lang="nb",
    published=dt.datetime(2014, 10, 1, tzinfo=dt.UTC),
    updated=dt.datetime(2014, 10, 1, tzinfo=dt.UTC),
    iframe_hosts=(),
)
FEED = Feed(title="Oslo", description="News", page="chapters/oslo/", language="nb")


@pytest.fixture(scope="module")
def federation(tmp_path_factory):
    """The feeds tests' federation built once, with the cache on (as tests build)."""
    return built_site(tmp_path_factory.mktemp("feeds-cache"), FEDERATION)


@pytest.fixture
def own_federation(federation, tmp_path):
    """A copy of it, cache included, for a test that edits and rebuilds it."""
    return federation.copy(tmp_path / "repo")


def poison_feeds_cache(site) -> int:
    """Replace every cached feed with marker bytes; return how many files there were."""
    files = sorted((site.root / "cache" / "chapterhouse-feeds").glob("*/*.*"))
    for file in files:
        file.write_bytes(f"cached {file.suffix[1:]}".encode())
    return len(files)


def test_a_rebuild_serves_unchanged_feeds_from_the_cache(own_federation):
    assert poison_feeds_cache(own_federation) > 0
    own_federation.write(EDIT)
    code, out = own_federation.build()
    assert code == 0, out
    output = own_federation.output
    # London's and the UK's feeds hold nothing of Oslo's: served from the cache.
    assert (output / "chapters/london/atom.xml").read_bytes() == b"cached atom"
    assert (output / "chapters/uk/rss.xml").read_bytes() == b"cached rss"
    # Every feed the edited post is in is made again.
    for path in ("chapters/oslo/atom.xml", "chapters/norway/rss.xml", "atom.xml"):
        assert "Helt ny tekst" in str(feed(own_federation, path).entries)


def test_another_build_date_remakes_only_the_feeds_without_entries(own_federation):
    poison_feeds_cache(own_federation)
    code, out = own_federation.build(build_date="2015-01-20")
    assert code == 0, out
    output = own_federation.output
    assert (output / "chapters/london/atom.xml").read_bytes() == b"cached atom"
    empty = feed(own_federation, "areas/na-m/atom.xml")
    assert empty.feed.updated == "2015-01-20T00:00:00+00:00"


def test_a_rebuild_with_the_cache_writes_what_a_build_without_it_writes(
    own_federation, tmp_path
):
    own_federation.write(EDIT)
    code, out = own_federation.build()
    assert code == 0, out
    cold = tmp_path / "cold"
    build_with(own_federation, CHAPTERS_CACHE=False, OUTPUT_PATH=str(cold))
    assert feed_bytes(own_federation.output) == feed_bytes(cold)


def test_without_the_cache_no_feeds_cache_is_read_or_written(own_federation):
    poison_feeds_cache(own_federation)
    build_with(own_federation, CHAPTERS_CACHE=False)
    assert b"cached" not in (own_federation.output / "atom.xml").read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        {"title": "B"},
        {"body": "<p>Body.</p>"},
        {"summary": "<p>Other</p>"},
        {"authors": ("Kari", "Ola")},
        {"tags": ("møte", "kafé")},
        {"lang": "nn"},
        {"updated": dt.datetime(2014, 10, 2, tzinfo=dt.UTC)},
        # The same instant in another zone is written differently.
        {
            "published": dt.datetime(
                2014, 10, 1, 2, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo")
            )
        },
        {"iframe_hosts": ("www.youtube-nocookie.com",)},
    ],
)
def test_the_key_of_a_feed_changes_with_every_field_of_a_source(change):
    before = feed_key(FEED, "https://example.org", (SOURCE,))
    after = feed_key(
        FEED, "https://example.org", (dataclasses.replace(SOURCE, **change),)
    )
    assert before != after


def test_the_key_of_a_feed_changes_with_the_feed_and_the_settings():
    key = feed_key(FEED, "https://example.org", (SOURCE,))
    assert key == feed_key(FEED, "https://example.org", (SOURCE,))
    assert key != feed_key(FEED, "https://example.net", (SOURCE,))
    other = dataclasses.replace(FEED, description="Other news")
    assert key != feed_key(other, "https://example.org", (SOURCE,))


def test_a_cache_from_other_code_or_libraries_is_not_used(tmp_path, monkeypatch):
    cache = FeedCache(tmp_path)
    key = cache.key(FEED, (SOURCE,))
    cache.put(key, (b"atom", b"rss"))
    assert FeedCache(tmp_path).get(key) == (b"atom", b"rss")
    monkeypatch.setattr("plugins.feeds.cache._version", lambda: "other code")
    other = FeedCache(tmp_path)
    assert other.key(FEED, (SOURCE,)) != key


def test_prune_keeps_only_the_feeds_this_build_used(tmp_path):
    cache = FeedCache(tmp_path)
    cache.put("used", (b"1", b"2"))
    cache.put("unused", (b"3", b"4"))
    (tmp_path / ".new-left-by-a-crash").write_bytes(b"half")
    again = FeedCache(tmp_path)
    assert again.get("used") == (b"1", b"2")
    again.alias("quick-used", "used")
    again.alias("quick-unused", "unused")
    again.prune()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["aliases.json", "used.atom", "used.rss"]
    assert FeedCache(tmp_path).get("unused") is None
    assert FeedCache(tmp_path).aliases == {"quick-used": "used"}


def test_damaged_aliases_only_cost_the_shortcut(tmp_path):
    (tmp_path / "aliases.json").write_text('{"quick": ')
    assert FeedCache(tmp_path).aliases == {}


def count_sources(monkeypatch) -> list[str]:
    """The items whose feed sources the build makes from now on (in this process)."""
    from plugins.feeds.generator import FeedsGenerator

    made: list[str] = []
    source = FeedsGenerator._source

    def counting(self, content, site, zone, id_url):
        made.append(content.item.path)
        return source(self, content, site, zone, id_url)

    monkeypatch.setattr(FeedsGenerator, "_source", counting)
    return made


def test_unchanged_feeds_are_found_without_their_sources(own_federation, monkeypatch):
    build_with(own_federation, CHAPTERS_JOBS=1)  # the quick keys of this code
    made = count_sources(monkeypatch)
    build_with(own_federation, CHAPTERS_JOBS=1)
    assert made == []
    post = own_federation.root / "chapters/oslo/posts/first-meeting.md"
    post.write_text(post.read_text() + "\nEn rettet setning.\n")  # after the summary
    build_with(own_federation, CHAPTERS_JOBS=1)
    # The feeds the edited post is in are made again (the site's holds every item).
    assert "chapters/oslo/posts/first-meeting.md" in made
    oslo = str(feed(own_federation, "chapters/oslo/atom.xml").entries)
    assert "En rettet setning." in oslo


def test_a_quick_key_follows_a_new_build_date_to_the_same_feed(
    own_federation, monkeypatch
):
    build_with(own_federation, CHAPTERS_JOBS=1)
    poison_feeds_cache(own_federation)  # the aliases too: the feeds' own keys serve
    build_with(own_federation, CHAPTERS_JOBS=1, CHAPTERS_BUILD_DATE="2015-01-20")
    output = own_federation.output
    assert (output / "chapters/london/atom.xml").read_bytes() == b"cached atom"


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    (tmp_path / "file").write_text("a file, not a folder\n")
    cache = FeedCache(tmp_path / "file" / "feeds")
    cache.put("key", (b"atom", b"rss"))  # no exception
    assert cache.get("key") is None
    cache.prune()


def test_folders_of_another_number_of_processes_are_removed(tmp_path):
    for index, count in ((0, 1), (0, 2), (1, 2), (2, 3)):
        folder = cache_folder(str(tmp_path), index, count)
        folder.mkdir(parents=True)
        (folder / "key.atom").write_bytes(b"atom")
    drop_other_counts(str(tmp_path), 2)
    kept = sorted(p.name for p in (tmp_path / "chapterhouse-feeds").iterdir())
    assert kept == ["0-of-2", "1-of-2"]
    drop_other_counts(str(tmp_path / "never-built"), 2)  # no folder: nothing to do


def test_feeds_made_while_their_code_changed_are_not_kept(tmp_path, monkeypatch):
    cache = FeedCache(tmp_path)
    cache.put("old", (b"1", b"2"))
    again = FeedCache(tmp_path)
    assert again.get("old") == (b"1", b"2")
    again.put("new", (b"3", b"4"))
    again.alias("quick", "new")
    monkeypatch.setattr("plugins.feeds.cache.changed_since_start", lambda files: True)
    again.prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aliases.json",
        "old.atom",
        "old.rss",
    ]
    assert FeedCache(tmp_path).aliases == {}
