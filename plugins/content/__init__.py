"""Content plugin: one page per chapter item, and the validated static files."""

from __future__ import annotations

from pelican import signals

from .items_generator import ItemsGenerator
from .static import add_validated_files


def get_generators(pelican_object):
    return ItemsGenerator


def place_static_files(generator) -> None:
    federation = generator.context.get("federation")
    if federation is not None:
        add_validated_files(generator, federation)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(place_static_files)
