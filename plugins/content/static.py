"""Publish exactly the static files the model's walk validated, and nothing else.

Pelican's own static walk would follow symbolic links and publish hidden files,
so ``STATIC_PATHS`` stays empty and the files come from the federation.
"""

from __future__ import annotations

from urllib.parse import quote

from pelican.contents import Static


def add_validated_files(generator, federation) -> None:
    """Add each validated picture to the static generator, at its published URL."""
    for file in federation.static_files:
        static = Static(
            content=None,
            metadata={},
            settings=generator.settings,
            source_path=str(file.source),
            context=generator.context,
        )
        static.override_save_as = file.url
        # The walk allows only names that need no encoding; should another
        # name come this way, it must not end the attribute it is put in.
        static.override_url = quote(file.url)
        generator.staticfiles.append(static)
        generator.add_source_path(static, static=True)
