"""Content plugin: reads chapter items with our reader and writes one page per item."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from ..model.settings import chapter_settings
from .items_generator import ItemsGenerator
from .reader import FrontMatterMarkdownReader
from .static import published_path


def add_reader(readers) -> None:
    for extension in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterMarkdownReader


def get_generators(pelican_object):
    return ItemsGenerator


def place_static_files(generator) -> None:
    settings = chapter_settings(generator.settings)
    for static in generator.staticfiles:
        target = published_path(
            Path(static.source_path).resolve(),
            settings.chapters_path,
            settings.content_path,
        )
        if target:
            static.override_save_as = target
            static.override_url = target


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(place_static_files)
