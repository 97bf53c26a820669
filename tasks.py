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

    from plugins.gcfreeze import freeze_at_exit
    from plugins.printable import safe_excepthook, safe_log_handler
    from plugins.runner import read_site_settings

    freeze_at_exit()  # the process ends without walking what it read again

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
        "base": "git revision a pull request starts from: problems in files "
        "changed since then come first, the others are marked as such",
        "summary": "append a Markdown report to this file (github format; "
        "default: $GITHUB_STEP_SUMMARY when set)",
        "strict": "treat warnings about the content as errors",
        "build_date": "YYYY-MM-DD to check for, as `invoke build --build-date` "
        "builds for it (default: SOURCE_DATE_EPOCH or today)",
    }
)
def check(
    c,
    chapters=None,
    content=None,
    format="text",
    base=None,
    summary=None,
    strict=False,
    build_date=None,
):
    """Validate every chapter and item; report all errors with file:line."""
    from plugins.changes import ChangesError, changed_files
    from plugins.printable import one_line
    from plugins.runner import check as run_check

    settings = _settings(chapters=chapters, content=content, build_date=build_date)
    try:
        changed = changed_files(settings, base) if base else None
    except ChangesError as error:
        raise Exit(one_line(f"check --base {base}: {error}"), code=2) from None
    if format == "github":
        summary = summary or os.environ.get("GITHUB_STEP_SUMMARY") or None
    code = run_check(
        settings, fmt=format, changed=changed, summary=summary, strict=strict
    )
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
        "strict": "treat warnings as errors: build nothing if there are any",
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
    strict=False,
):
    """Validate, then build the whole site; on any error publish nothing."""
    from plugins.runner import build as run_build

    settings = _settings(
        build_date=build_date, chapters=chapters, content=content, output=output
    )
    settings["CHAPTERS_CACHE"] = bool(cache) and settings.get("CHAPTERS_CACHE", True)
    if not search_index:
        settings["SEARCH_INDEX"] = False
    code = run_build(settings, strict=strict)
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
    from plugins.printable import one_line
    from plugins.runner import build as run_build
    from plugins.siteurl import public_siteurl_problem

    settings = _settings(PUBLISH_SETTINGS, build_date=build_date, output=output)
    problem = public_siteurl_problem(settings)
    if problem:
        raise Exit(one_line(f"publish refused: {problem}"), code=2)
    code = run_build(settings)
    if code:
        raise Exit(code=code)


@task(
    help={
        "base": "git revision to compare with, e.g. main, HEAD~1 or a commit",
        "build_date": "YYYY-MM-DD both builds use (default: SOURCE_DATE_EPOCH or today)",
        "chapters": "folder of chapter folders (default: chapters/)",
        "content": "folder of the international content (default: content/)",
        "output": "keep the working tree's site in this folder (default: not kept)",
        "markdown": "append the list as Markdown to this file (e.g. $GITHUB_STEP_SUMMARY)",
        "json": "write the list as JSON to this file (for the pull-request comment)",
    }
)
def changes(
    c,
    base,
    build_date=None,
    chapters=None,
    content=None,
    output=None,
    markdown=None,
    json=None,
):
    """Pages, feeds and calendars whose output differs between BASE and the working tree."""
    _help_if_asked("changes", base)
    from plugins.changes import ChangesError, changes_markdown, site_changes
    from plugins.printable import one_line

    settings = _settings(build_date=build_date, chapters=chapters, content=content)
    try:
        found = site_changes(
            SETTINGS, settings, base, output=Path(output) if output else None
        )
    except ChangesError as error:
        for line in str(error).splitlines():
            print(one_line(line), file=sys.stderr)
        raise Exit(code=1) from None
    for word, urls in (
        ("added", found.added),
        ("changed", found.changed),
        ("removed", found.removed),
    ):
        for url in urls:
            print(one_line(f"{word} {url}"))
    if found.base_problem:
        for line in found.base_problem.splitlines():
            print(one_line(line))
    else:
        print(f"{found.count} pages, feeds and calendars differ from {one_line(base)}")
    for path, names in found.reviewers.items():
        print(one_line(f"reviewers of {path}: {', '.join(names) or 'nobody named'}"))
    if markdown:
        with open(markdown, "a", encoding="utf-8") as file:
            file.write(changes_markdown(found, base))
    if json:
        Path(json).write_text(found.as_json(base) + "\n", encoding="utf-8")


@task(help={"args": "extra arguments for pytest, e.g. '-k yaml -x'"})
def test(c, args=""):
    """Run the test suite."""
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


# Issue 11: the model, freshness and the site index stay covered at 95% or more.
COVERED = ("plugins/model", "plugins/freshness", "plugins/site")
COVERAGE_FLOOR = 95


