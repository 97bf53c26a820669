"""/chapters/<slug>/<kind>/: every post, report, event or page of a chapter, newest first, paginated."""

from __future__ import annotations

import io

import pytest

from plugins.runner import build
from tests.conftest import Site

POSTS = 21  # one more than a page holds (PAGINATED_TEMPLATES)


def post(title: str, day: str, extra: str = "") -> str:
    return f'---\ntitle: {title}\ndate: "{day}"\n{extra}---\nText.\n'


def event(title: str, day: str) -> str:
    return (
        f'---\ntitle: {title}\ndate: "2014-01-01"\nstarts: "{day}T19:00:00+01:00"\n'
        "---\nCome.\n"
    )


SITE = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/norway/reports/annual-2014.md": post("Annual report 2014", "2014-12-01"),
    "chapters/norway/pages/bylaws.md": "---\ntitle: Bylaws\n---\nThe rules.\n",
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    "chapters/bergen/chapter.yaml": (
        'name: IOPS Bergen\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    # Written by Bergen, naming Oslo: joint work, in both chapters' listings.
    "chapters/bergen/posts/joint-study.md": post(
        "Joint study circle", "2014-11-15", "chapters: [oslo]\n"
    ),
    "chapters/bergen/posts/bergen-only.md": post("Bergen alone", "2014-11-16"),
    **{
        f"chapters/oslo/posts/post-{n:02d}.md": post(
            f"Oslo post {n:02d}", f"2014-10-{n:02d}"
        )
        for n in range(1, POSTS + 1)
    },
    **{
        f"chapters/oslo/events/past-{n:02d}.md": event(
            f"Past meeting {n:02d}", f"2014-11-{n:02d}"
        )
        for n in range(1, 20)
    },
    "chapters/oslo/events/soon.md": event("Soon", "2015-01-20"),
    "chapters/oslo/events/later.md": event("Later", "2015-02-20"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("listings"))
    site.write(SITE)
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site


def titles(site: Site, url: str) -> list[str]:
    return [
        " ".join(title.split())
        for title in site.page(url).xpath("//li[@class='item-summary']//h2/a/text()")
    ]


def test_a_chapters_posts_are_listed_newest_first_with_its_joint_work(site):
    listed = titles(site, "chapters/oslo/posts/")
    assert listed[0] == "Joint study circle"  # 15 November, Bergen's, naming Oslo
    assert listed[1:4] == ["Oslo post 21", "Oslo post 20", "Oslo post 19"]
    assert len(listed) == 20
    assert "Bergen alone" not in listed


def test_the_listing_continues_on_a_second_page(site):
    assert titles(site, "chapters/oslo/posts/page/2/") == [
        "Oslo post 02",
        "Oslo post 01",
    ]
    first = site.page("chapters/oslo/posts/")
    assert first.xpath("//a[@rel='next']/@href") == ["/chapters/oslo/posts/page/2/"]
    second = site.page("chapters/oslo/posts/page/2/")
    assert second.xpath("//a[@rel='prev']/@href") == ["/chapters/oslo/posts/"]


def test_a_parent_lists_its_own_items_not_its_chapters(site):
    assert titles(site, "chapters/norway/reports/") == ["Annual report 2014"]
    assert titles(site, "chapters/norway/pages/") == ["Bylaws"]
    assert not (site.output / "chapters/norway/posts/index.html").exists()


def test_only_kinds_a_chapter_has_get_a_listing(site):
    assert not (site.output / "chapters/oslo/reports").exists()
    assert not (site.output / "chapters/oslo/pages").exists()
    assert (site.output / "chapters/bergen/posts/index.html").exists()


def test_the_chapter_page_links_each_listing(site):
    links = site.page("chapters/oslo/").xpath("//nav[@class='listings']//a")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        ("/chapters/oslo/posts/", "All posts of IOPS Oslo"),
        ("/chapters/oslo/events/", "All events of IOPS Oslo"),
    ]
    norway = site.page("chapters/norway/").xpath("//nav[@class='listings']//a/@href")
    assert norway == ["/chapters/norway/reports/", "/chapters/norway/pages/"]


def test_events_are_listed_upcoming_first_by_their_start_and_paginated(site):
    first = site.page("chapters/oslo/events/")
    upcoming = first.xpath("//section[@class='upcoming']//h3/a/text()")
    past = first.xpath("//section[@class='past']//h3/a/text()")
    assert upcoming == ["Soon", "Later"]
    assert past[:2] == ["Past meeting 19", "Past meeting 18"]
    assert len(upcoming) + len(past) == 20
    second = site.page("chapters/oslo/events/page/2/")
    assert not second.xpath("//section[@class='upcoming']")
    assert second.xpath("//section[@class='past']//h3/a/text()") == ["Past meeting 01"]


def test_every_listing_has_the_chapters_whole_trail_in_its_breadcrumbs(site):
    for url in ("chapters/oslo/events/", "chapters/oslo/posts/"):
        trail = site.page(url).xpath("//nav[@class='breadcrumbs']//li")
        assert [" ".join(li.text_content().split()) for li in trail][:3] == [
            "International",
            "IOPS Norway",
            "IOPS Oslo",
        ], url


def test_an_item_ends_with_more_of_its_chapters_work_and_how_to_join(site):
    onward = site.page("chapters/oslo/posts/post-01/").xpath(
        "//footer/nav[@class='onward']//a"
    )
    assert [(a.get("href"), a.text_content()) for a in onward] == [
        ("/chapters/oslo/posts/", "All posts of IOPS Oslo"),
        ("/chapters/oslo/#join", "Join and meet IOPS Oslo"),
    ]
    bylaws = site.page("chapters/norway/pages/bylaws/")
    assert bylaws.xpath("//nav[@class='onward']//a/@href")[0] == (
        "/chapters/norway/pages/"
    )


@pytest.mark.parametrize(
    ("url", "others"),
    [
        ("chapters/oslo/posts/", ["/chapters/oslo/events/"]),
        ("chapters/oslo/posts/page/2/", ["/chapters/oslo/events/"]),
        ("chapters/oslo/events/", ["/chapters/oslo/posts/"]),
    ],
)
def test_a_listing_ends_with_the_chapters_other_listings_and_how_to_join(
    site, url, others
):
    """No dead end: a listing of one old post still leads on."""
    onward = site.page(url).xpath("//nav[@class='onward']//a/@href")
    assert onward == [*others, "/chapters/oslo/#join"]


def test_listings_are_in_the_sitemap(site):
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    for url in (
        "chapters/oslo/posts/",
        "chapters/oslo/posts/page/2/",
        "chapters/oslo/events/page/2/",
        "chapters/norway/pages/",
    ):
        assert f"<loc>http://localhost:8000/{url}</loc>" in sitemap


def test_without_pagination_a_listing_is_one_page(site, tmp_path):
    settings = site.settings(output=tmp_path / "output")
    settings["PAGINATED_TEMPLATES"] = {"index": 20, "chapter": 20, "area": 20}
    assert build(settings, out=io.StringIO()) == 0
    one_page = Site(site.root, tmp_path / "output")
    assert len(titles(one_page, "chapters/oslo/posts/")) == POSTS + 1
    assert not (tmp_path / "output/chapters/oslo/posts/page").exists()
    events = one_page.page("chapters/oslo/events/")
    assert len(events.xpath("//section[@class='past']//h3/a")) == 19
    assert events.xpath("//section[@class='upcoming']//h3/a/text()") == [
        "Soon",
        "Later",
    ]
