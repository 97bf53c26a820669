"""The gettext catalogues of the interface: read from plugins/i18n/locales, compiled in memory.

Only the .po sources are in the repository; each build compiles them with
Babel into ``babel.support.Translations`` objects, so nothing compiled is
committed or can go stale.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def catalogue_path(lang: str, locales: Path = LOCALES) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages(locales: Path = LOCALES) -> list[str]:
    """The languages with a catalogue, as their folder names ('de', 'nb', 'pt_BR')."""
    if not locales.is_dir():
        return []
    return sorted(
        p.name for p in locales.iterdir() if catalogue_path(p.name, locales).is_file()
    )


def compile_catalogue(path: Path) -> Translations:
    """One .po file as translations, compiled in memory (fuzzy entries left out)."""
    with path.open("rb") as source:
        catalogue = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def load_catalogues(locales: Path = LOCALES) -> dict[str, NullTranslations]:
    """Every catalogue by BCP 47 tag ('pt-BR' for the folder pt_BR)."""
    return {
        lang.replace("_", "-"): compile_catalogue(catalogue_path(lang, locales))
        for lang in catalogue_languages(locales)
    }
