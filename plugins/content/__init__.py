"""Content plugin: the site index for every output, one page per item, the pictures.

The other plugins are outputs: each reads the index this one prepares and can
be switched off alone (docs/architecture.md).
"""

from __future__ import annotations

from pelican import signals

from ..model import urls
from ..site.words import FILTERS
from .items_generator import ItemsGenerator
from .loader import prepare
from .static import add_validated_files
from .templates import as_pages


def get_generators(pelican_object):
    return ItemsGenerator


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)
    generator.env.filters["pages"] = as_pages
    generator.env.globals["urls"] = urls


def place_static_files(generator) -> None:
    site = generator.context.get("site")
    if site is not None:
        add_validated_files(generator, site.federation)


def register() -> None:
    signals.initialized.connect(prepare)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
    signals.static_generator_finalized.connect(place_static_files)
