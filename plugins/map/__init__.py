"""Map plugin: /map/, every chapter with a location on a static SVG map, and the
parts of it the home and area pages show.

Pelican is imported when the plugin is registered, not when the package is.
"""

from __future__ import annotations


def get_generators(pelican_object):
    from .generator import MapGenerator

    return MapGenerator


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(get_generators)
