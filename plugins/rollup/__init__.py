"""Roll-up plugin: derived facts on every page; chapter, area, directory and home pages."""

from __future__ import annotations

from pelican import signals

from ..freshness.facts import federation_facts
from ..freshness.settings import freshness_settings
from .pages_generator import ChapterPagesGenerator
from .words import FILTERS


def get_generators(pelican_object):
    return ChapterPagesGenerator


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def attach_facts(generators) -> None:
    """Compute every chapter's facts once, after all content is read, for every template."""
    context = generators[0].context
    federation = context["federation"]
    published = [content.item for content in context["chapter_items"]]
    context["facts"] = federation_facts(
        federation.chapters,
        published,
        context["build_date"],
        freshness_settings(context),
    )


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
    signals.all_generators_finalized.connect(attach_facts)
