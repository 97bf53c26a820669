"""The output written by several processes: the same site, and any failure fails the build."""

from __future__ import annotations

import errno
import io
import logging
import os
import shutil
import signal
import threading
from collections import Counter
from pathlib import Path

import jinja2
import pytest
from pelican.generators import StaticGenerator

from plugins.content import compiled
from plugins.content.loader import CACHE_FILE
from plugins.content.writer import ShareWriter  # opens every page file of its share
from plugins.model.cache import FileCache
from plugins.model.diagnostics import ContentError, Diagnostic
from plugins.output import leftovers
from plugins.runner import build
from plugins.site import pagecache, shares
from plugins.site.shares import RemoteTraceback, share_of
from tests.conftest import Site, _log_afresh, count_compiles, federation_copy

# A translation, so that the language pages, feeds and alternates are written too
# (the federation has items of every kind and events, past and upcoming).
TRANSLATION = {
    "chapters/london/events/reading-group-winter-2015.de.md": """
        ---
        title: "Winterlesekreis: partizipative Planung"
        ---
        Unser Lesekreis beginnt am Dienstag, dem 20. Januar.
    """,
}


# The output processes the last build_with forked (this worker has other
# children, such as Playwright's driver: only these must be reaped).
FORKED: list[int] = []


def build_with(
    site: Site, output: Path, jobs: int, beside: threading.Thread | None = None
) -> tuple[int, str, int]:
    """Build ``site`` into ``output`` with ``jobs`` processes: status, report, forks.

    The build sees no thread but its own and ``beside``: threads that other
    tests left in this worker (Playwright's child watcher lives as long as the
    session's browser, the browser tests' server too) would otherwise stop
    every build here from forking, as they do outside a test.
    """
    _log_afresh()
    settings = site.settings(output=output)
    settings["CHAPTERS_JOBS"] = jobs
    forks = []
    start = shares.start
    FORKED.clear()

    def counted(count, work):
        forks.append(count)
        processes = start(count, work)
        FORKED.extend(child.pid for child in processes._children)
        return processes

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shares, "start", counted)
        patch.setattr(shares, "threading", _ThreadsOfThisBuild(beside))
        patch.setattr(compiled, "threading", _ThreadsOfThisBuild(beside))
        code = build(settings, out=out)
    return code, out.getvalue(), len(forks)


class _ThreadsOfThisBuild:
    """``threading`` as plugins/site/shares.py and plugins/content/compiled.py
    see it: the build's thread, and ``beside``."""

    def __init__(self, beside: threading.Thread | None):
        self._beside = beside

    def active_count(self) -> int:
        return 1 + (self._beside is not None and self._beside.is_alive())


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and "pagefind" not in path.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def federation(tmp_path_factory) -> Site:
    site = federation_copy(tmp_path_factory.mktemp("federation"))
    return site.write(TRANSLATION)


