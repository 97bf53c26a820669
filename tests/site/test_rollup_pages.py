"""What a reader sees of the derived facts on chapter, directory, area and home pages."""

from __future__ import annotations

from tests.conftest import Site
from tests.site.test_atomic_and_reproducible import tree_digest


def test_stale_national_page_shows_banner_with_date_and_age(uk):
    banner = uk.page("chapters/uk/").xpath("//div[contains(@class,'stale-banner')]")[0]
    text = " ".join(banner.text_content().split())
    assert "not been updated since 10 September 2013, 1 year and 4 months ago" in text
    assert banner.xpath(".//time/@datetime") == ["2013-09-10"]


def test_a_childs_post_keeps_the_national_page_stale_but_active(uk):
    badges = uk.page("chapters/uk/").xpath(
        "//header//span[contains(@class,'badge')]/text()"
    )
    # active by its chapters' work, not its own: the badge says so
    assert "Active through its chapters" in badges and "Out of date" in badges


def test_fresh_page_has_no_banner(uk):
    assert (
        uk.page("chapters/london/").xpath("//div[contains(@class,'stale-banner')]")
        == []
    )


def test_never_updated_page_says_so(uk):
    assert "It has never been updated." in uk.text("chapters/usa/")


def test_local_page_lists_working_criteria_in_words(uk):
    items = uk.page("chapters/leeds/").xpath("//ul[@class='criteria']/li")
    words = [" ".join(li.text_content().split()) for li in items]
    assert words == [
        "Not yet: meets every three months",
        "Not yet: page is out of date",
        "Not yet: 4 members (at least 5 needed)",
        "Not yet: share of women unknown (at least 30% needed)",
        "Not yet: 0 admins (at least 1 needed)",
    ]
    assert (
        "IOPS Leeds is not yet a working chapter: it meets 0 of the 5 criteria."
        in uk.text("chapters/leeds/")
    )
    assert "IOPS London is a working chapter: it meets every criterion." in uk.text(
        "chapters/london/"
    )


def test_national_page_counts_working_local_chapters(uk):
    assert "1 of the 2 local chapters in IOPS UK is a working chapter." in uk.text(
        "chapters/uk/"
    )


def test_unconfirmed_membership_is_flagged(uk):
    assert "Membership not confirmed since 1 June 2013" in uk.text("chapters/uk/")
    assert "Membership not confirmed" not in uk.text("chapters/london/")


def test_every_listing_shows_activity_and_staleness(uk):
    child = uk.page("chapters/uk/").xpath("//ul[@class='chapters']/li[a='IOPS Leeds']")[
        0
    ]
    assert "Dormant" in child.text_content() and "Out of date" in child.text_content()
    home = uk.page("").xpath("//ul[@class='chapters']/li[a='IOPS UK']")[0]
    assert "Active" in home.text_content() and "Out of date" in home.text_content()
    row = uk.page("chapters/").xpath("//tr[th/a='IOPS Leeds']")[0]
    assert row.get("data-activity") == "dormant" and row.get("data-stale") == "yes"
    area_row = uk.page("areas/uki/").xpath("//tr[th/a='IOPS London']")[0]
    assert "Active" in area_row.text_content()


def test_directory_groups_by_area_with_anchors_and_a_no_area_group(uk):
    page = uk.page("chapters/")
    assert page.xpath("//nav[@aria-label='Areas']//a/@href") == [
        "#area-uki",
        "#no-area",
    ]
    uki = page.xpath("//section[@id='area-uki']//tbody/tr/th/a/text()")
    assert uki == [
        "IOPS UK",
        "IOPS Leeds",
        "IOPS London",
    ]  # national first, then by name
    assert page.xpath("//section[@id='no-area']//tbody/tr/th/a/text()") == ["IOPS USA"]
    assert page.xpath("string(//section[@id='no-area']/h2)") == "Across several areas"
    # the heading names the area; the caption, on screen, only how many
    caption = page.xpath("//section[@id='area-uki']//caption")[0]
    assert " ".join(caption.text_content().split()) == (
        "United Kingdom and Ireland: 3 chapters"
    )
    assert caption.xpath("string(span[@class='visually-hidden'])") == (
        "United Kingdom and Ireland: "
    )


def test_area_page_lists_its_chapters_and_activity(uk):
    page = uk.page("areas/uki/")
    assert page.xpath("string(//h1)") == "United Kingdom and Ireland"
    assert "Welcome event" in uk.text("areas/uki/")
    assert "Nothing published yet." in uk.text("areas/na-ne/")


def test_home_page_counts_chapters_by_activity_and_stale_pages(uk):
    counts = [
        " ".join(li.text_content().split())
        for li in uk.page("").xpath("//ul[@class='counts']/li")
    ]
    assert counts == [
        "2 active chapters",
        "0 quiet",
        "2 dormant",
        "3 pages out of date",
    ]


def test_a_later_build_date_changes_flags_and_nothing_else(uk, tmp_path):
    before, after = uk.output, tmp_path / "after"  # uk is built for 2015-01-15
    uk.build(build_date="2015-07-01", output=after)
    old, new = tree_digest(before), tree_digest(after)
    assert old.keys() == new.keys()
    changed = {path for path in old if old[path] != new[path]}
    assert "chapters/london/posts/welcome/index.html" not in changed
    assert "chapters/london/index.html" in changed  # London has gone stale
    assert "Out of date" in Site(uk.root, output=after).text("chapters/london/")


