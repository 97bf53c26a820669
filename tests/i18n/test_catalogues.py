"""Every catalogue translates every message of the interface, with every plural form."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.i18n.catalogues import catalogue_languages, catalogue_path, load_catalogues
from plugins.i18n.extract import extract, gaps, read_catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template():
    return extract(ROOT)


def test_the_site_ships_english_german_norwegian_and_spanish():
    assert {"en", "de", "nb", "es"} <= set(catalogue_languages())


@pytest.mark.parametrize("lang", catalogue_languages())
def test_catalogue_translates_every_message(template, lang):
    catalogue = read_catalogue(catalogue_path(lang))
    assert [str(gap) for gap in gaps(template, catalogue, lang)] == []


def test_extraction_finds_template_and_python_messages(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template}
    assert "Skip to content" in ids  # theme/templates/base.html
    assert "Local chapter" in ids  # plugins/site/words.py
    assert "{n} day ago" in ids  # a plural form from plugins/freshness/facts.py


def test_a_message_missing_from_a_catalogue_is_reported(template, tmp_path):
    catalogue = read_catalogue(catalogue_path("nb"))
    catalogue.delete("Skip to content")
    found = [(g.msgid, g.why) for g in gaps(template, catalogue, "nb")]
    assert found == [("Skip to content", "missing")]


def test_catalogues_compile_in_memory():
    catalogues = load_catalogues()
    assert catalogues["nb"].gettext("Skip to content") == "Gå til innholdet"
    assert (
        catalogues["de"].ngettext("{n} day ago", "{n} days ago", 2) == "vor {n} Tagen"
    )
