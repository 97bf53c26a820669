"""Derived facts at their boundaries (spec §4), tested without a build."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from plugins.freshness.facts import (
    activity,
    age_in_words,
    federation_facts,
    is_stale,
    last_updated,
    membership_stale,
    working_criteria,
)
from plugins.freshness.settings import freshness_settings
from plugins.model.chapters import Admin, Chapter, Meetings, Members

BUILD = dt.date(2015, 1, 15)
SETTINGS = freshness_settings({})


def chapter(slug="oslo", level="local", parent=None, **fields) -> Chapter:
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=slug.title(),
        level=level,
        country="NO",
        parent=parent,
        **fields,
    )


def item(chapter_slug, day, modified=None, joint=()):
    as_dt = lambda d: dt.datetime.combine(d, dt.time()) if d else None  # noqa: E731
    return SimpleNamespace(
        chapter=chapter_slug,
        date=as_dt(day),
        modified=as_dt(modified),
        chapters=tuple(joint),
    )


def days_before(n: int) -> dt.date:
    return BUILD - dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("level", "age", "stale"),
    [
        ("national", 365, False),
        ("national", 366, True),
        ("regional", 180, False),
        ("regional", 181, True),
        ("local", 180, False),
        ("local", 181, True),
        ("local", 0, False),
    ],
)
def test_stale_exactly_at_and_one_day_past_the_threshold(level, age, stale):
    assert is_stale(chapter(level=level), days_before(age), BUILD, SETTINGS) is stale


def test_never_updated_chapter_is_stale():
    assert is_stale(chapter(), None, BUILD, SETTINGS) is True


def test_closed_chapter_is_never_stale():
    closed = chapter(status="closed", closed=dt.date(2012, 1, 1))
    assert is_stale(closed, None, BUILD, SETTINGS) is False


def test_last_updated_is_newest_of_items_modified_and_profile():
    profile = chapter(updated=dt.date(2014, 3, 1))
    items = [
        item("oslo", dt.date(2014, 1, 1), modified=dt.date(2014, 6, 1)),
        item("oslo", dt.date(2014, 2, 1)),
    ]
    assert last_updated(profile, items, BUILD) == dt.date(2014, 6, 1)
    assert last_updated(profile, [], BUILD) == dt.date(2014, 3, 1)
    assert last_updated(chapter(), [], BUILD) is None


def test_dates_after_the_build_date_count_for_nothing_yet():
    profile = chapter(updated=dt.date(2099, 1, 1))
    items = [item("oslo", dt.date(2014, 1, 1), modified=dt.date(2099, 6, 1))]
    assert last_updated(profile, items, BUILD) == dt.date(2014, 1, 1)
    assert last_updated(profile, items, dt.date(2099, 6, 1)) == dt.date(2099, 6, 1)
    facts = federation_facts({"oslo": profile}, items, BUILD, SETTINGS)
    assert facts["oslo"].stale is True
    assert facts["oslo"].activity == "dormant"  # newest real item is a year old


@pytest.mark.parametrize(
    ("age", "expected"),
    [(0, "active"), (90, "active"), (91, "quiet"), (365, "quiet"), (366, "dormant")],
)
def test_activity_windows(age, expected):
    assert activity(chapter(), days_before(age), BUILD, SETTINGS) == expected


def test_activity_without_any_item_is_dormant_and_closed_wins():
    assert activity(chapter(), None, BUILD, SETTINGS) == "dormant"
    closed = chapter(status="closed", closed=dt.date(2014, 1, 1))
    assert activity(closed, BUILD, BUILD, SETTINGS) == "closed"


@pytest.mark.parametrize(("age", "flagged"), [(365, False), (366, True)])
def test_membership_not_confirmed_after_a_year(age, flagged):
    counted = chapter(members=Members(count=9, women=4, as_of=days_before(age)))
    assert membership_stale(counted, BUILD, SETTINGS) is flagged


def test_no_membership_figures_are_not_flagged_as_unconfirmed():
    assert membership_stale(chapter(), BUILD, SETTINGS) is False


WORKING = dict(
    meetings=Meetings(frequency="monthly"),
    members=Members(count=10, women=3, as_of=BUILD),
    admins=(Admin(name="Kari"),),
)


def test_a_chapter_meeting_every_criterion_is_working():
    criteria = working_criteria(chapter(**WORKING), stale=False, settings=SETTINGS)
    assert [c.met for c in criteria] == [True] * 5
    assert [c.reason for c in criteria] == [
        "meets every month",
        "page is up to date",
        "10 members (at least 5 needed)",
        "30% women (at least 30% needed)",
        "1 admin (at least 1 needed)",
    ]


@pytest.mark.parametrize(
    ("change", "missed", "reason"),
    [
        (
            {"meetings": Meetings(frequency="quarterly")},
            "meets-regularly",
            "meets every three months",
        ),
        ({"meetings": None}, "meets-regularly", "no regular meetings given"),
        (
            {"members": Members(count=4, women=2, as_of=BUILD)},
            "members",
            "4 members (at least 5 needed)",
        ),
        (
            {"members": Members(count=10, women=2, as_of=BUILD)},
            "women",
            "20% women (at least 30% needed)",
        ),
        (
            {"members": Members(count=10, as_of=BUILD)},
            "women",
            "share of women unknown (at least 30% needed)",
        ),
        ({"admins": ()}, "admins", "0 admins (at least 1 needed)"),
    ],
)
def test_each_missed_criterion_says_why(change, missed, reason):
    criteria = working_criteria(
        chapter(**{**WORKING, **change}), stale=False, settings=SETTINGS
    )
    failed = [c for c in criteria if not c.met]
    assert [(c.key, c.reason) for c in failed] == [(missed, reason)]


def test_stale_page_misses_the_current_page_criterion():
    criteria = working_criteria(chapter(**WORKING), stale=True, settings=SETTINGS)
    assert [c.key for c in criteria if not c.met] == ["page-current"]


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (dt.date(2013, 9, 10), "1 year and 4 months ago"),
        (dt.date(2014, 1, 15), "1 year ago"),
        (dt.date(2014, 1, 16), "11 months ago"),
        (dt.date(2015, 1, 14), "1 day ago"),
        (dt.date(2015, 1, 15), "today"),
        (dt.date(2012, 11, 15), "2 years and 2 months ago"),
    ],
)
def test_age_in_words(then, expected):
    assert age_in_words(then, BUILD) == expected


def federation():
    return {
        "uk": chapter("uk", "national", updated=dt.date(2013, 9, 10)),
        "london": chapter("london", "local", "uk", **WORKING),
        "leeds": chapter("leeds", "local", "uk"),
        "dublin": chapter("dublin", "local", None),
    }


def test_a_childs_post_does_not_refresh_its_national_parent():
    facts = federation_facts(
        federation(), [item("london", days_before(3))], BUILD, SETTINGS
    )
    assert facts["uk"].last_updated == dt.date(2013, 9, 10)
    assert facts["uk"].stale is True
    assert facts["uk"].activity == "active"  # activity does roll up
    assert facts["london"].stale is False


def test_joint_items_count_for_the_activity_of_each_chapter_named():
    items = [item("london", days_before(10), joint=["dublin"])]
    facts = federation_facts(federation(), items, BUILD, SETTINGS)
    assert facts["dublin"].activity == "active"
    assert facts["dublin"].last_updated is None  # not its own item


def test_national_page_counts_its_working_local_descendants():
    facts = federation_facts(
        federation(), [item("london", days_before(3))], BUILD, SETTINGS
    )
    assert (facts["uk"].working_descendants, facts["uk"].local_descendants) == (1, 2)
    assert facts["london"].working is True
    assert facts["leeds"].working is False
    assert facts["uk"].working is None


def test_bad_settings_are_reported_together():
    with pytest.raises(
        ValueError, match=r"FRESHNESS_ACTIVE_DAYS.*FRESHNESS_WORKING_MIN_WOMEN"
    ):
        freshness_settings(
            {"FRESHNESS_ACTIVE_DAYS": -1, "FRESHNESS_WORKING_MIN_WOMEN_SHARE": 3}
        )


def test_a_share_just_under_the_needed_one_never_reads_as_reaching_it():
    eight_of_27 = Members(count=27, women=8, as_of=BUILD)  # 29.6%
    criteria = working_criteria(
        chapter(**{**WORKING, "members": eight_of_27}), stale=False, settings=SETTINGS
    )
    [women] = [c for c in criteria if c.key == "women"]
    assert (women.met, women.reason) == (False, "29% women (at least 30% needed)")


def test_a_chapter_marked_dormant_is_not_counted_as_working_whatever_it_meets():
    chapters = {
        "oslo": chapter("oslo", status="dormant", **WORKING),
        "uk": chapter("uk", "national"),
    }
    facts = federation_facts(chapters, [item("oslo", days_before(3))], BUILD, SETTINGS)
    assert all(c.met for c in facts["oslo"].criteria)
    assert facts["oslo"].working is False


def event(chapter_slug, announced, starts):
    return SimpleNamespace(
        chapter=chapter_slug,
        kind="events",
        date=dt.datetime.combine(announced, dt.time()),
        modified=None,
        chapters=(),
        starts=starts,
    )


@pytest.mark.parametrize(
    ("starts", "newest"),
    [
        # announced 200 days ago, held last week: last week's work
        (dt.datetime(2015, 1, 8, 19, 0), dt.date(2015, 1, 8)),
        (dt.date(2015, 1, 8), dt.date(2015, 1, 8)),  # a day-long event
        # still to come: the announcement is the newest work so far
        (dt.datetime(2015, 2, 8, 19, 0), days_before(200)),
    ],
)
def test_an_event_counts_for_activity_on_the_day_it_took_place(starts, newest):
    items = [event("london", days_before(200), starts)]
    facts = federation_facts(federation(), items, BUILD, SETTINGS)
    assert facts["london"].newest == newest
    assert facts["london"].last_updated == days_before(200)  # the page's own edit
    assert facts["london"].items_last_year == 1


def test_items_of_the_last_year_count_posts_reports_and_events_not_pages():
    items = [
        item("london", days_before(10)),
        item("london", days_before(364)),
        item("london", days_before(365)),  # a year ago to the day: not within it
        SimpleNamespace(**{**vars(item("london", days_before(5))), "kind": "pages"}),
    ]
    facts = federation_facts(federation(), items, BUILD, SETTINGS)
    assert facts["london"].items_last_year == 2
    assert facts["uk"].items_last_year == 0  # its own work only


def test_the_criteria_are_said_in_words_as_the_settings_hold_them():
    from plugins.freshness.facts import criteria_in_words

    assert [str(c) for c in criteria_in_words(SETTINGS)] == [
        "meets at least every two months",
        "keeps its page up to date (updated within 180 days)",
        "has at least 5 members",
        "at least 30% women among its members",
        "has at least 1 admin who keeps its page",
    ]
    stricter = freshness_settings(
        {
            "FRESHNESS_WORKING_FREQUENCIES": ["weekly", "fortnightly"],
            "FRESHNESS_WORKING_MIN_ADMINS": 2,
            "FRESHNESS_STALE_DAYS": {"national": 365, "regional": 180, "local": 90},
        }
    )
    words = [str(c) for c in criteria_in_words(stricter)]
    assert words[0] == "meets at least every other week"
    assert words[1] == "keeps its page up to date (updated within 90 days)"
    assert words[4] == "has at least 2 admins who keep its page"


def test_a_parent_active_only_by_its_chapters_work_is_said_to_be():
    items = [item("london", days_before(3)), item("uk", days_before(200))]
    facts = federation_facts(federation(), items, BUILD, SETTINGS)
    assert facts["uk"].activity == "active"  # spec §4: activity rolls up
    assert facts["uk"].active_through_chapters is True
    assert facts["london"].active_through_chapters is False
    own = [item("london", days_before(3)), item("uk", days_before(10))]
    assert (
        federation_facts(federation(), own, BUILD, SETTINGS)[
            "uk"
        ].active_through_chapters
        is False
    )


def test_work_is_counted_on_the_day_it_was_published_not_edited():
    from plugins.freshness.facts import work_day

    edited = item("london", days_before(300), modified=days_before(3))
    assert work_day(edited, BUILD) == days_before(300)
    facts = federation_facts(federation(), [edited], BUILD, SETTINGS)
    assert facts["london"].items_last_year == 1
    assert facts["london"].newest == days_before(3)  # activity: any change
    old = item("london", days_before(400), modified=days_before(3))
    facts = federation_facts(federation(), [old], BUILD, SETTINGS)
    assert facts["london"].items_last_year == 0  # last year's edit, older work
