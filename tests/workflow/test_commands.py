"""`invoke publish` and `invoke livereload` work end to end, as in Pelican's own tasks.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_publish_uses_publishconf_and_the_siteurl_from_the_environment(tmp_path):
    result = invoke(
        "publish",
        "--build-date",
        "2015-01-15",
        "--output",
        str(tmp_path / "site"),
        SITEURL="https://iops.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site/chapters/oslo/index.html").read_text(encoding="utf-8")
    assert 'href="https://iops.example.org/chapters/norway/"' in page
    feed = (tmp_path / "site/atom.xml").read_text(encoding="utf-8")
    assert "tag:iops.example.org,2012:" in feed  # pinned in publishconf.py


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
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


def test_livereload_rebuilds_when_a_post_is_added(norway):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "invoke",
            "livereload",
            "--port",
            str(port),
            "--build-date",
            "2015-01-15",
            "--chapters",
            str(norway.root / "chapters"),
            "--content",
            str(norway.root / "content"),
            "--output",
            str(norway.root / "output"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/chapters/oslo/"
        assert wait_for(lambda: fetch(url)), "livereload did not start serving"
        norway.write(
            {
                "chapters/oslo/posts/live.md": '---\ntitle: Live edit\ndate: "2014-12-30"\n---\nx\n'
            }
        )
        assert wait_for(lambda: "Live edit" in (fetch(url) or "")), "no rebuild seen"
    finally:
        server.terminate()
        server.wait(timeout=10)