@pytest.fixture(scope="module")
def in_one_process(federation, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("one") / "output"
    code, out, forks = build_with(federation, output, jobs=1)
    assert (code, forks) == (0, 0), out
    return output


@pytest.fixture(scope="module")
def in_two_processes(federation, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("two") / "output"
    code, out, forks = build_with(federation, output, jobs=2)
    assert (code, forks) == (0, 1), out
    return output


def test_two_processes_write_the_same_site_as_one_byte_for_byte(
    in_one_process, in_two_processes
):
    one = files(in_one_process)
    assert "chapters/london/events/reading-group-winter-2015/de/index.html" in one
    assert "chapters/london/events/reading-group-winter-2015/event.ics" in one
    assert files(in_two_processes) == one


def test_both_processes_wrote_pages(in_two_processes):
    shares_written = {share_of(path, 2) for path in files(in_two_processes)}
    assert shares_written == {0, 1}


def test_the_main_process_renders_no_page_itself(federation, tmp_path, monkeypatch):
    """It holds the whole build: rendering a share there would add to the peak."""
    main = os.getpid()
    open_page = ShareWriter._open_page

    def in_a_child_only(self, filename, *args, **kwargs):
        assert os.getpid() != main, f"the main process wrote {filename}"
        return open_page(self, filename, *args, **kwargs)

    monkeypatch.setattr(ShareWriter, "_open_page", in_a_child_only)
    code, out, forks = build_with(federation, tmp_path / "output", jobs=2)
    assert (code, forks) == (0, 1), out


@pytest.fixture
def no_model_cache(federation) -> Path:
    """The model's cache file of ``federation``, deleted: the build saves it anew."""
    cache = federation.root / "cache" / CACHE_FILE
    cache.unlink(missing_ok=True)
    return cache


def record_saves_and_joins(monkeypatch) -> list[str]:
    """What the main process does, in order: fork, save the model's cache, join."""
    events: list[str] = []
    main = os.getpid()
    save, start, join = FileCache.save, shares.Processes.__init__, shares.Processes.join

    def saving(self, file):
        assert os.getpid() == main, "the cache was saved in an output process"
        events.append("save")
        return save(self, file)

    def forked(self, *args, **kwargs):
        events.append("fork")
        return start(self, *args, **kwargs)

    def joining(self):
        if self._children:  # the first join waits; a second finds no child left
            events.append("join")
        return join(self)

    monkeypatch.setattr(FileCache, "save", saving)
    monkeypatch.setattr(shares.Processes, "__init__", forked)
    monkeypatch.setattr(shares.Processes, "join", joining)
    return events


def test_the_models_cache_is_saved_while_the_output_processes_render(
    federation, no_model_cache, tmp_path, monkeypatch
):
    """Not before the fork, where both cores would wait for the main process."""
    events = record_saves_and_joins(monkeypatch)
    code, out, forks = build_with(federation, tmp_path / "output", jobs=2)
    assert (code, forks) == (0, 1), out
    assert events == ["fork", "save", "join"]
    assert FileCache.load(
        no_model_cache
    ).entries  # saved whole: the next build parses nothing


def test_the_models_cache_is_saved_by_a_build_in_one_process(
    federation, no_model_cache, tmp_path, monkeypatch
):
    events = record_saves_and_joins(monkeypatch)
    code, out, forks = build_with(federation, tmp_path / "output", jobs=1)
    assert (code, forks) == (0, 0), out
    assert events == ["save"]
    assert FileCache.load(no_model_cache).entries


def test_the_models_cache_is_saved_when_the_main_process_fails(
    federation, no_model_cache, tmp_path, monkeypatch
):
    events = record_saves_and_joins(monkeypatch)

    def broken(self, writer):
        raise RuntimeError("the main process broke")

    monkeypatch.setattr(StaticGenerator, "generate_output", broken)
    with pytest.raises(RuntimeError, match="the main process broke"):
        build_with(federation, tmp_path / "output", jobs=2)
    assert events == ["fork", "save"]
    assert FileCache.load(no_model_cache).entries


def test_three_processes_write_the_same_site(federation, in_one_process, tmp_path):
    code, out, forks = build_with(federation, tmp_path / "output", jobs=3)
    assert (code, forks) == (0, 1), out
    assert files(tmp_path / "output") == files(in_one_process)


# --- failures in a share ------------------------------------------------------


@pytest.fixture
def built(federation, in_two_processes, tmp_path) -> tuple[Site, Path]:
    """A copy of the federation and of its site as two processes built it, for
    a build that fails."""
    site = federation.copy(tmp_path / "repo")
    output = tmp_path / "output"
    shutil.copytree(in_two_processes, output, symlinks=True)
    return site, output


def a_page(output: Path, share: int) -> str:
    """An item page written by process ``share`` of two."""
    return next(
        path
        for path in sorted(files(output))
        if path.startswith("chapters/")
        and "/posts/" in path
        and share_of(path, 2) == share
    )


def fail_writing(patch, page: str, fail) -> None:
    """``fail(path)`` when the file ``page`` is opened: only its share's process opens it."""
    open_w = ShareWriter._open_page

    def failing(self, filename, *args, **kwargs):
        if Path(filename).as_posix().endswith("/" + page):
            fail(filename)
        return open_w(self, filename, *args, **kwargs)

    patch.setattr(ShareWriter, "_open_page", failing)


def assert_nothing_published(output: Path, before: dict[str, bytes]) -> None:
    assert files(output) == before
    assert leftovers(output) == []
    assert FORKED, "the build forked no output process"
    for pid in FORKED:  # every output process was reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_write_error_in_the_other_process_fails_the_build(built, monkeypatch):
    site, output = built
    before = files(output)
    page = a_page(output, share=1)

    def denied(filename):
        raise PermissionError(errno.EACCES, "Permission denied", filename)

    fail_writing(monkeypatch, page, denied)
    code, out, forks = build_with(site, output, jobs=2)
    assert (code, forks) == (1, 1)
    assert out.count("permission denied") == 1
    assert page in out and "nothing was published" in out
    assert_nothing_published(output, before)


def test_an_error_logged_in_the_other_process_fails_the_build_and_is_shown_once(
    built, monkeypatch, caplog
):
    site, output = built
    before = files(output)
    page = a_page(output, share=1)

    def logged(filename):
        logging.getLogger("pelican.writers").error("cannot make %s", filename)

    fail_writing(monkeypatch, page, logged)
    code, out, _ = build_with(site, output, jobs=2)
    assert code == 1
    assert "build failed with 1 error(s)" in out
    shown = [r for r in caplog.records if r.getMessage().startswith("cannot make ")]
    assert len(shown) == 1 and shown[0].getMessage().endswith(page)
    assert_nothing_published(output, before)


def test_a_content_error_in_the_other_process_reports_its_diagnostics(
    built, monkeypatch
):
    site, output = built
    before = files(output)
    page = a_page(output, share=1)

    def located(filename):
        raise ContentError(
            [Diagnostic("chapters/london/posts/x.md", 3, 7, "broken link", "fix it")]
        )

    fail_writing(monkeypatch, page, located)
    code, out, _ = build_with(site, output, jobs=2)
    assert code == 1
    assert out.count("chapters/london/posts/x.md:3:7: broken link") == 1
    assert_nothing_published(output, before)


def test_a_template_that_raises_in_the_other_process_fails_the_build(
    built, monkeypatch
):
    site, output = built
    before = files(output)
    page = a_page(output, share=1)
    render = jinja2.Template.render

    def raising(self, *args, **kwargs):
        context = args[0] if args else kwargs
        if context.get("output_file") == page:
            raise ValueError(f"the template broke on {page}")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", raising)
    # Rendered again, not taken from the last build (plugins/site/pagecache.py).
    cache = Path(site.settings(output=output)["CACHE_PATH"]) / pagecache.FOLDER
    shutil.rmtree(cache, ignore_errors=True)
    with pytest.raises(ValueError, match="the template broke") as raised:
        build_with(site, output, jobs=2)
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback) and "raising" in str(cause)
    assert_nothing_published(output, before)


def test_a_crash_of_the_other_process_fails_the_build(built, monkeypatch, caplog):
    site, output = built
    before = files(output)
    fail_writing(monkeypatch, a_page(output, share=1), lambda filename: os._exit(3))
    code, out, _ = build_with(site, output, jobs=2)
    assert code == 1
    assert "build failed with 1 error(s)" in out
    assert any("exit status 3" in r.getMessage() for r in caplog.records)
    assert_nothing_published(output, before)


def test_a_failure_in_the_main_process_stops_the_output_processes(built, monkeypatch):
    site, output = built
    before = files(output)

    def broken(self, writer):
        raise RuntimeError("the main process broke")

    # The main process copies the static files while its children write the pages.
    monkeypatch.setattr(StaticGenerator, "generate_output", broken)
    with pytest.raises(RuntimeError, match="the main process broke"):
        build_with(site, output, jobs=2)
    assert_nothing_published(output, before)  # no staging folder written into again


def test_a_process_killed_by_a_signal_fails_the_build(built, monkeypatch, caplog):
    site, output = built
    before = files(output)

    def killed(filename):
        os.kill(os.getpid(), signal.SIGKILL)

    fail_writing(monkeypatch, a_page(output, share=1), killed)
    code, out, _ = build_with(site, output, jobs=2)
    assert code == 1
    assert "build failed with 1 error(s)" in out
    ended = [r for r in caplog.records if "signal 9" in r.getMessage()]
    assert len(ended) == 1 and ended[0].levelno == logging.ERROR
    assert_nothing_published(output, before)


# --- where the build does not fork ----------------------------------------------


def test_no_fork_beside_another_thread(federation, in_one_process, tmp_path):
    """As when a build runs in-process beside a server's thread (invoke screenshots)."""
    done = threading.Event()
    server = threading.Thread(target=done.wait, daemon=True)
    server.start()
    try:
        code, out, forks = build_with(
            federation, tmp_path / "output", jobs=2, beside=server
        )
    finally:
        done.set()
        server.join()
    assert (code, forks) == (0, 0), out
    assert files(tmp_path / "output") == files(in_one_process)


def test_one_process_where_fork_is_unsafe_or_missing(monkeypatch):
    done = threading.Event()
    other = threading.Thread(target=done.wait, daemon=True)
    monkeypatch.setattr(shares, "threading", _ThreadsOfThisBuild(other))
    assert shares.processes_count(3) == 3
    assert shares.processes_count(1) == 1
    other.start()
    try:
        assert shares.processes_count(3) == 1
    finally:
        done.set()
        other.join()
    assert shares.processes_count(3) == 3
    monkeypatch.delattr(os, "fork")  # Windows
    assert shares.processes_count(3) == 1


def test_a_failed_fork_writes_the_site_in_one_process(
    federation, in_one_process, tmp_path, monkeypatch, caplog
):
    start = shares.start

    def no_process_to_spare():
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    def failing(count, work):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "fork", no_process_to_spare)
            return start(count, work)

    monkeypatch.setattr(shares, "start", failing)
    code, out, _ = build_with(federation, tmp_path / "output", jobs=2)
    assert code == 0, out
    assert any("cannot fork" in r.getMessage() for r in caplog.records)
    assert files(tmp_path / "output") == files(in_one_process)


