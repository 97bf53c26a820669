"""Roll-up plugin: chapter pages from local to national, and the home page."""

from __future__ import annotations

from pelican import signals

from .pages_generator import ChapterPagesGenerator
from .words import FILTERS


def get_generators(pelican_object):
    return ChapterPagesGenerator


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
