"""Search plugin: /search/ and a Pagefind index of every public page under /pagefind/.

Pelican is imported when the plugin is registered, not when the package is,
as in the other output packages.
"""

from __future__ import annotations


def get_generators(pelican_object):
    from .generator import SearchGenerator

    return SearchGenerator


def write_index(pelican_object) -> None:
    from ..site.shares import join
    from .generator import write_index as write

    join(pelican_object)  # every output process has written its share
    write(pelican_object)


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_index)