# --- templates compiled once ------------------------------------------------------


def compiled_templates(site: Site, output: Path, jobs: int, monkeypatch) -> Counter:
    """Build with the content cache off; how often each template was compiled."""
    names = count_compiles(monkeypatch)
    settings = site.settings(output=output)
    settings["CHAPTERS_JOBS"] = jobs
    settings["CHAPTERS_CACHE"] = False
    _log_afresh()
    assert build(settings, out=io.StringIO()) == 0
    return names


def test_every_generator_shares_one_compile_of_each_template(
    federation, in_one_process, tmp_path, monkeypatch
):
    names = compiled_templates(federation, tmp_path / "output", 1, monkeypatch)
    assert names["base.html"] == 1 and names["_macros.html"] == 1
    assert set(names.values()) == {1}, names
    assert files(tmp_path / "output") == files(in_one_process)


def cold_build_in_two_processes(site: Site, output: Path, **more) -> set[str]:
    """Build ``site`` into ``output`` with the cache off in two output
    processes (whatever threads other tests left, as ``build_with``); the
    names of the theme's templates."""
    settings = {**site.settings(output=output), "CHAPTERS_JOBS": 2, **more}
    settings["CHAPTERS_CACHE"] = False
    _log_afresh()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shares, "threading", _ThreadsOfThisBuild(None))
        patch.setattr(compiled, "threading", _ThreadsOfThisBuild(None))
        assert build(settings, out=io.StringIO()) == 0
    return {
        path.name for path in (Path(settings["THEME"]) / "templates").glob("*.html")
    }


