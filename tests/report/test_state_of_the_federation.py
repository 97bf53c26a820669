"""/report/ answers which chapters work, which pages are stale and how each area is doing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import lxml.etree
import pytest

from plugins.report.chart import bar_chart
from plugins.report.tables import items_per_month, last_months, stale_pages, totals
from tests.conftest import FEDERATION, built_site


@pytest.fixture(scope="module")
def uk(tmp_path_factory):
    """FEDERATION and a Dublin chapter, built once for 2015-01-15; tests only read it."""
    return built_site(
        tmp_path_factory.mktemp("report"),
        {
            **FEDERATION,
            "chapters/dublin/chapter.yaml": """
            name: IOPS Dublin
            level: local
            country: IE
            updated: "2014-01-01"
            members: {count: 8, women: 1, as_of: "2013-06-01"}
        """,
        },
    )


def cells(row):
    return [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]


def test_area_table_rows_and_totals(uk):
    page = uk.page("report/")
    table = page.xpath("//section[@id='area-uki']//table[@class='report']")[0]
    rows = [cells(r) for r in table.xpath("./tbody/tr")]
    assert [r[0] for r in rows] == [
        "IOPS UK",
        "IOPS Dublin",
        "IOPS Leeds",
        "IOPS London",
    ]
    london = rows[3]
    assert london[1:9] == [
        "local",
        "fortnightly",
        "20",
        "9 (45%)",
        "1",
        "20 December 2014",  # written like every other page
        "no",
        "Active latest: 20 December 2014",  # the day of its newest work
    ]
    assert london[9] == "working chapter (all 5 criteria)"
    assert (
        rows[2][9]
        == "0 of 5; missing: regular meetings, an up-to-date page, enough members, enough women and enough admins"
    )
    assert cells(table.xpath("./tfoot/tr")[0]) == [
        "Total: 4 chapters",
        "208",  # IOPS UK's 200 include London's and Leeds's members
        "61",
        "1 working, 3 out of date; every chapter gave a member count",
    ]


def test_overview_counts_of_chapters_equal_the_sum_of_area_rows(uk):
    table = uk.page("report/").xpath(
        "//section[@aria-labelledby='areas-heading']//table"
    )[0]
    body = [cells(r)[1:] for r in table.xpath("./tbody/tr")]
    foot = cells(table.xpath("./tfoot/tr")[0])[1:]
    for column in (0, 2, 3, 4, 5, 6, 9):
        assert sum(int(row[column]) for row in body) == int(foot[column])
    working = [row[1].split(" of ") for row in body]
    assert (
        f"{sum(int(w) for w, _ in working)} of {sum(int(t) for _, t in working)}"
        == foot[1]
    )


def test_summary_names_the_working_chapters(uk):
    summary = uk.text("report/")
    assert "1 of 3 local chapters are working chapters: IOPS London." in summary


def test_stale_list_puts_national_pages_first(uk):
    items = uk.page("report/").xpath("//ol[@class='stale-list']/li/a/text()")
    assert items == [
        "IOPS USA",
        "IOPS UK",
        "IOPS Leeds",
        "IOPS Dublin",
    ]  # never updated first


def test_the_stale_list_says_how_long_each_page_has_gone_unchanged(uk):
    items = uk.page("report/").xpath("//ol[@class='stale-list']/li")
    texts = [" ".join(li.text_content().split()) for li in items]
    assert any(t.endswith("1 year and 4 months ago") for t in texts), texts


def test_the_local_chapters_not_yet_working_are_listed_closest_first(uk):
    page = uk.page("report/")
    listed = [
        " ".join(li.text_content().split())
        for li in page.xpath("//ul[@class='not-working']/li")
    ]
    assert listed == [
        "IOPS Dublin: missing regular meetings, an up-to-date page, enough women "
        "and enough admins",
        "IOPS Leeds: missing regular meetings, an up-to-date page, enough members, "
        "enough women and enough admins",
    ]
    assert "2 local chapters are not working chapters yet" in uk.text("report/")


def test_the_report_says_what_makes_a_working_chapter(uk):
    section = uk.page("report/").xpath(
        "//section[@aria-labelledby='criteria-heading']"
    )[0]
    assert [li.text_content() for li in section.xpath(".//li")] == [
        "meets at least every two months",
        "keeps its page up to date (updated within 180 days)",
        "has at least 5 members",
        "at least 30% women among its members",
        "has at least 1 admin who keeps its page",
    ]


def test_the_contents_lead_to_every_section_in_order_and_each_area_leads_back(uk):
    page = uk.page("report/")
    contents = page.xpath("//nav[@id='contents']")[0]
    targets = [href.lstrip("#") for href in contents.xpath(".//a/@href")]
    headings = page.xpath("//main//h2[@id]")
    assert targets == [h.get("id") for h in headings]  # every section, in order
    assert [a.text_content() for a in contents.xpath(".//a")] == [
        h.text_content() for h in headings
    ]
    for area in page.xpath("//section[@class='report-area']"):
        assert area.xpath(".//a[@href='#contents']"), area.get("id")


def test_each_areas_links_and_summaries_say_which_area_out_of_context(uk):
    page = uk.page("report/")
    downloads = [
        " ".join(a.text_content().split()) for a in page.xpath("//a[@download]")
    ]
    assert "Download this table as CSV: Chapters in United Kingdom and Ireland" in (
        downloads
    )
    assert len(set(downloads)) == len(downloads)  # a screen reader's list of links
    summaries = [
        " ".join(s.text_content().split()) for s in page.xpath("//details/summary")
    ]
    assert len(set(summaries)) == len(summaries)


def test_an_area_without_chapters_is_counted_as_none_not_left_out(uk):
    page = uk.page("report/")
    glance = page.xpath("//section[@aria-labelledby='areas-heading']//tbody/tr")
    empty = [row for row in glance if cells(row)[1] == "0"]
    assert empty, "the settings' areas without chapters"
    for row in empty:
        assert row.xpath(".//a") == []  # no section of its own to go to
        assert set(cells(row)[3:]) == {"0"}
    sections = page.xpath("//section[@class='report-area']")
    assert len(sections) == len(glance) - len(empty)


def test_unconfirmed_membership_is_listed(uk):
    listed = uk.page("report/").xpath(
        "//section[@aria-labelledby='unconfirmed-heading']//li/a/text()"
    )
    assert listed == ["IOPS Dublin", "IOPS UK"]  # oldest count first, then by name


def test_csv_per_area_matches_the_area_table(uk):
    text = (uk.output / "report/uki.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["slug"] for row in rows] == ["uk", "dublin", "leeds", "london"]
    assert uk.page("report/").xpath("//a[@download]/@href") == ["/report/uki.csv"]


def test_chart_is_inline_svg_with_a_text_alternative(uk):
    section = uk.page("report/").xpath("//section[@id='area-uki']")[0]
    svg = section.xpath(".//svg")[0]
    assert svg.get("role") == "img"
    assert "Items per month in United Kingdom and Ireland" in section.xpath(
        "string(.//svg/title)"
    )
    assert "1 item in 24 months" in section.xpath("string(.//svg/desc)")
    months = section.xpath(".//table[@class='monthly']//tbody/tr")
    assert len(months) == 24
    assert cells(months[-2]) == ["Dec 2014", "1"]


def test_last_months_cross_the_year_boundary():
    months = last_months(dt.date(2015, 1, 15), 3)
    assert months == ["2014-11", "2014-12", "2015-01"]
    assert items_per_month(
        [dt.date(2014, 12, 1), dt.date(2014, 12, 31), dt.date(2013, 12, 1)], months
    ) == [0, 2, 0]


def test_totals_and_stale_order_from_rows():
    rows = [
        {
            "slug": "b",
            "parent": "a",
            "level": "local",
            "activity": "active",
            "working": True,
            "stale": False,
            "members_count": 5,
            "members_women": 2,
            "membership_stale": False,
            "last_updated": "2014-01-01",
            "name": "b",
        },
        {
            "slug": "a",
            "parent": None,
            "level": "national",
            "activity": "quiet",
            "working": None,
            "stale": True,
            "members_count": None,
            "members_women": None,
            "membership_stale": True,
            "last_updated": None,
            "name": "a",
        },
    ]
    result = totals(rows)
    assert (result.chapters, result.local_chapters, result.working, result.stale) == (
        2,
        1,
        1,
        1,
    )
    assert result.activity == {"active": 1, "quiet": 1, "dormant": 0, "closed": 0}
    assert (result.members, result.women, result.without_figure) == (5, 2, 1)
    assert [r["name"] for r in stale_pages(rows)] == ["a"]


def test_chart_svg_is_well_formed_and_escapes_its_title():
    svg = bar_chart(["2014-12", "2015-01"], [0, 3], "Items <in> A & B", "c")
    tree = lxml.etree.fromstring(svg.encode())
    assert tree.findtext("{http://www.w3.org/2000/svg}title") == "Items <in> A & B"
    assert len(tree.findall("{http://www.w3.org/2000/svg}rect")) == 2


def test_the_report_writes_dates_like_every_other_page(uk):
    page = uk.page("report/")
    shown = page.xpath("//main//time")
    assert shown
    for time in shown:
        assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", time.text_content()), time.text
    stale = " ".join(page.xpath("string(//ol[@class='stale-list'])").split())
    assert "IOPS UK (national): last updated 10 September 2013" in stale


def test_a_single_chapter_is_written_in_the_singular(uk):
    page = uk.page("report/")
    feet = [
        cells(row)[0]
        for row in page.xpath("//table[@class='report']/tfoot/tr")
        if cells(row)[0].startswith("Total:")
    ]
    assert "Total: 1 chapter" in feet
    assert not any(foot.startswith("Total: 1 chapters") for foot in feet)


def test_the_summary_counts_each_member_once(uk):
    summary = " ".join(uk.text("report/").split())
    # IOPS UK's 200 include London and Leeds; Dublin adds 8; IOPS USA gave no figure.
    assert "208 members, each counted once (1 chapter gave no member count;" in summary


def test_a_closed_chapter_meeting_every_criterion_is_said_not_to_count(tmp_path):
    london = FEDERATION["chapters/london/chapter.yaml"]
    site = built_site(
        tmp_path,
        {
            **FEDERATION,
            "chapters/london/chapter.yaml": london
            + '    status: closed\n        closed: "2014-12-20"\n',
        },
    )
    row = next(
        cells(r)
        for r in site.page("report/").xpath("//table[@class='report']/tbody/tr")
        if cells(r)[0] == "IOPS London"
    )
    assert row[9] == "closed: not counted"
    working = site.page("chapters/london/").xpath("//section[@class='working']/p")[0]
    assert " ".join(working.text_content().split()) == (
        "IOPS London has closed, so it is not counted as a working chapter, "
        "whatever criteria it met."
    )
    assert "IOPS London" not in site.page("report/").xpath(
        "//ul[@class='not-working']/li/a/text()"
    )


def test_a_chapter_marked_dormant_is_said_not_to_count(tmp_path):
    london = FEDERATION["chapters/london/chapter.yaml"]
    site = built_site(
        tmp_path,
        {
            **FEDERATION,
            "chapters/london/chapter.yaml": london + "    status: dormant\n",
        },
    )
    row = next(
        cells(r)
        for r in site.page("report/").xpath("//table[@class='report']/tbody/tr")
        if cells(r)[0] == "IOPS London"
    )
    assert row[9] == "marked dormant: not counted"
    working = site.page("chapters/london/").xpath("//section[@class='working']/p")[0]
    assert " ".join(working.text_content().split()) == (
        "IOPS London is marked dormant, so it is not counted as a working chapter, "
        "whatever criteria it meets."
    )
    assert "0 of 2 local chapters are working chapters." in site.text("report/")


def test_each_country_has_its_totals_counting_every_member_once(uk):
    from plugins.site.membership import membership_totals

    rows = json.loads((uk.output / "data/chapters.json").read_text("utf-8"))
    table = uk.page("report/").xpath(
        "//section[@aria-labelledby='countries-heading']//table"
    )[0]
    found = {cells(r)[0]: cells(r) for r in table.xpath("./tbody/tr")}
    assert list(found) == sorted(found)  # by the countries' names
    for name, code in (("United Kingdom", "GB"), ("Ireland", "IE")):
        group = [row for row in rows if row["country"] == code]
        totals = membership_totals(group)
        assert found[name][1] == str(len(group))
        assert found[name][8:11] == [
            f"{totals.members:,}",
            f"{totals.women:,}",
            str(totals.without_figure),
        ]
    assert cells(table.xpath("./tfoot/tr")[0])[0] == "All countries"


def test_a_chapter_without_a_count_shows_the_members_of_its_chapters(tmp_path):
    site = built_site(
        tmp_path,
        {
            "chapters/de/chapter.yaml": "name: IOPS DE\nlevel: national\ncountry: DE\n",
            "chapters/nord/chapter.yaml": (
                "name: IOPS Nord\nlevel: regional\nparent: de\ncountry: DE\n"
                'members: {count: 10, as_of: "2014-12-01"}\n'
            ),
            "chapters/kiel/chapter.yaml": (
                "name: IOPS Kiel\nlevel: local\nparent: nord\ncountry: DE\n"
                'members: {count: 4, as_of: "2014-12-01"}\n'
            ),
            "chapters/bonn/chapter.yaml": (
                "name: IOPS Bonn\nlevel: local\nparent: de\ncountry: DE\n"
                'members: {count: 3, as_of: "2014-12-01"}\n'
            ),
            "chapters/jena/chapter.yaml": (
                "name: IOPS Jena\nlevel: local\nparent: de\ncountry: DE\n"
            ),
        },
    )

    def members(slug):
        profile = site.page(f"chapters/{slug}/").xpath(
            "//section[@class='profile']//dt[.='Members']/following-sibling::dd[1]"
        )
        return " ".join(profile[0].text_content().split()) if profile else None

    # Nord's 10 include Kiel's 4: 10 + 3, Jena gave none.
    assert members("de") == (
        "13 in its chapters, each counted once (1 of 4 gave no member count)"
    )
    assert members("nord").startswith("10, counted on")  # its own count
    assert members("jena") is None


def test_a_chapter_whose_chapters_gave_no_count_shows_no_members(tmp_path):
    site = built_site(
        tmp_path,
        {
            "chapters/de/chapter.yaml": "name: IOPS DE\nlevel: national\ncountry: DE\n",
            "chapters/bonn/chapter.yaml": (
                "name: IOPS Bonn\nlevel: local\nparent: de\ncountry: DE\n"
            ),
        },
    )
    profile = site.page("chapters/de/").xpath("//section[@class='profile']//dt/text()")
    assert "Members" not in profile
