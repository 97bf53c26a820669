"""Report plugin: /report/, the state of the federation, with a CSV and a chart per area."""

from __future__ import annotations

from pelican import signals

from .generator import ReportGenerator


def get_generators(pelican_object):
    return ReportGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
