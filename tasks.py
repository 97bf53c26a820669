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

    from plugins.printable import safe_excepthook, safe_log_handler
    from plugins.runner import read_site_settings

    if not logging.getLogger().handlers:
        # One line per record, with names escaped so that no line printed in
        # CI reads as a GitHub Actions workflow command (Pelican's lines too).
        # WARNING: livereload logs INFO lines of its own.
        logging.getLogger().addHandler(safe_log_handler(level=logging.WARNING))
        sys.excepthook = safe_excepthook  # a programming error's traceback, too

    return read_site_settings(settings_file, **overrides)


@task(
    help={
        "chapters": "folder of chapter folders (default: chapters/)",
        "content": "folder of the international content (default: content/)",
        "format": "text (default) or github for GitHub Actions annotations",
    }
)
def check(c, chapters=None, content=None, format="text"):
    """Validate every chapter and item; report all errors with file:line."""
    from plugins.runner import check as run_check

    code = run_check(_settings(chapters=chapters, content=content), fmt=format)
    if code:
        raise Exit(code=code)


@task(
    help={
        "build_date": "YYYY-MM-DD the facts are computed for (default: SOURCE_DATE_EPOCH or today)",
        "chapters": "folder of chapter folders (default: chapters/)",
        "content": "folder of the international content (default: content/)",
        "output": "where the site is written (default: output/)",
        "cache": "reuse what earlier builds read (--no-cache reads every file again)",
        "search_index": "index the site for /search/ (--no-search-index skips Pagefind)",
    }
)
def build(
    c,
    build_date=None,
    chapters=None,
    content=None,
    output=None,
    cache=True,
    search_index=True,
):
    """Validate, then build the whole site; on any error publish nothing."""
    from plugins.runner import build as run_build

    settings = _settings(
        build_date=build_date, chapters=chapters, content=content, output=output
    )
    settings["CHAPTERS_CACHE"] = bool(cache) and settings.get("CHAPTERS_CACHE", True)
    if not search_index:
        settings["SEARCH_INDEX"] = False
    code = run_build(settings)
    if code:
        raise Exit(code=code)


