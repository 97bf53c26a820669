"""Membership totals count every member once (spec §4): a chapter's own figure, else its children's."""

from __future__ import annotations

from plugins.site.membership import Membership, membership_totals
from tests.conftest import FEDERATION, built_site


def row(slug, parent=None, count=None, women=None):
    return {
        "slug": slug,
        "parent": parent,
        "members_count": count,
        "members_women": women,
    }


def test_a_national_figure_includes_its_local_chapters():
    rows = [
        row("uk", count=900, women=400),
        row("london", "uk", count=200, women=90),
        row("glasgow", "uk", count=38, women=10),
    ]
    assert membership_totals(rows) == Membership(
        members=900, women=400, chapters=3, without_figure=0
    )


def test_a_chapter_without_a_figure_adds_up_its_children():
    rows = [
        row("uk"),
        row("england", "uk"),
        row("london", "england", count=200, women=90),
        row("leeds", "england", count=12, women=5),
        row("glasgow", "uk", count=38),
    ]
    totals = membership_totals(rows)
    assert (totals.members, totals.women) == (250, 95)
    assert totals.without_figure == 2


def test_a_child_figure_under_a_counted_parent_is_not_added_again():
    rows = [
        row("usa"),
        row("south", "usa", count=50),
        row("dallas", "south", count=30),
        row("austin", "south"),
        row("chicago", "usa", count=7),
    ]
    assert membership_totals(rows).members == 57


def test_an_area_counts_only_its_own_chapters():
    rows = [
        row("uk", count=900),  # the national chapter is in no single area
        row("north", "uk"),
        row("leeds", "north", count=12),
        row("manchester", "north", count=30),
        row("london", "uk", count=200),
    ]
    north = membership_totals(rows, within={"north", "leeds", "manchester"})
    assert north == Membership(members=42, women=0, chapters=3, without_figure=1)
    assert membership_totals(rows, within={"london"}).members == 200


def test_a_group_that_skips_a_level_still_counts_each_member_once():
    rows = [
        row("usa", count=100),
        row("south", "usa"),  # not in the group
        row("dallas", "south", count=30),
    ]
    assert membership_totals(rows, within={"usa", "dallas"}).members == 100


def test_nobody_gave_a_figure():
    totals = membership_totals([row("a"), row("b", "a")])
    assert totals == Membership(members=0, women=0, chapters=2, without_figure=2)


def test_an_empty_group():
    assert membership_totals([], within=()) == Membership(0, 0, 0, 0)


def test_an_area_page_counts_each_member_once(tmp_path):
    site = built_site(tmp_path, FEDERATION)
    text = site.page("areas/uki/").xpath("string(//p[@class='membership'])")
    # IOPS UK's 200 already include London's 20 and Leeds's 4.
    assert " ".join(text.split()).startswith(
        "200 members in 3 chapters, each counted once."
    )


def test_rows_given_by_slug_give_the_same_totals():
    rows = [
        row("usa", count=100),
        row("south", "usa"),
        row("dallas", "south", count=30),
        row("austin", "south", count=5),
    ]
    by_slug = {r["slug"]: r for r in rows}
    for within in (None, {"usa", "dallas"}, {"south", "dallas", "austin"}, {"gone"}):
        assert membership_totals(by_slug, within) == membership_totals(rows, within)


def test_the_members_counted_from_unconfirmed_figures_are_told_apart():
    rows = [
        {**row("uk", count=200), "membership_stale": True},  # its chapters too
        {**row("london", "uk", count=20), "membership_stale": False},
        row("usa"),
        {**row("nyc", "usa", count=15), "membership_stale": True},
        {**row("boston", "usa", count=9), "membership_stale": False},
    ]
    totals = membership_totals(rows)
    assert (totals.members, totals.unconfirmed) == (224, 215)
