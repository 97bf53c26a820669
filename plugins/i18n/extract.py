"""`invoke i18n`: extract the interface's messages, update every catalogue, say what is missing.

Messages come from the templates (``{% trans %}``, ``_()``) and from Python
(``message``, ``plural_message``, ``contextual_message``), as babel.cfg maps
them. English is the language of the msgids: its catalogue is filled with
them, so a site may reword its English without touching a template.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from .catalogues import DOMAIN, LOCALES, catalogue_languages, catalogue_path

SOURCE_LANGUAGE = "en"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "message": None,
    "plural_message": (1, 2),
    "contextual_message": ((1, "c"), 2),
    "N_": None,  # the default areas' names (plugins/model/areas.py)
}
# A fixed date in the headers, so that running `invoke i18n` twice changes nothing.
HEADER_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Gap:
    """A message a catalogue does not translate (yet)."""

    lang: str
    msgid: str
    why: str  # 'missing', 'untranslated', 'fuzzy', 'plural forms incomplete'

    def __str__(self) -> str:
        return f"{self.lang}: {self.why}: {self.msgid!r}"


def extract(root: Path) -> Catalog:
    """Every message of the templates and the plugins, with where it was found."""
    with (root / "babel.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, "babel.cfg")
    template = Catalog(
        project="Chapterhouse",
        domain=DOMAIN,
        creation_date=HEADER_DATE,
        fuzzy=False,
    )
    for filename, lineno, text, comments, context in extract_from_dir(
        str(root),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        template.add(
            text,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


HEADER_COMMENT = """\
# The interface of Chapterhouse sites, in one language (docs/translating.md).
# Update it with `invoke i18n`; check it with `invoke i18n --check`."""


def write_catalogue(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.revision_date = HEADER_DATE
    catalogue.header_comment = HEADER_COMMENT
    catalogue.project, catalogue.version = "Chapterhouse", "0.1.0"
    catalogue.msgid_bugs_address = ""
    catalogue.last_translator = "the Chapterhouse translators"
    catalogue.copyright_holder = "the Chapterhouse contributors"
    if catalogue.locale is not None:
        catalogue.language_team = catalogue.locale.english_name
    with path.open("wb") as target:
        # File names without line numbers: editing a template does not touch every catalogue.
        write_po(
            target,
            catalogue,
            width=88,
            ignore_obsolete=True,
            sort_output=False,
            include_lineno=False,
        )


def updated(template: Catalog, catalogue: Catalog, lang: str) -> Catalog:
    """``catalogue`` with the template's messages: new ones empty, gone ones dropped.

    Babel's update adds the template's own message objects; a copy keeps the
    English filled in below out of the template, and so out of the languages
    updated after English.
    """
    catalogue.update(
        copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False
    )
    if lang == SOURCE_LANGUAGE:
        for entry in catalogue:
            if entry.id and not _translated(entry):
                entry.string = entry.id
                entry.flags.discard("fuzzy")
    return catalogue


def new_catalogue(template: Catalog, lang: str) -> Catalog:
    catalogue = Catalog(
        locale=lang.replace("-", "_"),
        project="Chapterhouse",
        domain=DOMAIN,
        creation_date=HEADER_DATE,
        fuzzy=False,
    )
    return updated(template, catalogue, lang)


def gaps(template: Catalog, catalogue: Catalog, lang: str) -> list[Gap]:
    """What ``catalogue`` lacks for a complete interface: every msgid, every plural form."""
    found = []
    for entry in template:
        if not entry.id:
            continue
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        own = catalogue.get(entry.id, context=entry.context)
        if own is None:
            found.append(Gap(lang, key, "missing"))
        elif own.fuzzy:
            found.append(Gap(lang, key, "fuzzy"))
        elif not _translated(own):
            found.append(Gap(lang, key, "untranslated"))
        elif own.pluralizable and len(own.string) < catalogue.num_plurals:
            found.append(Gap(lang, key, "plural forms incomplete"))
    return found


def _translated(entry) -> bool:
    if isinstance(entry.string, tuple | list):
        return bool(entry.string) and all(entry.string)
    return bool(entry.string)


def update_all(root: Path, locales: Path = LOCALES) -> list[Gap]:
    """Extract, write the template and every catalogue; return what is untranslated."""
    template = extract(root)
    write_catalogue(template, locales / f"{DOMAIN}.pot")
    found = []
    for folder in catalogue_languages(locales):
        lang = folder.replace("_", "-")
        path = catalogue_path(folder, locales)
        catalogue = updated(template, read_catalogue(path), lang)
        write_catalogue(catalogue, path)
        found += gaps(template, catalogue, lang)
    return found


def add_language(root: Path, lang: str, locales: Path = LOCALES) -> Path:
    """Start a catalogue for ``lang`` (a BCP 47 tag) with every message still to translate."""
    path = catalogue_path(lang.replace("-", "_"), locales)
    if path.exists():
        raise FileExistsError(path)
    write_catalogue(new_catalogue(extract(root), lang), path)
    return path