def returns_of(monkeypatch, module, name: str) -> list:
    """What each call of ``module.name`` returns from now on, in order."""
    returned = []
    function = getattr(module, name)

    def recorded(*args):
        returned.append(function(*args))
        return returned[-1]

    monkeypatch.setattr(module, name, recorded)
    return returned


def compiles_in_every_process(monkeypatch, log: Path) -> None:
    """Each compile appended to ``log`` as 'pid name', whichever process makes it."""
    compile_ = jinja2.Environment.compile

    def logged(self, source, name=None, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as lines:
            lines.write(f"{os.getpid()} {name}\n")
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", logged)


def test_the_theme_is_compiled_once_before_the_fork_half_of_it_by_a_helper(
    federation, tmp_path, monkeypatch
):
    log = tmp_path / "compiles"
    compiles_in_every_process(monkeypatch, log)
    started = []
    start = shares.start

    def recorded(count, work):
        started.append(log.read_text(encoding="utf-8") if log.exists() else "")
        return start(count, work)

    monkeypatch.setattr(shares, "start", recorded)
    theme = cold_build_in_two_processes(federation, tmp_path / "output")

    lines = log.read_text(encoding="utf-8").splitlines()
    (before_fork,) = started
    before = before_fork.splitlines()
    names = Counter(line.split()[1] for line in before)
    assert set(names) == theme
    assert set(names.values()) == {1}, names
    # the output processes compile none of the theme (only Pelican's own
    # templates its generators load: tag.html, author.html, ...)
    assert not {line.split()[1] for line in lines[len(before) :]} & theme
    by_process = Counter(line.split()[0] for line in before)
    assert len(by_process) == 2 and str(os.getpid()) in by_process
    assert min(by_process.values()) >= len(before) // 3


def test_a_helper_that_dies_leaves_its_templates_to_the_main_process(
    federation, in_one_process, tmp_path, monkeypatch
):
    main = os.getpid()
    compile_ = jinja2.Environment.compile
    forked = []
    start = shares.start

    def dying_in_the_helper(self, source, name=None, *args, **kwargs):
        if os.getpid() != main and not forked:
            os._exit(9)  # at its first template, sending nothing
        return compile_(self, source, name, *args, **kwargs)

    def recorded(count, work):
        forked.append(True)
        return start(count, work)

    monkeypatch.setattr(jinja2.Environment, "compile", dying_in_the_helper)
    monkeypatch.setattr(shares, "start", recorded)
    names = count_compiles(monkeypatch)  # in the main process
    sent = returns_of(monkeypatch, compiled, "_finish_helper")
    output = tmp_path / "output"
    theme = cold_build_in_two_processes(federation, output)
    assert sent == [{}]  # the helper was started, and sent nothing
    assert set(names) == theme
    assert set(names.values()) == {1}, names
    assert files(output) == files(in_one_process)


def test_a_broken_template_no_generator_loads_does_not_fail_the_build(
    federation, in_one_process, tmp_path
):
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "unused.html").write_text("{% if %}", encoding="utf-8")
    settings = federation.settings(output=tmp_path / "output")
    settings["CHAPTERS_JOBS"] = 2
    settings["THEME_TEMPLATES_OVERRIDES"] = [str(overrides)]
    _log_afresh()
    out = io.StringIO()
    assert build(settings, out=out) == 0, out.getvalue()
    assert files(tmp_path / "output") == files(in_one_process)


