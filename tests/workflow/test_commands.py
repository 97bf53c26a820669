"""`invoke publish` and `invoke livereload` work end to end, as in Pelican's own tasks.py."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from plugins.serve import Rebuilder, RebuildWatcher

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def repository_copy(folder: Path) -> Path:
    """tasks.py, settings, plugins and theme of this repository, to edit freely."""
    skip = shutil.ignore_patterns("__pycache__")
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, folder / name, ignore=skip)
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, folder / name)
    return folder


def test_publish_uses_publishconf_and_the_siteurl_from_the_environment(
    norway, tmp_path
):
    # `invoke publish` has no --chapters option: it builds the chapters beside
    # tasks.py, so it runs in a copy of the project around the norway fixture's.
    project = repository_copy(tmp_path / "project")
    shutil.copytree(norway.root / "chapters", project / "chapters")
    result = invoke(
        "publish",
        "--build-date",
        "2015-01-15",
        "--output",
        str(tmp_path / "site"),
        cwd=project,
        SITEURL="https://iops.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site/chapters/oslo/index.html").read_text(encoding="utf-8")
    assert 'href="https://iops.example.org/chapters/norway/"' in page
    feed = (tmp_path / "site/atom.xml").read_text(encoding="utf-8")
    assert "tag:iops.example.org,2012:" in feed  # pinned in publishconf.py


@pytest.mark.parametrize(
    ("siteurl", "says"),
    [
        ("", "SITEURL is not set"),
        ("   ", "SITEURL is not set"),
        ("iops.example.org", "is not an absolute address"),
        ("/site/", "is not an absolute address"),
        ("http://localhost:8000", "is a local address"),
        ("http://127.0.0.1:8000", "is a local address"),
    ],
)
def test_publish_refuses_without_an_absolute_public_siteurl(siteurl, says, tmp_path):
    # Refused before anything is read or written: no copy of the project needed.
    result = invoke(
        "publish",
        "--build-date",
        "2015-01-15",
        "--output",
        str(tmp_path / "site"),
        SITEURL=siteurl,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "publish refused: SITEURL" in result.stderr
    assert says in result.stderr
    assert "a repository variable named SITEURL" in result.stderr
    assert not (tmp_path / "site").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 2) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


@contextlib.contextmanager
def livereload(site, log: Path, repo: Path = ROOT):
    """`invoke livereload` of ``repo`` serving ``site``; yields the base URL.

    Its terminal goes to ``log``; on the way out the server and any build it
    started are stopped (they share a new process group).
    """
    port = free_port()
    with log.open("w", encoding="utf-8") as terminal:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "invoke",
                "--search-root",
                str(repo),
                "livereload",
                "--port",
                str(port),
                "--build-date",
                "2015-01-15",
                "--chapters",
                str(site.root / "chapters"),
                "--content",
                str(site.root / "content"),
                "--output",
                str(site.root / "output"),
            ],
            cwd=repo,
            stdout=terminal,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        started = wait_for(lambda: fetch(base + "chapters/oslo/"))
        assert started, "livereload did not start serving:\n" + log.read_text()
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def printed(log: Path, text: str) -> int:
    return log.read_text(encoding="utf-8").count(text)


SCRIPT_POST = '---\ntitle: Embed\ndate: "2014-11-01"\n---\n<script>alert(1)</script>\n'


def test_livereload_rebuild_shows_a_new_post_and_warns_again(norway, tmp_path):
    norway.write({"chapters/oslo/posts/embed.md": SCRIPT_POST})
    log = tmp_path / "terminal.log"
    warning = "embed.md:5:1: warning: removed from the HTML: a <script> element"
    with livereload(norway, log) as base:
        url = base + "chapters/oslo/"
        assert printed(log, warning) == 1, log.read_text()
        norway.write(
            {
                "chapters/oslo/posts/live.md": '---\ntitle: Live edit\ndate: "2014-12-30"\n---\nx\n'
            }
        )
        assert wait_for(lambda: "Live edit" in (fetch(url) or "")), "no rebuild seen"
        # Every rebuild reports the content's warnings again, on their lines.
        assert wait_for(lambda: printed(log, warning) == 2), log.read_text()


MARK_PLUGIN = """\
import time
from pathlib import Path

