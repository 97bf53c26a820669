"""Building a site writes a page per chapter and per item, as a reader sees them."""

from __future__ import annotations

from urllib.parse import unquote


def test_chapter_page_shows_profile_parent_and_meetings_in_words(built_norway):
    page = built_norway.page("chapters/oslo/")
    assert page.xpath("string(//h1)") == "IOPS Oslo"
    text = built_norway.text("chapters/oslo/")
    # languages: [nb, en]: the interface is Norwegian (tests/i18n checks it in full)
    assert "Møtes hver onsdag kl. 19:00 (tid i Oslo)." in text
    assert "12, hvorav 5 kvinner (41 %)" in text  # rounded down
    assert page.xpath("//a[text()='IOPS Norway']/@href")[0] == "/chapters/norway/"
    assert page.get("lang") == "nb"


def test_national_page_lists_its_local_chapter_and_its_activity(built_norway):
    page = built_norway.page("chapters/norway/")
    assert "/chapters/oslo/" in page.xpath("//ul[@class='chapters']//a/@href")
    assert "Første møte" in built_norway.text("chapters/norway/")


def test_item_page_lives_under_its_chapter_and_kind(built_norway):
    page = built_norway.page("chapters/oslo/posts/first-meeting/")
    assert page.xpath("string(//h1)") == "Første møte"
    assert page.xpath("//main//strong/text()") == ["kafé"]
    assert page.get("lang") == "nb"  # the chapter's first language


def test_international_items_live_at_the_site_root(norway):
    norway.write(
        {
            "content/pages/mission.md": """
            ---
            title: Mission
            ---
            What we are for.
        """,
            "content/posts/hello.md": """
            ---
            title: Hello federation
            date: "2014-05-01"
            featured: true
            ---
            Welcome.
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    assert norway.page("pages/mission/").xpath("string(//h1)") == "Mission"
    assert "Hello federation" in norway.text("")
    assert norway.page("").xpath(
        "//section[@aria-labelledby='featured-heading']//a/text()"
    ) == ["Hello federation"]


def test_drafts_and_future_items_appear_nowhere(norway):
    norway.write(
        {
            "chapters/oslo/posts/secret.md": """
            ---
            title: Secret draft
            date: "2014-10-02"
            status: draft
            ---
            Not yet.
        """,
            "chapters/oslo/posts/later.md": """
            ---
            title: Scheduled post
            date: "2015-02-01"
            ---
            Soon.
        """,
        }
    )
    code, out = norway.build(build_date="2015-01-15")
    assert code == 0, out
    everything = b"".join(p.read_bytes() for p in norway.output.rglob("*.html"))
    assert b"Secret draft" not in everything
    assert b"Scheduled post" not in everything
    assert not (norway.output / "chapters/oslo/posts/later").exists()


def test_scheduled_item_appears_from_its_date_on(norway):
    norway.write(
        {
            "chapters/oslo/posts/later.md": """
            ---
            title: Scheduled post
            date: "2015-02-01"
            ---
            Soon.
        """,
        }
    )
    norway.build(build_date="2015-02-01")
    assert "Scheduled post" in norway.text("chapters/oslo/")


def test_joint_item_appears_on_both_chapters_pages(norway):
    norway.write(
        {
            "chapters/bergen/chapter.yaml": """
            name: IOPS Bergen
            level: local
            parent: norway
            country: "NO"
        """,
            "chapters/oslo/events/joint-seminar.md": """
            ---
            title: Joint seminar
            date: "2014-09-01"
            chapters: [bergen]
            starts: "2014-09-20T12:00:00+02:00"
            location: Folkets hus
            ---
            Together.
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    assert "Joint seminar" in norway.text("chapters/bergen/")
    assert "Joint seminar" in norway.text("chapters/oslo/")
    event = norway.text("chapters/oslo/events/joint-seminar/")
    assert "lørdag 20. september 2014, 12:00" in event  # the item is in nb
    assert "Folkets hus" in event


def test_item_in_another_language_is_marked_in_listings(norway):
    norway.write(
        {
            "chapters/oslo/posts/english.md": """
            ---
            title: In English
            date: "2014-10-03"
            lang: en
            ---
            Hello.
        """,
        }
    )
    norway.build()
    langs = norway.page("chapters/norway/").xpath(
        "//li[@class='item-summary']/h3/@lang"
    )
    assert sorted(langs) == ["en", "nb"]  # on the titles, not the whole entry


def test_chapter_activity_is_paginated(norway):
    posts = {
        f"chapters/oslo/posts/post-{n:02d}.md": f"""
            ---
            title: Post {n:02d}
            date: "2014-01-{n:02d}"
            ---
            Body {n}.
        """
        for n in range(1, 26)
    }
    norway.write(posts)
    code, out = norway.build()
    assert code == 0, out
    first = norway.page("chapters/oslo/")
    second = norway.page("chapters/oslo/page/2/")
    assert len(first.xpath("//li[@class='item-summary']")) == 20
    assert (
        len(second.xpath("//li[@class='item-summary']")) == 6
    )  # 25 posts + the fixture's
    assert first.xpath("//a[@rel='next']/@href") == ["/chapters/oslo/page/2/"]


def test_email_addresses_are_obfuscated_but_still_work(built_norway):
    raw = (built_norway.output / "chapters/oslo/index.html").read_text(encoding="utf-8")
    assert "oslo@example.org" not in raw
    assert "kari@example.org" not in raw
    page = built_norway.page("chapters/oslo/")
    assert "mailto:oslo@example.org" in page.xpath("//a/@href")
    assert "oslo@example.org" in built_norway.text("chapters/oslo/")


def test_a_link_to_a_section_of_another_post_leads_to_its_heading(norway):
    norway.write(
        {
            "chapters/oslo/posts/minutes.md": """
            ---
            title: Minutes
            date: "2014-10-01"
            ---
            ## Next steps

            ## Møter i høst
            """,
            "chapters/oslo/posts/links.md": """
            ---
            title: Links
            date: "2014-10-02"
            ---
            See [the steps](minutes.md#next-steps).

            Again [the steps](minutes.md#next-steps), and [autumn](minutes.md#møter-i-høst).
            """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    target = norway.page("chapters/oslo/posts/minutes/")
    ids = target.xpath("//main//h2/@id")
    assert ids == ["user-content-next-steps", "user-content-møter-i-høst"]
    hrefs = norway.page("chapters/oslo/posts/links/").xpath(
        "//main//a[starts-with(@href, '/chapters/oslo/posts/minutes/')]/@href"
    )
    assert [unquote(h) for h in hrefs] == [
        f"/chapters/oslo/posts/minutes/#{ids[0]}",
        f"/chapters/oslo/posts/minutes/#{ids[0]}",
        f"/chapters/oslo/posts/minutes/#{ids[1]}",
    ]


def test_about_md_is_rendered_on_the_chapter_page(norway):
    norway.write({"chapters/oslo/about.md": "We are *Oslo*.\n"})
    norway.build()
    assert norway.page("chapters/oslo/").xpath(
        "//section[@class='about']//em/text()"
    ) == ["Oslo"]


def test_images_next_to_a_post_are_published_and_linked(norway):
    norway.write(
        {
            "chapters/oslo/images/map.png": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "chapters/oslo/posts/with-map.md": """
            ---
            title: With a map
            date: "2014-10-04"
            ---
            ![Map of the venue](../images/map.png)
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    src = norway.page("chapters/oslo/posts/with-map/").xpath("//main//img/@src")
    assert src == ["/chapters/oslo/images/map.png"]
    assert (norway.output / "chapters/oslo/images/map.png").is_file()
