"""Chapterhouse's commands: `invoke --list` shows them all."""

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"


def _settings(settings_file=SETTINGS, **overrides):
    import logging

    from plugins.runner import read_site_settings

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)

    return read_site_settings(settings_file, **overrides)


@task(help={
    "chapters": "folder of chapter folders (default: chapters/)",
    "content": "folder of the international content (default: content/)",
    "format": "text (default) or github for GitHub Actions annotations",
})
def check(c, chapters=None, content=None, format="text"):
    """Validate every chapter and item; report all errors with file:line."""
    from plugins.runner import check as run_check

    code = run_check(_settings(chapters=chapters, content=content), fmt=format)
    if code:
        raise Exit(code=code)


@task(help={
    "build_date": "YYYY-MM-DD the facts are computed for (default: SOURCE_DATE_EPOCH or today)",
    "chapters": "folder of chapter folders (default: chapters/)",
    "content": "folder of the international content (default: content/)",
    "output": "where the site is written (default: output/)",
})
def build(c, build_date=None, chapters=None, content=None, output=None):
    """Validate, then build the whole site; on any error publish nothing."""
    from plugins.runner import build as run_build

    settings = _settings(
        build_date=build_date, chapters=chapters, content=content, output=output
    )
    code = run_build(settings)
    if code:
        raise Exit(code=code)


@task(help={"port": "port to serve on (default 8000)", "output": "folder to serve"})
def serve(c, port=8000, output=None):
    """Serve the built site at http://localhost:PORT/ (run `invoke build` first)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    root = Path(output or _settings()["OUTPUT_PATH"])
    if not root.is_dir():
        raise Exit(f"{root} does not exist yet: run `invoke build` first", code=1)

    class Handler(ComplexHTTPRequestHandler):
        def log_message(self, *args):  # keep the terminal quiet
            pass

    server = RootedHTTPServer(str(root), ("127.0.0.1", int(port)), Handler)
    print(f"Serving {root} at http://localhost:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def publish(c, build_date=None):
    """Production build with publishconf.py (SITEURL from the environment)."""
    from plugins.runner import build as run_build

    code = run_build(_settings(PUBLISH_SETTINGS, build_date=build_date))
    if code:
        raise Exit(code=code)


@task(help={"args": "extra arguments for pytest, e.g. '-k yaml -x'"})
def test(c, args=""):
    """Run the test suite."""
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


@task
def lint(c):
    """ruff check and ruff format --check."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .")
    c.run(f"{shlex.quote(sys.executable)} -m ruff format --check .")


@task
def clean(c):
    """Remove the built site and Pelican's cache."""
    settings = _settings()
    for path in (settings["OUTPUT_PATH"], settings.get("CACHE_PATH")):
        if path and os.path.isdir(path):
            shutil.rmtree(path)


@task
def docs(c):
    """Regenerate docs/fields.md from the JSON Schemas."""
    from plugins.fieldref import field_reference

    (ROOT / "docs" / "fields.md").write_text(field_reference(), encoding="utf-8")
