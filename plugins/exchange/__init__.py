"""Exchange plugin: /exchange/, every chapter's offers and asks by area, and its Atom feed.

Pelican is imported when the plugin is registered, not when the package is:
the site index reads which outputs are on and stays free of Pelican.
"""

from __future__ import annotations


def get_generators(pelican_object):
    from .generator import ExchangeGenerator

    return ExchangeGenerator


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(get_generators)