@task(help={"args": "extra arguments for pytest"})
def coverage(c, args=""):
    """The test suite, measuring which lines of the model, freshness and the
    site index it runs; fails below 95%."""
    python = shlex.quote(sys.executable)
    covered = " ".join(f"--cov={package}" for package in COVERED)
    c.run(
        f"{python} -m pytest {covered} --cov-report=term-missing:skip-covered "
        f"--cov-fail-under={COVERAGE_FLOOR} {args}",
        pty=False,
    )


@task
def lint(c):
    """ruff check and ruff format --check."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .")
    c.run(f"{shlex.quote(sys.executable)} -m ruff format --check .")


@task(
    help={
        "add": "start a catalogue for a new language, e.g. --add fr or --add pt-BR",
        "check": "change nothing; fail if a catalogue lacks a message",
    }
)
def i18n(c, add=None, check=False):
    """Extract the interface's messages, update the catalogues, list what is untranslated."""
    from plugins.i18n.catalogues import catalogue_languages, catalogue_path
    from plugins.i18n.extract import (
        add_language,
        extract,
        gaps,
        read_catalogue,
        update_all,
    )

    if add:
        path = add_language(ROOT, add)
        print(
            f"started {path.relative_to(ROOT)}: translate each msgstr, then run invoke i18n"
        )
    if check:
        template = extract(ROOT)
        found = []
        for folder in catalogue_languages():
            catalogue = read_catalogue(catalogue_path(folder))
            found += gaps(template, catalogue, folder.replace("_", "-"))
    else:
        found = update_all(ROOT)
    for gap in found:
        print(gap)
    languages = ", ".join(f.replace("_", "-") for f in catalogue_languages())
    print(f"{len(found)} message(s) to translate; catalogues: {languages}")
    if check and found:
        raise Exit(code=1)


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


@task(name="map-data")
def map_data(c):
    """Regenerate plugins/map/data/countries-110m.json from npm world-atlas (needs npm)."""
    import base64
    import hashlib
    import json
    import tarfile
    import tempfile

    from plugins.map import atlas

    with tempfile.TemporaryDirectory() as work:
        result = c.run(
            f"npm pack {atlas.PACKAGE} --json --pack-destination {shlex.quote(work)}",
            hide="out",
        )
        tarball = Path(work) / json.loads(result.stdout)[0]["filename"]
        digest = hashlib.sha512(tarball.read_bytes()).digest()
        integrity = "sha512-" + base64.b64encode(digest).decode()
        if integrity != atlas.PACKAGE_INTEGRITY:
            raise Exit(f"{atlas.PACKAGE}: integrity {integrity} is not the pinned one")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(f"package/{atlas.PACKAGE_FILE}")
            topology = json.load(member)
    text = atlas.derived_json(atlas.countries_of(topology))
    atlas.DATA_FILE.write_text(text, encoding="utf-8")
    checksum = hashlib.sha256(text.encode()).hexdigest()
    atlas.CHECKSUM_FILE.write_text(
        f"{checksum}  {atlas.DATA_FILE.name}\n", encoding="utf-8"
    )
    print(
        f"{atlas.DATA_FILE.relative_to(ROOT)}: {len(text.encode())} bytes, sha256 {checksum}"
    )


def _help_if_asked(name, first):
    """Show a task's help for `invoke NAME --help` and stop.

    Invoke gives a task's first positional argument the next word, even
    `--help`, so `invoke new-chapter --help` would run with the slug
    "--help"; `invoke --help NAME` is what invoke itself understands.
    """
    if first == "--help":
        from invoke.main import program

        program.run(["invoke", "--search-root", str(ROOT), "--help", name], exit=False)
        raise Exit(code=0)


def _scaffold_result(path, problems):
    from plugins.printable import one_line

    if problems:
        for problem in problems:
            print(one_line(f"error: {problem}"), file=sys.stderr)
        raise Exit(code=1)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


