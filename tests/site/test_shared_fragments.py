"""The header, the footer, the head's feed links and item summaries are rendered
once a build per key (``once_per_language``) and reused: a site built so must
be the very site that rendering every one of them on every page gives, with
site-wide addresses and with relative ones (``RELATIVE_URLS``: every folder
depth its own ``SITEURL``)."""

from __future__ import annotations

import io

import pytest

from plugins.i18n import jinja
from plugins.runner import build
from tests.conftest import Site, federation_copy
from tests.i18n.sites import LANGUAGES_REPOSITORY
from tests.site.test_atomic_and_reproducible import tree_digest


class _Forgetful(dict):
    """Fragments never kept: every block is rendered where it stands."""

    def __setitem__(self, key, value) -> None:
        pass


def _never_reused(monkeypatch) -> None:
    """Every later build's fragments forgotten."""
    made = jinja.Languages.__init__

    def forgetting(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        self.fragments = _Forgetful()

    monkeypatch.setattr(jinja.Languages, "__init__", forgetting)


def _built(site: Site, relative: bool) -> None:
    settings = {**site.settings(), "RELATIVE_URLS": relative}
    out = io.StringIO()
    assert build(settings, out=out) == 0, out.getvalue()


@pytest.mark.parametrize(
    ("repository", "relative"),
    [("federation", False), ("languages", False), ("federation", True)],
)
def test_pages_are_the_same_when_every_fragment_is_rendered_where_it_stands(
    repository, relative, tmp_path, monkeypatch
):
    def fresh(name: str) -> Site:
        if repository == "federation":
            return federation_copy(tmp_path / name)
        return Site(tmp_path / name).write(LANGUAGES_REPOSITORY)

    shared, unshared = fresh("shared"), fresh("unshared")
    _built(shared, relative)
    _never_reused(monkeypatch)
    _built(unshared, relative)

    reused, rendered = tree_digest(shared.output), tree_digest(unshared.output)
    assert reused.keys() == rendered.keys()
    assert [path for path in reused if reused[path] != rendered[path]] == []
    assert any(path.endswith(".html") for path in reused)
