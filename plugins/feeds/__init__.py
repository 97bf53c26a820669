"""Feeds plugin: Atom and RSS for the site, each chapter and each area; feeds.opml."""

from __future__ import annotations

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican_object):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
