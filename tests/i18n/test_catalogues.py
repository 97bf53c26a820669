"""Every catalogue translates every message of the interface, with every plural form."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.i18n import catalogues
from plugins.i18n.catalogues import catalogue_languages, catalogue_path, load_catalogues
from plugins.i18n.extract import (
    add_language,
    extract,
    gaps,
    read_catalogue,
    update_all,
    write_catalogue,
)

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


@pytest.mark.parametrize("lang", catalogue_languages())
def test_every_translation_passes_babels_own_checks(lang):
    """Placeholders that match their msgid's, as `pybabel compile` and msgfmt
    -c require (a msgid with "% o" read as a format once failed all three)."""
    catalogue = read_catalogue(catalogue_path(lang))
    problems = [
        (str(entry.id)[:60], str(errors[0])) for entry, errors in catalogue.check()
    ]
    assert problems == []


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


def test_adding_a_language_starts_a_catalogue_with_every_message_to_translate(
    template, tmp_path
):
    path = add_language(ROOT, "pt-BR", locales=tmp_path)
    assert path == tmp_path / "pt_BR" / "LC_MESSAGES" / "messages.po"
    catalogue = read_catalogue(path)
    assert catalogue.locale_identifier == "pt_BR"
    missing = gaps(template, catalogue, "pt-BR")
    assert {gap.why for gap in missing} == {"untranslated"}
    assert len(missing) == len([m for m in template if m.id])


def test_updating_fills_english_from_the_msgids_and_keeps_translations(tmp_path):
    english = add_language(ROOT, "en", locales=tmp_path)
    norwegian = catalogue_path("nb", tmp_path)
    norwegian.parent.mkdir(parents=True)
    norwegian.write_bytes(catalogue_path("nb").read_bytes())
    assert update_all(ROOT, locales=tmp_path) == []
    assert read_catalogue(english).get("Skip to content").string == "Skip to content"
    assert read_catalogue(norwegian).get("Skip to content").string == "Gå til innholdet"
    assert (tmp_path / "messages.pot").is_file()


def test_english_filled_in_never_reaches_a_language_updated_after_it(tmp_path):
    """es and nb are updated after en: a new message stays empty in them, to translate."""
    english = add_language(ROOT, "en", locales=tmp_path)
    catalogue = read_catalogue(english)
    del catalogue["Skip to content"]  # new to every catalogue
    write_catalogue(catalogue, english)
    norwegian = catalogue_path("nb", tmp_path)
    norwegian.parent.mkdir(parents=True)
    catalogue = read_catalogue(catalogue_path("nb"))
    del catalogue["Skip to content"]
    write_catalogue(catalogue, norwegian)
    gaps_found = update_all(ROOT, locales=tmp_path)
    assert [str(gap) for gap in gaps_found] == ["nb: untranslated: 'Skip to content'"]
    assert read_catalogue(norwegian).get("Skip to content").string == ""
    assert read_catalogue(english).get("Skip to content").string == "Skip to content"


def _locales_with_nb(folder: Path) -> Path:
    """A locales folder holding a copy of the Norwegian catalogue."""
    target = catalogue_path("nb", folder)
    target.parent.mkdir(parents=True)
    target.write_bytes(catalogue_path("nb").read_bytes())
    return folder


def test_compiled_catalogues_are_kept_and_read_back_unchanged(tmp_path, monkeypatch):
    locales = _locales_with_nb(tmp_path / "locales")
    kept = tmp_path / "cache"
    first = load_catalogues(locales, compiled=kept)
    in_memory = load_catalogues()["nb"]
    assert [p.name.split("-")[0] for p in kept.iterdir()] == ["nb"]

    def no_compiling(source):
        raise AssertionError("compiled again although the catalogue did not change")

    monkeypatch.setattr(catalogues, "_compiled", no_compiling)
    again = load_catalogues(locales, compiled=kept)
    assert again["nb"]._catalog == first["nb"]._catalog
    assert again["nb"]._catalog == in_memory._catalog
    assert again["nb"].gettext("Skip to content") == "Gå til innholdet"


def test_an_edited_catalogue_is_compiled_again_and_the_old_one_dropped(tmp_path):
    locales = _locales_with_nb(tmp_path / "locales")
    kept = tmp_path / "cache"
    load_catalogues(locales, compiled=kept)
    before = sorted(p.name for p in kept.iterdir())
    source = catalogue_path("nb", locales)
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            'msgstr "Gå til innholdet"', 'msgstr "Hopp til innholdet"'
        ),
        encoding="utf-8",
    )
    edited = load_catalogues(locales, compiled=kept)
    assert edited["nb"].gettext("Skip to content") == "Hopp til innholdet"
    after = sorted(p.name for p in kept.iterdir())
    assert len(after) == 1 and after != before


def test_a_damaged_or_unwritable_cache_still_gives_the_catalogues(tmp_path):
    locales = _locales_with_nb(tmp_path / "locales")
    kept = tmp_path / "cache"
    load_catalogues(locales, compiled=kept)
    (only,) = kept.iterdir()
    only.write_bytes(b"not a catalogue")
    assert (
        load_catalogues(locales, compiled=kept)["nb"].gettext("Skip to content")
        == "Gå til innholdet"
    )
    assert only.read_bytes() != b"not a catalogue"  # compiled again, and kept
    in_the_way = tmp_path / "a file"
    in_the_way.write_text("not a folder")
    assert (
        load_catalogues(locales, compiled=in_the_way)["nb"].gettext("Skip to content")
        == "Gå til innholdet"
    )


def test_a_process_parses_each_version_of_a_catalogue_once(tmp_path, monkeypatch):
    from babel.messages import pofile

    catalogues._compiled.cache_clear()  # whatever this process compiled before
    parsed = []
    read_po = pofile.read_po
    monkeypatch.setattr(
        pofile, "read_po", lambda *args, **kw: parsed.append(1) or read_po(*args, **kw)
    )
    locales = _locales_with_nb(tmp_path / "locales")
    first = load_catalogues(locales)
    again = load_catalogues(locales)
    assert again["nb"]._catalog == first["nb"]._catalog
    assert len(parsed) == 1
    source = catalogue_path("nb", locales)
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            'msgstr "Gå til innholdet"', 'msgstr "Hopp over til innholdet"'
        ),
        encoding="utf-8",
    )
    edited = load_catalogues(locales)
    assert len(parsed) == 2
    assert edited["nb"].gettext("Skip to content") == "Hopp over til innholdet"
    assert first["nb"].gettext("Skip to content") == "Gå til innholdet"


def test_catalogues_compiled_ahead_are_not_compiled_again(tmp_path, monkeypatch):
    from babel.messages import pofile

    catalogues._compiled.cache_clear()
    locales = _locales_with_nb(tmp_path / "locales")
    catalogues.compile_ahead(locales)

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again although it was compiled ahead")

    monkeypatch.setattr(pofile, "read_po", no_parsing)
    found = load_catalogues(locales)
    assert found["nb"].gettext("Skip to content") == "Gå til innholdet"


def test_catalogues_kept_compiled_are_not_compiled_ahead(tmp_path, monkeypatch):
    from babel.messages import pofile

    locales = _locales_with_nb(tmp_path / "locales")
    kept = tmp_path / "cache"
    load_catalogues(locales, compiled=kept)  # a build with the cache on
    catalogues._compiled.cache_clear()

    def no_parsing(*args, **kwargs):
        raise AssertionError("compiled ahead although kept compiled")

    monkeypatch.setattr(pofile, "read_po", no_parsing)
    catalogues.compile_ahead(locales, compiled=kept)
    found = load_catalogues(locales, compiled=kept)
    assert found["nb"].gettext("Skip to content") == "Gå til innholdet"


def test_a_catalogue_that_fails_to_compile_is_left_for_the_build_to_report(
    tmp_path, monkeypatch
):
    locales = _locales_with_nb(tmp_path / "locales")

    def failing(source):
        raise ValueError("cannot compile")

    monkeypatch.setattr(catalogues, "_compiled", failing)
    catalogues.compile_ahead(locales)  # nothing raised while the workers parse
    with pytest.raises(ValueError, match="cannot compile"):
        load_catalogues(locales)  # where the build meets it, as before