@task(
    help={
        "slug": "the chapter's folder name: lower-case letters, digits and hyphens",
        "level": "local (default), regional or national",
        "parent": "slug of the enclosing chapter",
        "country": "ISO country code, e.g. GB or NO (required)",
        "timezone": "IANA time zone, e.g. America/Chicago; needed where the country "
        "has several",
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
    country=None,
    name=None,
    area=None,
    timezone=None,
    chapters=None,
):
    """Create chapters/SLUG/chapter.yaml, valid at once, every optional field explained.

    For example: invoke new-chapter tromso --country NO --parent norway
    """
    _help_if_asked("new-chapter", slug)
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
        timezone=timezone,
        chapters=federation.chapters,
        areas=settings.areas,
        prefix=site.get("SITE_SHORTNAME", ""),
        updated=settings.build_date,  # today, or SOURCE_DATE_EPOCH's day
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

    from plugins.model.chapters import chapter_zone
    from plugins.model.federation import load_federation
    from plugins.model.settings import chapter_settings
    from plugins.scaffold import new_item

    settings = chapter_settings(_settings(chapters=chapters))
    chapters = load_federation(settings)[0].chapters
    profile = chapters.get(chapter)
    # The rule the check of event offsets uses: meetings.timezone, else the
    # country's zone, else the enclosing chapter's.
    zone = chapter_zone(profile, chapters) if profile else None
    try:
        day = dt.date.fromisoformat(date) if date else dt.datetime.now(dt.UTC).date()
    except ValueError:
        raise Exit(
            f"new-post: --date {date!r} is not a date: write YYYY-MM-DD, such as "
            "2015-01-15",
            code=2,
        ) from None
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
        "siteurl": "the public site, for links to chapter pages (default: $SITEURL)",
        "repository_url": "https://github.com/OWNER/REPO, for links to chapter.yaml "
        "(default: from $GITHUB_SERVER_URL and $GITHUB_REPOSITORY in GitHub Actions)",
    }
)
def digest(c, build_date=None, output=None, siteurl=None, repository_url=None):
    """Markdown list of pages stale or stale within 30 days, with their admins."""
    from plugins.digest import digest_markdown, due, membership_due
    from plugins.freshness.facts import federation_facts
    from plugins.freshness.settings import freshness_settings
    from plugins.model.federation import load_federation
    from plugins.model.settings import chapter_settings
    from plugins.siteurl import public_siteurl_problem

    siteurl = (siteurl or os.environ.get("SITEURL") or "").strip()
    if siteurl and (problem := public_siteurl_problem({"SITEURL": siteurl})):
        raise Exit(f"digest: {problem}", code=2)
    if repository_url is None and os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL") or "https://github.com"
        repository_url = f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    if repository_url and not repository_url.startswith(("https://", "http://")):
        raise Exit(
            f"digest: --repository-url {repository_url!r} is not an absolute "
            "address (https://github.com/OWNER/REPO)",
            code=2,
        )
    settings = _settings(build_date=build_date)
    try:
        chapter = chapter_settings(settings)
    except ValueError as problem:  # a --build-date that is no date
        raise Exit(f"digest: {problem}", code=2) from None
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
        repository_url=repository_url or "",
        site_url=siteurl,
        maintainers=chapter.maintainers,
        membership=membership_due(federation.chapters, chapter.build_date, fresh),
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
        "work": "scratch folder, kept (default: a new temporary folder, deleted at the end)",
        "search_index": "our build runs Pagefind as `invoke build` does, and "
        "Pagefind's own time is reported apart (--no-search-index: without it)",
    }
)
def bench(c, repeats=3, sizes="450,1400,4000", work=None, search_index=True):
    """Time and memory of our build against plain Pelican on synthetic federations."""
    import platform
    from importlib.metadata import version

    from benchmarks.bench import bench as run_bench
    from benchmarks.bench import parse_sizes, scratch_folder

    try:
        chosen = parse_sizes(sizes)
    except ValueError as error:
        raise Exit(str(error), code=2) from None
    with scratch_folder(Path(work) if work else None) as folder:
        kept = "kept" if work else "deleted at the end; --work DIR keeps one"
        print(
            f"machine: {os.cpu_count()} cores ({platform.machine()}); "
            f"Python {platform.python_version()}, Pelican {version('pelican')}; "
            f"scratch folder {folder} ({kept})"
        )
        run_bench(
            folder, repeats=int(repeats), sizes=chosen, search_index=bool(search_index)
        )


@task(
    help={
        "output": "folder for the PNG files (default: docs/screenshots/)",
        "build_date": "YYYY-MM-DD the demo is built for (default: 2015-01-15)",
        "full_page": "photograph whole pages, not the first screen",
    }
)
def screenshots(c, output=None, build_date="2015-01-15", full_page=False):
    """Photograph the demo's home, a chapter, the directory, an event and the report."""
    import tempfile

    from plugins.runner import build as run_build
    from plugins.screenshots import chromium_path, serve_in_thread, shots_of, take

    chromium = chromium_path()
    if chromium is None:
        raise Exit("needs Debian's chromium package (apt-get install chromium)", code=1)
    folder = Path(output) if output else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory(prefix="chapterhouse-screenshots-") as tmp:
        site = Path(tmp) / "site"
        settings = _settings(build_date=build_date, output=str(site))
        settings["CHAPTERS_CACHE"] = False
        code = run_build(settings)
        if code:
            raise Exit(code=code)
        server, base_url = serve_in_thread(site)
        try:
            written = take(base_url, shots_of(site), folder, chromium, full_page)
        finally:
            server.shutdown()
    for path in written:
        print(f"{path} ({path.stat().st_size // 1024} KiB)")
