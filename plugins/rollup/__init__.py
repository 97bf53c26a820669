"""Roll-up plugin: chapter, area, directory and home pages.

Pelican is imported when the plugin is registered, not when the package is:
its settings module is read by the site index, which stays free of Pelican.
"""

from __future__ import annotations


def get_generators(pelican_object):
    from .pages_generator import ChapterPagesGenerator

    return ChapterPagesGenerator


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(get_generators)
