"""The architecture of docs/architecture.md holds: one walk, one index, outputs alone."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.runner import build
from plugins.site.settings import OUTPUTS
from tests.conftest import python_in_checkout

ROOT = Path(__file__).resolve().parents[2]
# What each output writes that no other output does.
WRITES = {
    "rollup": "chapters/index.html",
    "feeds": "atom.xml",
    "calendars": "calendar.ics",
    "exports": "data/chapters.json",
    "report": "report/index.html",
    "sitefiles": "sitemap.xml",
    "map": "map/index.html",
    "exchange": "exchange/index.html",
    "search": "search/index.html",
}


def test_every_output_of_the_demo_settings_is_known_with_what_it_alone_writes():
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    configured = set(re.findall(r'"plugins\.(\w+)"', settings)) - {"content"}
    assert set(WRITES) == set(OUTPUTS) == configured


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
SMALL_SITE = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
        "meetings: {frequency: weekly, day: monday, time: '19:00', timezone: Europe/Oslo}\n"
    ),
    "chapters/oslo/about.md": "We read and organise.\n",
    "chapters/oslo/images/venue.png": PNG,
    "chapters/oslo/posts/hello.md": (
        '---\ntitle: Hello\ndate: "2014-10-01"\n---\n![Venue](../images/venue.png)\n'
    ),
    "chapters/oslo/events/party.md": (
        '---\ntitle: Party\ndate: "2014-10-01"\nstarts: "2015-02-01"\n---\nCome.\n'
    ),
    "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
}


def imported_packages(package: Path) -> set[str]:
    """The plugins.* packages a package's modules import (relative or absolute)."""
    found = set()
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level == 2 and node.module:
                    found.add(node.module.split(".")[0])
                elif node.level == 0 and (node.module or "").startswith("plugins."):
                    found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("output", OUTPUTS)
def test_an_output_imports_only_the_model_freshness_and_the_site_index(output):
    assert imported_packages(ROOT / "plugins" / output) <= {
        "model",
        "freshness",
        "site",
    }


def test_the_model_the_facts_and_the_index_import_no_pelican():
    for package in ("model", "freshness", "site"):
        for module in (ROOT / "plugins" / package).glob("*.py"):
            text = module.read_text(encoding="utf-8")
            assert "import pelican" not in text and "from pelican" not in text, module


def test_the_index_and_the_digest_load_without_pelican():
    code = (
        "import sys, plugins.site.index, plugins.digest, plugins.model.federation;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pelican'))"
    )
    result = python_in_checkout(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    for name, text in SMALL_SITE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return root


def settings_for(root: Path, output: Path, **override) -> dict:
    from plugins.runner import read_site_settings

    settings = read_site_settings(
        ROOT / "pelicanconf.py",
        chapters=root / "chapters",
        content=root / "content",
        output=output,
        build_date="2015-01-15",
    )
    return {**settings, **override}


BUILD_WITH_PLUGINS = """
import io, json, sys
from plugins.runner import build, read_site_settings
root, output, plugins = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
settings = read_site_settings(
    "pelicanconf.py", chapters=root + "/chapters", content=root + "/content",
    output=output, build_date="2015-01-15",
)
out = io.StringIO()
code = build({**settings, "PLUGINS": plugins}, out=out)
print(out.getvalue())
sys.exit(code)
"""


@pytest.mark.parametrize("off", OUTPUTS)
def test_each_output_plugin_can_be_switched_off_alone(small, tmp_path, off):
    # A process of its own: Pelican's signals keep every plugin ever registered.
    plugins = ["plugins.content", *(f"plugins.{o}" for o in OUTPUTS if o != off)]
    site = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BUILD_WITH_PLUGINS,
            str(small),
            str(site),
            json.dumps(plugins),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "chapters/oslo/posts/hello/index.html").is_file()
    assert not (site / WRITES[off]).exists()
    for other in set(OUTPUTS) - {off}:
        assert (site / WRITES[other]).is_file(), other
    # Pages link only the outputs that exist.
    if off != "rollup":  # item pages still link their chapter's page
        html = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
        assert f'href="/{WRITES[off].removesuffix("index.html")}"' not in html


def test_every_source_file_is_read_once_in_a_build(small, tmp_path):
    watched = (small / "chapters", small / "content")
    opened: list[str] = []
    recording = [True]

    def audit(event, args):
        if recording[0] and event == "open" and isinstance(args[0], str | bytes | Path):
            path = os.fsdecode(args[0])
            if path.startswith(tuple(str(w) + os.sep for w in watched)):
                opened.append(os.path.relpath(path, small))

    sys.addaudithook(audit)  # audit hooks cannot be removed: this one switches off
    try:
        code = build(
            settings_for(small, tmp_path / "site", CHAPTERS_CACHE=False),
            out=io.StringIO(),
        )
    finally:
        recording[0] = False
    assert code == 0
    files = sorted(
        os.path.relpath(p, small) for w in watched for p in w.rglob("*") if p.is_file()
    )
    assert sorted(opened) == files  # each exactly once: read, or copied as a picture


def pelican(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pelican", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def plain_pelican_args(root: Path, output: Path) -> list[str]:
    return [
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-o",
        str(output),
        "-e",
        f'CHAPTERS_PATH="{root / "chapters"}"',
        f'CHAPTERS_CONTENT_PATH="{root / "content"}"',
        'CHAPTERS_BUILD_DATE="2015-01-15"',
        f'CACHE_PATH="{output.parent / "cache"}"',
    ]


def test_plain_pelican_builds_the_same_site_with_its_pictures(small, tmp_path):
    result = pelican(*plain_pelican_args(small, tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out/chapters/oslo/images/venue.png").read_bytes() == PNG
    assert (tmp_path / "out/chapters/oslo/posts/hello/index.html").is_file()


def test_plain_pelican_on_a_broken_repository_prints_located_errors(small, tmp_path):
    broken = tmp_path / "repo"
    for path in small.rglob("*"):
        if path.is_file():
            target = broken / path.relative_to(small)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (broken / "chapters/oslo/chapter.yaml").write_text(
        "name: IOPS Oslo\nlevel: city\ncountry: NO\n"
    )
    result = pelican(*plain_pelican_args(broken, tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "chapters/oslo/chapter.yaml:2:8: 'level' must be one of local, regional, "
        "national" in result.stderr
    )
    assert not (tmp_path / "out/index.html").exists()