from pelican import signals


def write_mark(pelican):
    Path({started!r}).touch()
    time.sleep({pause})
    Path(pelican.output_path, "mark.txt").write_text({mark!r}, encoding="utf-8")


def register():
    signals.finalized.connect(write_mark)
"""


def test_livereload_runs_an_edited_template_and_plugin_and_serves_meanwhile(
    norway, tmp_path
):
    repo = repository_copy(tmp_path / "repo")
    with (repo / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('PLUGINS = [*PLUGINS, "plugins.mark"]\n')
    plugin = repo / "plugins/mark.py"
    first = tmp_path / "first-started"
    plugin.write_text(
        MARK_PLUGIN.format(started=str(first), pause=0, mark="first"), encoding="utf-8"
    )
    log = tmp_path / "terminal.log"
    with livereload(norway, log, repo) as base:
        page, mark = base + "chapters/oslo/", base + "mark.txt"
        assert fetch(mark) == "first"
        template = repo / "theme/templates/base.html"
        html = template.read_text(encoding="utf-8")
        edited = html.replace("</body>", "<p>Edited template</p></body>")
        template.write_text(edited, encoding="utf-8")
        seen = wait_for(lambda: "Edited template" in (fetch(page) or ""))
        assert seen, "the edited template was not used:\n" + log.read_text()

        second = tmp_path / "second-started"
        plugin.write_text(
            MARK_PLUGIN.format(started=str(second), pause=2, mark="second"),
            encoding="utf-8",
        )
        assert wait_for(second.exists), (
            "the edited plugin did not run:\n" + log.read_text()
        )
        # While the rebuild runs, the last site is served, and at once.
        assert "Edited template" in (fetch(page, timeout=1) or "")
        assert fetch(mark, timeout=1) == "first"
        assert wait_for(lambda: fetch(mark) == "second"), log.read_text()


def test_livereload_reports_a_failed_rebuild_and_serves_the_last_site(norway, tmp_path):
    log = tmp_path / "terminal.log"
    with livereload(norway, log) as base:
        url = base + "chapters/oslo/"
        norway.write(
            {
                "chapters/oslo/posts/broken.md": '---\ntitle: Broken\ndate: "someday"\n---\nx\n',
                "chapters/oslo/posts/live.md": '---\ntitle: Live edit\ndate: "2014-12-30"\n---\nx\n',
            }
        )
        assert wait_for(lambda: printed(log, "nothing was published")), "no rebuild"
        report = log.read_text(encoding="utf-8")
        assert "chapters/oslo/posts/broken.md:3:7: 'date'" in report
        page = fetch(url) or ""
        assert "Første møte" in page
        assert "Live edit" not in page


def test_rebuilds_run_one_at_a_time_and_changes_meanwhile_make_one_more():
    started, finish = threading.Event(), threading.Event()
    runs = []

    def build() -> int:
        runs.append("start")
        started.set()
        finish.wait(10)
        runs.append("end")
        return 0

    rebuilder = Rebuilder(build)
    rebuilder.request()
    assert started.wait(10)
    for _ in range(3):
        rebuilder.request()
    finish.set()
    assert rebuilder.wait(10)
    assert runs == ["start", "end", "start", "end"]
    assert rebuilder.take_published()
    assert not rebuilder.take_published()


class CountedRebuilder:
    def __init__(self):
        self.requests = 0

    def request(self) -> None:
        self.requests += 1

    def take_published(self) -> bool:
        return False


def test_files_changed_together_request_one_rebuild(tmp_path):
    for name in ("a.md", "b/b.md", "b/c/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    rebuilder = CountedRebuilder()
    watcher = RebuildWatcher([tmp_path], rebuilder, out=io.StringIO())
    watcher.examine()  # the first look: nothing changed since the watcher started
    assert rebuilder.requests == 0
    later = time.time() + 10
    for name in ("a.md", "b/b.md", "b/c/c.md"):
        os.utime(tmp_path / name, (later, later))
    for _ in range(3):
        watcher.examine()
    assert rebuilder.requests == 1