def test_broken_templates_no_generator_loads_fail_neither_the_helper_nor_the_build(
    federation, in_one_process, tmp_path, monkeypatch
):
    overrides = tmp_path / "templates"
    overrides.mkdir()
    for number in range(4):  # of four sizes: some go to the helper, some not
        broken = "{% if %}" + " " * 100 * number
        (overrides / f"unused-{number}.html").write_text(broken, encoding="utf-8")
    sent = returns_of(monkeypatch, compiled, "_finish_helper")
    output = tmp_path / "output"
    cold_build_in_two_processes(
        federation, output, THEME_TEMPLATES_OVERRIDES=[str(overrides)]
    )
    (codes,) = sent
    assert codes and not any(name.startswith("unused-") for name in codes)
    assert files(output) == files(in_one_process)


def test_a_main_process_that_fails_while_compiling_leaves_no_helper_behind(
    federation, tmp_path, monkeypatch
):
    get_template = jinja2.Environment.get_template
    helpers = returns_of(monkeypatch, compiled, "_start_helper")

    def failing(self, name, *args, **kwargs):
        if helpers and name == "base.html":
            raise RecursionError("as a deeply nested template would")
        return get_template(self, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "get_template", failing)
    with pytest.raises(RecursionError):
        cold_build_in_two_processes(federation, tmp_path / "output")
    ((pid, _read),) = helpers
    with pytest.raises(ChildProcessError):  # ended and reaped already
        os.waitpid(pid, os.WNOHANG)


