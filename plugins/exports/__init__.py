"""Exports plugin: /data/chapters.json and /data/chapters.csv."""

from __future__ import annotations

from pelican import signals

from .generator import ExportsGenerator


def get_generators(pelican_object):
    return ExportsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
