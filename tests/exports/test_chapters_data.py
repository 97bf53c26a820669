"""/data/chapters.json and .csv hold every chapter with the §4.1 columns and the same facts."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import FEDERATION

REQUIRED = [
    "slug",
    "name",
    "level",
    "parent",
    "country",
    "area",
    "declared_status",
    "activity",
    "last_updated",
    "stale",
    "working",
    "membership_stale",
    "url",
    "atom_url",
    "rss_url",
]


def load_json(site):
    return json.loads((site.output / "data/chapters.json").read_text(encoding="utf-8"))


def load_csv(site):
    text = (site.output / "data/chapters.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_json_has_one_object_per_chapter_sorted_by_slug_with_the_contract_keys(uk):
    rows = load_json(uk)
    assert [row["slug"] for row in rows] == ["leeds", "london", "uk", "usa"]
    for row in rows:
        assert list(row)[: len(REQUIRED)] == REQUIRED


def test_json_values_equal_the_derived_facts(uk):
    rows = {row["slug"]: row for row in load_json(uk)}
    assert rows["uk"] == {
        **rows["uk"],
        "level": "national",
        "parent": None,
        "country": "GB",
        "area": "uki",
        "declared_status": "active",
        "activity": "active",
        "last_updated": "2013-09-10",
        "stale": True,
        "working": None,
        "membership_stale": True,
        "url": "/chapters/uk/",
        "atom_url": "/chapters/uk/atom.xml",
        "rss_url": "/chapters/uk/rss.xml",
    }
    assert rows["london"]["working"] is True
    assert rows["london"]["last_updated"] == "2014-12-20"
    assert rows["leeds"]["working"] is False
    assert (
        rows["leeds"]["working_criteria_missed"]
        == "meets-regularly page-current members women admins"
    )
    assert rows["usa"]["last_updated"] is None and rows["usa"]["area"] is None


def test_csv_has_the_same_columns_and_values_as_json(uk):
    as_json = load_json(uk)
    as_csv = load_csv(uk)
    assert list(as_csv[0])[: len(REQUIRED)] == REQUIRED
    assert len(as_csv) == len(as_json)

    def text(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    for from_csv, from_json in zip(as_csv, as_json, strict=True):
        assert from_csv == {key: text(value) for key, value in from_json.items()}


def test_exports_follow_siteurl_for_absolute_links(site):
    site.write(FEDERATION)
    settings = site.settings()
    settings["SITEURL"] = "https://iops.example.org"
    from plugins.runner import build

    assert build(settings) == 0
    rows = {row["slug"]: row for row in load_json(site)}
    assert rows["uk"]["url"] == "https://iops.example.org/chapters/uk/"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(site):
    site.write(
        {
            "chapters/evil/chapter.yaml": """
            name: "=cmd|' /C calc'!A0"
            level: national
            country: GB
            city: "@SUM(1+1)"
        """,
        }
    )
    assert site.build()[0] == 0
    row = load_csv(site)[0]
    assert row["name"] == "'=cmd|' /C calc'!A0"
    assert row["city"] == "'@SUM(1+1)"
    assert load_json(site)[0]["name"] == "=cmd|' /C calc'!A0"
    report = (site.output / "report/uki.csv").read_text(encoding="utf-8")
    assert next(csv.DictReader(io.StringIO(report)))["name"] == "'=cmd|' /C calc'!A0"


def test_location_is_exported_as_lat_and_lon_where_it_was_first_added(site):
    site.write(
        {
            "chapters/oslo/chapter.yaml": """
            name: IOPS Oslo
            level: national
            country: NO
            location: {lat: 59.9139, lon: 10.7522}
        """,
            "chapters/bergen/chapter.yaml": """
            name: IOPS Bergen
            level: national
            country: NO
        """,
        }
    )
    assert site.build()[0] == 0
    rows = {row["slug"]: row for row in load_json(site)}
    # columns added later come after them: a column never moves
    assert list(rows["oslo"])[-4:-2] == ["lat", "lon"]
    assert (rows["oslo"]["lat"], rows["oslo"]["lon"]) == (59.9139, 10.7522)
    assert (rows["bergen"]["lat"], rows["bergen"]["lon"]) == (None, None)
    as_csv = {row["slug"]: row for row in load_csv(site)}
    assert (as_csv["oslo"]["lat"], as_csv["oslo"]["lon"]) == ("59.9139", "10.7522")
    assert (as_csv["bergen"]["lat"], as_csv["bergen"]["lon"]) == ("", "")


def test_what_a_chapter_did_is_exported_with_events_counted_when_held(site):
    site.write(
        {
            "chapters/oslo/chapter.yaml": """
            name: IOPS Oslo
            level: local
            country: NO
        """,
            "chapters/oslo/posts/old.md": "---\ntitle: Old\ndate: 2013-05-01\n---\nText.\n",
            "chapters/oslo/posts/new.md": "---\ntitle: New\ndate: 2014-10-01\n---\nText.\n",
            # announced long ago, held last week: last week's work
            "chapters/oslo/events/meet.md": (
                "---\ntitle: Meet\ndate: 2014-06-01\n"
                'starts: "2015-01-08T19:00:00+01:00"\n---\nText.\n'
            ),
            "chapters/oslo/pages/rules.md": "---\ntitle: Rules\ndate: 2014-12-01\n---\nT.\n",
        }
    )
    assert site.build()[0] == 0
    [oslo] = load_json(site)
    assert (oslo["last_activity"], oslo["items_last_year"]) == ("2015-01-08", 2)
    assert (oslo["local_chapters"], oslo["working_local_chapters"]) == (None, None)
