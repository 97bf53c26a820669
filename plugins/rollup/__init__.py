"""Roll-up plugin: chapter, area, directory and home pages."""

from __future__ import annotations

from pelican import signals

from .pages_generator import ChapterPagesGenerator


def get_generators(pelican_object):
    return ChapterPagesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