def test_directory_offers_each_declared_language_and_the_default_for_the_rest(
    built_norway,
):
    page = built_norway.page("chapters/")
    [choice] = page.xpath("//div[@id='directory-controls']//select[@name='lang']")
    options = [(o.get("value"), o.text) for o in choice.iter("option")]
    assert options == [
        ("", "any language"),
        ("en", "English"),
        ("nb", "Norwegian Bokmål"),
    ]
    rows = {
        row.xpath("string(th/a)"): row.get("data-languages")
        for row in page.xpath("//table[@class='directory']/tbody/tr")
    }
    # IOPS Norway declares no languages: it speaks the site's default.
    assert rows == {"IOPS Norway": "en", "IOPS Oslo": "nb en"}


def test_directory_controls_are_written_by_the_page_counted_and_in_its_words(
    built_norway,
):
    """Written with the page, not by its script: nothing moves when the script
    runs, and the words come from the catalogues."""
    controls = built_norway.page("chapters/").xpath("//div[@id='directory-controls']")[
        0
    ]
    assert controls.get("hidden") is None  # hidden by site.css where scripting is off
    count = controls.xpath(".//output[@name='count']")[0]
    assert count.text == "2 of 2 chapters shown"
    assert count.get("data-format") == "{shown} of 2 chapters shown"
    levels = controls.xpath(".//select[@name='level']/option")
    assert [(o.get("value"), o.text) for o in levels] == [
        ("", "any level"),
        ("national", "National chapter"),
        ("regional", "Regional chapter"),
        ("local", "Local chapter"),
    ]
    status = controls.xpath(".//*[@id='distance-status']")[0]
    assert status.get("data-nearest") == (
        "Nearest first. Your position stayed in this browser."
    )


def test_the_next_meeting_of_a_stale_page_says_to_check_before_going(tmp_path):
    from tests.conftest import built_site

    site = built_site(
        tmp_path,
        {
            "chapters/leeds/chapter.yaml": """
            name: IOPS Leeds
            level: local
            country: GB
            updated: "2013-05-01"
            meetings: {frequency: weekly, day: monday, time: "19:00", timezone: Europe/London}
            admins: [{name: Ada, github: ada}]
        """,
        },
    )
    meetings = site.page("chapters/leeds/").xpath("//section[@class='meetings']")[0]
    text = " ".join(meetings.text_content().split())
    assert "Next meeting: Monday 19 January 2015" in text
    assert (
        "This page may be out of date: ask the chapter whether the meetings still "
        "take place before you go." in text
    )


def test_a_venue_without_access_information_says_to_ask(tmp_path):
    from tests.conftest import built_site

    meets = 'meetings: {frequency: weekly, day: monday, time: "19:00", timezone: Europe/London'
    site = built_site(
        tmp_path,
        {
            "chapters/leeds/chapter.yaml": f"""
            name: IOPS Leeds
            level: local
            country: GB
            {meets}, venue: Hall}}
            admins: [{{name: Ada, github: ada}}]
        """,
            "chapters/york/chapter.yaml": f"""
            name: IOPS York
            level: local
            country: GB
            {meets}, venue: Hall, access: "Step-free.\\n\\nChildren welcome."}}
        """,
        },
    )

    def access(slug):
        details = site.page(f"chapters/{slug}/").xpath("//dl[@class='meeting-details']")
        return details[0].xpath("string(./dt[.='Access']/following-sibling::dd[1])")

    assert " ".join(access("leeds").split()) == (
        "Not given: ask the chapter about step-free access, childcare and the "
        "language of the meetings."
    )
    york = site.page("chapters/york/").xpath("//dd[@class='paragraphs']/p/text()")
    assert york == ["Step-free.", "Children welcome."]


def test_the_distance_note_is_shown_only_beside_distances(tmp_path):
    from tests.conftest import built_site

    def yaml(name, where=""):
        return f"name: {name}\nlevel: local\nparent: uk\ncountry: GB\n{where}"

    site = built_site(
        tmp_path,
        {
            "chapters/uk/chapter.yaml": "name: IOPS UK\nlevel: national\ncountry: GB\n",
            "chapters/leeds/chapter.yaml": yaml("IOPS Leeds"),
            "chapters/york/chapter.yaml": yaml("IOPS York"),
        },
    )
    nearby = site.page("chapters/leeds/").xpath("//section[@class='nearby']")[0]
    assert nearby.xpath(".//li/a/text()") == ["IOPS York"]  # a sibling, no place
    assert "Distances are in a straight line" not in nearby.text_content()
    located = built_site(
        tmp_path / "located",
        {
            "chapters/uk/chapter.yaml": "name: IOPS UK\nlevel: national\ncountry: GB\n",
            "chapters/leeds/chapter.yaml": yaml(
                "IOPS Leeds", "location: {lat: 53.8, lon: -1.55}\n"
            ),
            "chapters/york/chapter.yaml": yaml(
                "IOPS York", "location: {lat: 53.96, lon: -1.08}\n"
            ),
        },
    )
    assert "Distances are in a straight line" in located.text("chapters/leeds/")