def test_a_build_into_the_last_builds_spare_site_waits_for_every_process(
    federation, in_one_process, tmp_path, monkeypatch
):
    """The runner drops what a reused staging folder did not get written at
    ``finalized``: every process has written its share by then."""
    import plugins.runner

    events = []
    join, drop = shares.Processes.join, plugins.runner.drop_unwritten

    def joined(self):
        events.append("join")
        return join(self)

    def dropped(*args, **kwargs):
        events.append("drop")
        return drop(*args, **kwargs)

    monkeypatch.setattr(shares.Processes, "join", joined)
    monkeypatch.setattr(plugins.runner, "drop_unwritten", dropped)
    output = tmp_path / "output"
    for _ in range(3):  # the second and third builds reuse a spare site
        events.clear()
        code, out, forks = build_with(federation, output, jobs=2)
        assert (code, forks) == (0, 1), out
        assert files(output) == files(in_one_process)
    assert "drop" in events and events[0] == "join", events


def test_the_interface_catalogues_are_compiled_while_the_workers_parse(
    in_one_process, tmp_path, monkeypatch
):
    from plugins import runner
    from plugins.model import federation as federation_module

    monkeypatch.setattr(federation_module, "INLINE_FIRST", 0)  # every file to them
    compiled_ahead = []
    compile_ahead = runner.compile_ahead
    monkeypatch.setattr(
        runner,
        "compile_ahead",
        lambda **kw: compiled_ahead.append(1) or compile_ahead(**kw),
    )
    site = federation_copy(tmp_path / "site").write(TRANSLATION)  # no cache yet
    output = tmp_path / "output"
    code, out, forks = build_with(site, output, jobs=2)
    assert (code, forks) == (0, 1), out
    assert compiled_ahead == [1]
    assert files(output) == files(in_one_process)


def test_a_repeat_pelicans_logger_drops_is_not_an_error_of_the_build(caplog):
    """Two output processes log the same warning: Pelican's logger filter
    drops the repeat by raising FilteredMessage, which Logger.handle passes on."""
    import pelican.log  # noqa: F401  (sets Pelican's logger class)

    logger = logging.getLogger("pelican.contents.test_repeat")
    record = logger.makeRecord(
        logger.name, logging.WARNING, __file__, 1, "Unable to find %r", ("x.md",), None
    )
    with caplog.at_level(logging.WARNING):
        shares._replay(record)
        shares._replay(record)
    assert [r.getMessage() for r in caplog.records].count("Unable to find 'x.md'") == 1
