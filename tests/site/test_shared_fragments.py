"""The header, the footer and item summaries are rendered once a build per key
(``once_per_language``) and reused: a site built so must be the very site that
rendering every one of them on every page gives."""

from __future__ import annotations

import pytest

from plugins.i18n import jinja
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


@pytest.mark.parametrize("repository", ["federation", "languages"])
def test_pages_are_the_same_when_every_fragment_is_rendered_where_it_stands(
    repository, tmp_path, monkeypatch
):
    def fresh(name: str) -> Site:
        if repository == "federation":
            return federation_copy(tmp_path / name)
        return Site(tmp_path / name).write(LANGUAGES_REPOSITORY)

    shared, unshared = fresh("shared"), fresh("unshared")
    code, out = shared.build()
    assert code == 0, out
    _never_reused(monkeypatch)
    code, out = unshared.build()
    assert code == 0, out

    reused, rendered = tree_digest(shared.output), tree_digest(unshared.output)
    assert reused.keys() == rendered.keys()
    assert [path for path in reused if reused[path] != rendered[path]] == []
    assert any(path.endswith(".html") for path in reused)
