"""Shared helpers: write tiny site repositories into tmp_path and build them for real."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from plugins.runner import build, check, read_site_settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"


# A federation like the demo in miniature (chapters of every level, items of
# every kind), frozen here so that no test depends on the demo's content. Tests
# build copies of it (federation_copy): a build writes its cache beside chapters/.
FEDERATION_SITE = Path(__file__).resolve().parent / "sites" / "federation"


def _log_afresh() -> None:
    """Pelican logs each distinct warning once per process; a build is a new run."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._ignore.clear()


@pytest.fixture(autouse=True)
def _every_build_logs_afresh():
    _log_afresh()
    yield


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def python_in_checkout(code: str) -> subprocess.CompletedProcess:
    """``python -c code`` in a new process at the checkout's root: how it
    ended and what it printed (text)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


class Site:
    """A repository in a temporary folder, built with the real `invoke build` code."""

    def __init__(self, root: Path, output: Path | None = None):
        self.root = root
        self.output = output or root / "output"

    def write(self, files: dict[str, str | bytes]) -> Site:
        write_tree(self.root, files)
        return self

    def settings(self, build_date: str = "2015-01-15", output: Path | None = None):
        return read_site_settings(
            SETTINGS,
            chapters=self.root / "chapters",
            content=self.root / "content",
            output=output or self.output,
            build_date=build_date,
        )

    def build(self, build_date: str = "2015-01-15", output: Path | None = None):
        out = io.StringIO()
        code = build(self.settings(build_date, output), out=out)
        return code, out.getvalue()

    def check(self, fmt: str = "text", build_date: str = "2015-01-15"):
        out = io.StringIO()
        code = check(self.settings(build_date), fmt=fmt, out=out)
        return code, out.getvalue()

    def page(self, url: str):
        """Parsed HTML of the page at ``url`` (e.g. 'chapters/oslo/')."""
        path = self.output / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return lxml.html.fromstring(path.read_bytes())

    def text(self, url: str) -> str:
        return " ".join(self.page(url).text_content().split())

    def copy(self, root: Path) -> Site:
        """The repository and its output copied to ``root``, for a test that changes them."""
        shutil.copytree(self.root, root, symlinks=True, dirs_exist_ok=True)
        return Site(root)


def federation_copy(root: Path) -> Site:
    """tests/sites/federation copied into ``root``, unbuilt."""
    for name in ("chapters", "content"):
        shutil.copytree(FEDERATION_SITE / name, root / name)
    return Site(root)


def invoke_build_command(site: Site, output: Path, *options: str) -> list[str]:
    """`invoke build` of ``site``'s repository into ``output``, as a user types it,
    at the fixtures' build date."""
    return [
        sys.executable,
        "-m",
        "invoke",
        "build",
        "--build-date",
        "2015-01-15",
        "--chapters",
        str(site.root / "chapters"),
        "--content",
        str(site.root / "content"),
        "--output",
        str(output),
        *options,
    ]


def built_site(
    root: Path, files: dict[str, str | bytes], build_date: str = "2015-01-15"
) -> Site:
    """A repository written from ``files`` and built once, for tests that only read it.

    Module-scoped fixtures use it: tests that change the input or the output take
    a ``Site.copy`` or a function-scoped fixture of their own.
    """
    _log_afresh()
    site = Site(root).write(files)
    code, out = site.build(build_date=build_date)
    assert code == 0, out
    return site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


OSLO = """
    name: IOPS Oslo
    level: local
    parent: norway
    country: NO
    languages: [nb, en]
    meetings: {frequency: weekly, day: wednesday, time: "19:00", timezone: Europe/Oslo}
    members: {count: 12, women: 5, as_of: "2014-11-01"}
    admins:
      - {name: Kari Nordmann, github: kari-n, email: kari@example.org}
    contact: {email: oslo@example.org}
"""
NORWAY = """
    name: IOPS Norway
    level: national
    country: NO
"""


NORWAY_REPOSITORY = {
    "chapters/norway/chapter.yaml": NORWAY,
    "chapters/oslo/chapter.yaml": OSLO,
    "chapters/oslo/posts/first-meeting.md": """
        ---
        title: Første møte
        date: "2014-10-01"
        ---
        Vi møttes på **kafé**.
    """,
}


@pytest.fixture
def norway(site: Site) -> Site:
    """Norway with one local chapter, Oslo, and one post of Oslo's."""
    return site.write(NORWAY_REPOSITORY)


@pytest.fixture(scope="module")
def built_norway(tmp_path_factory) -> Site:
    """The ``norway`` repository built once for 2015-01-15; tests only read it."""
    return built_site(tmp_path_factory.mktemp("norway"), NORWAY_REPOSITORY)


def federation_index(root: Path):
    """The site index of ``FEDERATION`` (below) written into ``root``: read and
    indexed as a build does, without building."""
    from plugins.model.federation import load_federation
    from plugins.site.index import build_index
    from plugins.site.settings import site_settings

    site = site_settings(Site(root).write(FEDERATION).settings())
    federation, problems = load_federation(site.chapters)
    assert problems == [], problems
    return build_index(federation, site)


# A UK with a stale national page, a working and a failing local chapter, and a
# US national chapter of no single area: the facts every roll-up test looks at.
FEDERATION = {
    "chapters/uk/chapter.yaml": """
        name: IOPS UK
        level: national
        country: GB
        updated: "2013-09-10"
        members: {count: 200, women: 60, as_of: "2013-06-01"}
    """,
    "chapters/london/chapter.yaml": """
        name: IOPS London
        level: local
        parent: uk
        country: GB
        meetings: {frequency: fortnightly, day: thursday, time: "19:00", timezone: Europe/London}
        members: {count: 20, women: 9, as_of: "2014-12-01"}
        admins: [{name: Ada, github: ada}]
    """,
    "chapters/leeds/chapter.yaml": """
        name: IOPS Leeds
        level: local
        parent: uk
        country: GB
        meetings: {frequency: quarterly}
        members: {count: 4, as_of: "2014-12-01"}
    """,
    "chapters/usa/chapter.yaml": """
        name: IOPS USA
        level: national
        country: US
    """,
    "chapters/london/posts/welcome.md": """
        ---
        title: Welcome event
        date: "2014-12-20"
        ---
        We met.
    """,
}


@pytest.fixture(scope="module")
def uk(tmp_path_factory) -> Site:
    """FEDERATION built once for 2015-01-15; tests only read it."""
    return built_site(tmp_path_factory.mktemp("uk"), FEDERATION)


def count_compiles(monkeypatch) -> Counter:
    """How often Jinja compiles each template, by name, from now on."""
    import jinja2

    names: Counter = Counter()
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        names[name] += 1
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names
