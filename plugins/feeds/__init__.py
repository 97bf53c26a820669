"""Feeds plugin: Atom and RSS for the site, each chapter and each area; feeds.opml."""

from __future__ import annotations

from pelican import signals

from .catalogue import catalogue
from .generator import FeedsGenerator
from .settings import feeds_settings


def check_settings(pelican_object) -> None:
    """Report bad FEEDS_* settings before anything is read."""
    feeds_settings(pelican_object.settings)


def get_generators(pelican_object):
    return FeedsGenerator


def list_feeds(generators) -> None:
    """Every template sees ``feeds``: the site's, each chapter's and each area's."""
    context = generators[0].context
    settings = context["chapter_settings"]
    context["feeds"] = catalogue(
        context["SITENAME"],
        context.get("SITE_SHORTNAME") or context["SITENAME"],
        context["DEFAULT_LANG"],
        context["federation"].chapters,
        settings.areas,
    )


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(list_feeds)
