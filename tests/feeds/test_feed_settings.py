"""FEEDS_* settings: defaults, what SITEURL changes, every bad value at once."""

from __future__ import annotations

import pytest

from plugins.feeds.settings import FeedsSettings, feeds_settings


def test_defaults_without_siteurl():
    assert feeds_settings({"SITEURL": ""}) == FeedsSettings(
        base_url="http://localhost:8000",
        max_items=20,
        tag_authority="chapterhouse.invalid",
        tag_year="2012",
    )


def test_siteurl_gives_the_base_and_the_tag_authority():
    settings = feeds_settings(
        {"SITEURL": "https://IOPS.example.org/", "FEEDS_SITEURL": "x"}
    )
    assert settings.base_url == "https://IOPS.example.org"
    assert settings.tag_authority == "iops.example.org"


def test_feeds_siteurl_is_the_base_when_siteurl_is_empty():
    settings = feeds_settings(
        {"SITEURL": "", "FEEDS_SITEURL": "https://preview.example.org/"}
    )
    assert settings.base_url == "https://preview.example.org"
    assert settings.tag_authority == "chapterhouse.invalid"


@pytest.mark.parametrize("authority", ["iops.org", "webmaster@iops.org"])
def test_a_pinned_authority_wins_over_siteurl(authority):
    settings = feeds_settings(
        {
            "SITEURL": "https://new-domain.example",
            "FEEDS_TAG_AUTHORITY": authority,
            "FEEDS_TAG_YEAR": 2013,
        }
    )
    assert (settings.tag_authority, settings.tag_year) == (authority, "2013")


def test_every_bad_value_is_reported_together():
    with pytest.raises(ValueError, match="bad feeds settings") as error:
        feeds_settings(
            {
                "SITEURL": "",
                "FEEDS_MAX_ITEMS": 0,
                "FEEDS_SITEURL": "localhost:8000",
                "FEEDS_TAG_AUTHORITY": "not a domain",
                "FEEDS_TAG_YEAR": "12",
            }
        )
    message = str(error.value)
    for key in (
        "FEEDS_MAX_ITEMS = 0",
        "FEEDS_SITEURL = 'localhost:8000'",
        "FEEDS_TAG_AUTHORITY = 'not a domain'",
        "FEEDS_TAG_YEAR = '12'",
    ):
        assert key in message


@pytest.mark.parametrize("value", [True, "20", -1, 2.5])
def test_max_items_must_be_a_whole_number_of_at_least_one(value):
    with pytest.raises(ValueError, match="FEEDS_MAX_ITEMS"):
        feeds_settings({"FEEDS_MAX_ITEMS": value})