@task(help={"port": "port to serve on (default 8000)", "output": "folder to serve"})
def serve(c, port=8000, output=None):
    """Serve the built site at http://localhost:PORT/ (run `invoke build` first)."""
    from plugins.serve import make_server

    root = Path(output or _settings()["OUTPUT_PATH"])
    if not root.is_dir():
        raise Exit(f"{root} does not exist yet: run `invoke build` first", code=1)
    server = make_server(root, int(port))
    print(f"Serving {root} at http://localhost:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"output": "where the site is written (default: output/)"})
def publish(c, build_date=None, output=None):
    """Production build with publishconf.py (SITEURL from the environment)."""
    from plugins.runner import build as run_build

    code = run_build(_settings(PUBLISH_SETTINGS, build_date=build_date, output=output))
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


def _scaffold_result(path, problems):
    from plugins.printable import one_line

    if problems:
        for problem in problems:
            print(one_line(f"error: {problem}"), file=sys.stderr)
        raise Exit(code=1)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


@task(
    help={
        "level": "local (default), regional or national",
        "parent": "slug of the enclosing chapter",
        "country": "ISO country code, e.g. NO",
        "area": "area key; needed for US and Canadian chapters whose parent has none",
        "name": "display name (default: from the slug)",
        "chapters": "folder of chapter folders (default: chapters/)",
    }
)
def new_chapter(
    c,
    slug,
    level="local",
    parent=None,
    country="GB",
    name=None,
    area=None,
    chapters=None,
):
    """Create chapters/SLUG/chapter.yaml, valid at once, every optional field explained."""
    from plugins.model.federation import load_federation
    from plugins.model.settings import chapter_settings
    from plugins.scaffold import new_chapter as scaffold

    site = _settings(chapters=chapters)
    settings = chapter_settings(site)
    federation, _ = load_federation(settings)
    path, problems = scaffold(
        settings.chapters_path,
        slug,
        level=level,
        country=country,
        name=name,
        parent=parent,
        area=area,
        chapters=federation.chapters,
        areas=settings.areas,
        prefix=site.get("SITE_SHORTNAME", ""),
    )
    _scaffold_result(path, problems)


@task(
    help={
        "kind": "posts (default), reports, events or pages",
        "date": "YYYY-MM-DD (default: today)",
        "chapters": "folder of chapter folders (default: chapters/)",
    }
)
def new_post(c, chapter, title, kind="posts", date=None, chapters=None):
    """Create chapters/CHAPTER/KIND/<slug of TITLE>.md, valid at once."""
    import datetime as dt

    from plugins.model.federation import load_federation
    from plugins.model.settings import chapter_settings
    from plugins.scaffold import new_item

    settings = chapter_settings(_settings(chapters=chapters))
    profile = load_federation(settings)[0].chapters.get(chapter)
    zone = profile.meetings.timezone if profile and profile.meetings else None
    day = dt.date.fromisoformat(date) if date else dt.datetime.now(dt.UTC).date()
    path, problems = new_item(
        settings.chapters_path, chapter, title, kind=kind, date=day, timezone=zone
    )
    _scaffold_result(path, problems)


@task
def codeowners(c):
    """Write .github/CODEOWNERS from the admins' GitHub names."""
    from plugins.model.settings import chapter_settings
    from plugins.runner import codeowners_file

    settings = _settings()
    path, text = codeowners_file(chapter_settings(settings), settings)
    if text is None:
        raise Exit(
            "the content has errors: fix what `invoke check` reports first", code=1
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")


@task(
    help={
        "build_date": "YYYY-MM-DD to compute for (default: SOURCE_DATE_EPOCH or today)",
        "output": "write the Markdown to this file (only when something is due)",
    }
)
def digest(c, build_date=None, output=None):
    """Markdown list of pages stale or stale within 30 days, with their admins."""
    from plugins.digest import digest_markdown, due
    from plugins.freshness.facts import federation_facts
    from plugins.freshness.settings import freshness_settings
    from plugins.model.federation import load_federation
    from plugins.model.settings import chapter_settings

    settings = _settings(build_date=build_date)
    chapter = chapter_settings(settings)
    federation, problems = load_federation(chapter)
    if problems:
        raise Exit("the content has errors: run `invoke check`", code=1)
    published = [i for i in federation.items if i.published_by(chapter.build_date)]
    fresh = freshness_settings(settings)
    facts = federation_facts(federation.chapters, published, chapter.build_date, fresh)
    text = digest_markdown(
        due(federation.chapters, facts, chapter.build_date, fresh),
        chapter.build_date,
        chapter.chapters_path.name,
    )
    if output:
        if text:
            Path(output).write_text(text, encoding="utf-8")
    else:
        print(text or "Every chapter page is up to date.")


def _build_command(**options) -> list[str]:
    """`invoke build` with ``options``, as a fresh Python process runs it."""
    command = [sys.executable, "-m", "invoke", "--search-root", str(ROOT), "build"]
    for name, value in options.items():
        if value is not None:
            command += [f"--{name.replace('_', '-')}", str(value)]
    return command


@task(
    help={
        "port": "port to serve on (default 8000)",
        "build_date": "YYYY-MM-DD the facts are computed for (default: today)",
        "chapters": "folder of chapter folders (default: chapters/)",
        "content": "folder of the international content (default: content/)",
        "output": "where the site is written (default: output/)",
        "search_index": "index each build for /search/ (--no-search-index: faster, "
        "search finds nothing)",
    }
)
def livereload(
    c,
    port=8000,
    build_date=None,
    chapters=None,
    content=None,
    output=None,
    search_index=True,
):
    """Build, serve on localhost and rebuild whenever content, theme or plugins change."""
    import subprocess

    from livereload import Server

    from plugins.serve import Rebuilder, RebuildWatcher

    # Each build is a new process, so edited plugins are imported afresh and
    # Pelican, which shows a warning once per process, shows it every time.
    command = _build_command(
        build_date=build_date, chapters=chapters, content=content, output=output
    )
    if not search_index:
        command.append("--no-search-index")

    def build() -> int:
        code = subprocess.run(command, check=False).returncode
        if code:
            print("livereload: still serving the last site built", flush=True)
        return code

    settings = _settings(
        build_date=build_date, chapters=chapters, content=content, output=output
    )
    watched = (
        settings["CHAPTERS_PATH"],
        settings["CHAPTERS_CONTENT_PATH"],
        settings["THEME"],
        ROOT / "plugins",
        SETTINGS,
    )
    # Made before the first build, so that an edit made while it runs is seen.
    watcher = RebuildWatcher(watched, Rebuilder(build))
    build()
    Server(watcher=watcher).serve(
        host="127.0.0.1", port=int(port), root=settings["OUTPUT_PATH"]
    )


@task(
    help={
        "repeats": "builds per size, kind and mode (default 3)",
        "sizes": "comma-separated post counts: 450, 1400, 4000, 10000 "
        "(default 450,1400,4000; 10000 adds about 10 minutes)",
        "work": "scratch folder (default: a new temporary folder)",
    }
)
def bench(c, repeats=3, sizes="450,1400,4000", work=None):
    """Time and memory of our build against plain Pelican on synthetic federations."""
    import platform
    import tempfile
    from importlib.metadata import version

    from benchmarks.bench import bench as run_bench
    from benchmarks.bench import parse_sizes

    try:
        chosen = parse_sizes(sizes)
    except ValueError as error:
        raise Exit(str(error), code=2) from None
    folder = (
        Path(work) if work else Path(tempfile.mkdtemp(prefix="chapterhouse-bench-"))
    )
    print(
        f"machine: {os.cpu_count()} cores ({platform.machine()}); "
        f"Python {platform.python_version()}, Pelican {version('pelican')}; "
        f"scratch folder {folder}"
    )
    run_bench(folder, repeats=int(repeats), sizes=chosen)
