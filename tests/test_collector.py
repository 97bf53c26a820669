"""A build keeps the garbage collector off the model it holds, and gives it back
at its end; a command's process ends without a last walk of its objects."""

from __future__ import annotations

import gc
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plugins import collector, runner
from tests.conftest import Site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _nothing_frozen_before():
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    yield
    gc.unfreeze()  # whatever a failed test left


def test_spare_outside_a_sparing_block_freezes_nothing():
    collector.spare()
    assert gc.get_freeze_count() == 0


def test_spared_objects_are_given_back_when_the_block_ends():
    with collector.sparing():
        collector.spare()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_only_the_outermost_block_gives_back():
    with collector.sparing():
        with collector.sparing():
            collector.spare()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_block_ended_by_an_error_gives_back_too():
    with pytest.raises(RuntimeError), collector.sparing():
        collector.spare()
        raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0


def test_paused_restores_the_collector_as_it_was():
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


SITE = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": (
        'name: IOPS Oslo\nlevel: local\nparent: norway\ncountry: "NO"\n'
    ),
    "chapters/oslo/posts/hello.md": '---\ntitle: Hello\ndate: "2014-10-01"\n---\nHi.\n',
}


def frozen_during_output(monkeypatch) -> list[int]:
    """How many objects were out of collections when each build began its output."""
    seen = []
    build_into = runner._build_into

    def recorded(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return build_into(*args, **kwargs)

    monkeypatch.setattr(runner, "_build_into", recorded)
    return seen


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_a_build_spares_its_model_and_gives_it_back(tmp_path, monkeypatch, cache):
    site = Site(tmp_path).write(SITE)
    seen = frozen_during_output(monkeypatch)
    for _ in range(2):  # with the cache on: read every file; then from the cache
        settings = site.settings()
        settings["CHAPTERS_CACHE"] = cache
        code = runner.build(settings, out=io.StringIO())
        assert code == 0
        assert gc.get_freeze_count() == 0
        assert gc.isenabled()
    assert len(seen) == 2 and min(seen) > 0


def test_a_failed_build_gives_its_model_back(tmp_path, monkeypatch):
    site = Site(tmp_path).write(SITE)
    assert site.build()[0] == 0
    site.write({"chapters/oslo/posts/broken.md": "---\ntitle: [\n---\nText.\n"})
    code, out = site.build()
    assert code == 1, out
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_command_freezes_every_object_when_its_process_exits(tmp_path):
    # An exit handler registered before it runs after it (they run in reverse).
    script = textwrap.dedent(
        """
        import atexit, gc
        atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
        from plugins.quick_exit import collect_nothing_at_exit
        collect_nothing_at_exit()
        collect_nothing_at_exit()  # once, however often called
        print("frozen before:", gc.get_freeze_count() > 0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split("\n") == [
        "frozen before: False",
        "frozen at exit: True",
        "",
    ]


@pytest.mark.parametrize(
    "command",
    [
        "import tasks",  # every `invoke` command imports it first
        "import runpy, sys; sys.argv = ['build_ours.py', '--help'];"
        "runpy.run_path('benchmarks/build_ours.py', run_name='__main__')",
    ],
    ids=["invoke", "bench"],
)
def test_invoke_and_the_bench_end_their_process_that_way(command):
    script = (
        "import atexit, gc;"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0));"
        + command
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.splitlines()[-1] == "frozen at exit: True", result.stderr
