"""The build date and the render limit are checked when a build or check starts."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.model.settings import chapter_settings, resolve_build_date


@pytest.mark.parametrize(
    "value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"]
)
def test_build_date_outside_1900_to_2200_is_refused(value):
    with pytest.raises(ValueError, match="is not between 1900 and 2200"):
        resolve_build_date(value)


@pytest.mark.parametrize("epoch", ["-62135596800", "99999999999999999999"])
def test_source_date_epoch_outside_the_calendar_is_refused(epoch):
    with pytest.raises(ValueError):
        resolve_build_date(None, {"SOURCE_DATE_EPOCH": epoch})


def test_build_date_at_the_ends_of_the_range_is_accepted():
    assert resolve_build_date("1900-01-01") == dt.date(1900, 1, 1)
    assert resolve_build_date("2200-12-31") == dt.date(2200, 12, 31)


@pytest.mark.parametrize("seconds", [0, -1, 61, "1", True])
def test_render_seconds_must_be_a_positive_number(seconds):
    with pytest.raises(ValueError, match="CHAPTERS_RENDER_SECONDS"):
        chapter_settings({"PATH": ".", "CHAPTERS_RENDER_SECONDS": seconds})


def test_build_with_a_build_date_in_year_one_says_so_and_publishes_nothing(norway):
    code, out = norway.build(build_date="0001-01-01")
    assert code == 2
    assert out.strip() == "settings: build date 0001-01-01 is not between 1900 and 2200"
    assert not norway.output.exists()
