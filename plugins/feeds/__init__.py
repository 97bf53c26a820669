"""Feeds plugin: Atom and RSS feeds for the site, each chapter and each area, and feeds.opml."""


def register() -> None:
    pass
