"""Content plugin: the site index for every output, one page per item, the pictures.

The other plugins are outputs: each reads the index this one prepares and can
be switched off alone (docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from ..i18n.catalogues import load_catalogues
from ..i18n.jinja import Languages, install, localised
from ..model import urls
from ..site.words import FILTERS, LOCALISED, render_value
from .bytecode import bytecode_cache
from .compiled import build_codes
from .items_generator import ItemsGenerator
from .loader import cache_enabled, prepare
from .static import add_validated_files
from .templates import as_pages
from .writer import join_outputs, keep_generators, split_output


def get_generators(pelican_object):
    return ItemsGenerator


# Where one build keeps its compiled catalogues, in the context every generator shares.
LANGUAGES_KEY = "CHAPTERS_LANGUAGES"
# The folder under CACHE_PATH that keeps compiled catalogues between builds.
COMPILED_CATALOGUES = "chapterhouse-catalogues"


def build_languages(generator) -> Languages:
    """The catalogues, compiled once per build (the generators share one context)."""
    languages = generator.context.get(LANGUAGES_KEY)
    if languages is None:
        default = generator.settings.get("DEFAULT_LANG", "en")
        compiled = compiled_catalogues(generator.settings)
        languages = Languages(load_catalogues(compiled=compiled), default)
        generator.context[LANGUAGES_KEY] = languages
    return languages


def compiled_catalogues(settings) -> Path | None:
    """Where compiled catalogues are kept between builds: with the content cache only."""
    if not cache_enabled(settings):
        return None
    return Path(settings["CACHE_PATH"]) / COMPILED_CATALOGUES


def add_filters(generator) -> None:
    languages = build_languages(generator)
    generator.env.filters.update(
        {
            name: localised(f, languages) if name in LOCALISED else f
            for name, f in FILTERS.items()
        }
    )
    generator.env.filters["pages"] = as_pages
    generator.env.globals["urls"] = urls
    install(generator.env, languages, render_value)
    generator.env.bytecode_cache = bytecode_cache(generator) or build_codes(generator)


def place_static_files(generator) -> None:
    site = generator.context.get("site")
    if site is not None:
        add_validated_files(generator, site.federation)


def register() -> None:
    signals.initialized.connect(prepare)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
    signals.static_generator_finalized.connect(place_static_files)
    # The output is written by CHAPTERS_JOBS processes (plugins/content/writer.py).
    signals.all_generators_finalized.connect(keep_generators)
    signals.get_writer.connect(split_output)
    signals.finalized.connect(join_outputs)
