"""Which chapters the exchange lists, under which heading, with which contact and date."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.exchange.board import (
    Contact,
    contact_of,
    fingerprint,
    groups,
    listing_date,
    listings,
    on_exchange,
)
from plugins.model.areas import Area
from plugins.model.chapters import Admin, Chapter

BUILD = dt.date(2015, 1, 15)
UKI = Area("uki", "United Kingdom and Ireland", frozenset({"GB", "IE"}))
NORDIC = Area("nord", "Nordic countries", frozenset({"NO"}))


def chapter(slug: str, **fields) -> Chapter:
    defaults = {
        "name": f"IOPS {slug.title()}",
        "level": "local",
        "country": "GB",
        "path": f"chapters/{slug}/chapter.yaml",
    }
    return Chapter(slug=slug, **{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({}, False),
        ({"offers": ("A speaker",)}, True),
        ({"asks": ("Translators",)}, True),
        ({"offers": ("A speaker",), "status": "dormant"}, True),
        ({"offers": ("A speaker",), "status": "forming"}, True),
        (
            {
                "offers": ("A speaker",),
                "status": "closed",
                "closed": dt.date(2014, 3, 1),
            },
            False,
        ),
    ],
)
def test_a_chapter_is_on_the_exchange_when_it_lists_something_and_is_not_closed(
    fields, shown
):
    assert on_exchange(chapter("leeds", **fields)) is shown


def test_the_fingerprint_names_the_text_and_nothing_else():
    same = fingerprint(["A speaker"], ["Translators"])
    assert same == fingerprint(("A speaker",), ("Translators",))
    assert len(same) == 12
    assert same != fingerprint(["A speaker!"], ["Translators"])
    # An offer moved to the asks is a change.
    assert fingerprint(["A speaker"], []) != fingerprint([], ["A speaker"])
    # Order is part of what the admins wrote.
    assert fingerprint(["a", "b"], []) != fingerprint(["b", "a"], [])


@pytest.mark.parametrize(
    ("updated", "last_updated", "expected"),
    [
        (dt.date(2014, 11, 20), dt.date(2014, 12, 30), dt.date(2014, 11, 20)),
        (None, dt.date(2014, 12, 30), dt.date(2014, 12, 30)),
        (None, None, BUILD),
        # 'updated' after the build date is not yet true.
        (dt.date(2015, 2, 1), dt.date(2014, 12, 30), dt.date(2014, 12, 30)),
        (BUILD, None, BUILD),
    ],
)
def test_a_listing_is_dated_by_the_profiles_updated_date(
    updated, last_updated, expected
):
    assert listing_date(chapter("leeds", updated=updated), last_updated, BUILD) == (
        expected
    )


def test_the_contact_is_the_chapters_own_then_an_admins_then_its_parents():
    uk = chapter("uk", level="national", contact={"website": "https://uk.example.org/"})
    own = chapter("leeds", parent="uk", contact={"email": "leeds@example.org"})
    admin = chapter(
        "york", parent="uk", admins=(Admin("Ada"), Admin("Bo", email="bo@example.org"))
    )
    none = chapter("hull", parent="uk")
    chapters = {c.slug: c for c in (uk, own, admin, none)}
    assert contact_of(own, chapters) == Contact("email", "leeds@example.org")
    assert contact_of(admin, chapters) == Contact("email", "bo@example.org")
    assert contact_of(none, chapters) == Contact(
        "website", "https://uk.example.org/", via="uk"
    )
    assert contact_of(uk, {"uk": uk}) == Contact("website", "https://uk.example.org/")
    assert contact_of(chapter("solo"), {}) is None


def test_listings_are_grouped_by_area_in_the_settings_order_then_by_country():
    chapters = {
        c.slug: c
        for c in (
            chapter("york", area="uki", offers=("A speaker",)),
            chapter("dublin", area="uki", country="IE", asks=("Translators",)),
            chapter("oslo", area="nord", country="NO", offers=("A workshop",)),
            chapter("usa", level="national", country="US", asks=("Buddies",)),
            chapter("canada", level="national", country="CA", asks=("Speakers",)),
            chapter("leeds", area="uki"),  # lists nothing
        )
    }
    shown = listings(chapters, {}, BUILD)
    found = [
        (g.anchor, g.name, [listing.slug for listing in g.listings])
        for g in groups(shown, [NORDIC, UKI])
    ]
    assert found == [
        ("area-nord", "Nordic countries", ["oslo"]),
        ("area-uki", "United Kingdom and Ireland", ["dublin", "york"]),
        ("country-ca", "Canada", ["canada"]),
        ("country-us", "United States", ["usa"]),
    ]


def test_an_area_without_listings_has_no_heading():
    shown = listings({"oslo": chapter("oslo", area="nord", asks=("x",))}, {}, BUILD)
    assert [g.anchor for g in groups(shown, [NORDIC, UKI])] == ["area-nord"]
