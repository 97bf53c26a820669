"""A build keeps the garbage collector off what it holds to its end, and gives
it back when it ends, however it ends; a command's process ends without a
last walk of its objects."""

from __future__ import annotations

import gc
import io
import threading
import weakref
from pathlib import Path

import pytest

from plugins import gcfreeze, runner
from plugins.content import compiled
from plugins.site import shares
from tests.conftest import Site, python_in_checkout

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _nothing_frozen_before():
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    yield
    gc.unfreeze()  # whatever a failed test left


class Cycle:
    """An object that only the cyclic collector can free."""

    def __init__(self):
        self.me = self


def test_spare_outside_a_sparing_block_freezes_nothing():
    gcfreeze.spare()
    gcfreeze.respare()
    assert gc.get_freeze_count() == 0


def test_spared_objects_are_given_back_when_the_block_ends():
    with gcfreeze.sparing():
        gcfreeze.spare()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_only_the_outermost_block_gives_back():
    with gcfreeze.sparing():
        with gcfreeze.sparing():
            gcfreeze.spare()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_blocks_of_two_threads_give_back_when_the_last_ends():
    entered, leave = threading.Event(), threading.Event()

    def other():
        with gcfreeze.sparing():
            entered.set()
            leave.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert entered.wait(10)
        with gcfreeze.sparing():
            gcfreeze.spare()
        assert gc.get_freeze_count() > 0  # the other thread's block is open
    finally:
        leave.set()
        thread.join()
    assert gc.get_freeze_count() == 0


def test_a_block_ended_by_an_error_gives_back_too():
    with pytest.raises(RuntimeError), gcfreeze.sparing():
        gcfreeze.spare()
        raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0


def test_respare_frees_spared_garbage_and_spares_the_rest():
    kept = Cycle()
    with gcfreeze.sparing():
        given_up = Cycle()
        gone = weakref.ref(given_up)
        gcfreeze.spare()
        del given_up
        gc.collect()
        assert gone() is not None  # spared: no collection frees it
        gcfreeze.respare()
        assert gone() is None
        assert gc.get_freeze_count() > 0
    assert kept.me is kept


def test_paused_restores_the_collector_as_it_was():
    with gcfreeze.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gcfreeze.paused():
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


class _OneThread:
    """``threading`` as seen by the fork's check: this build's thread alone
    (the test worker has threads of its own that would keep it from forking)."""

    @staticmethod
    def active_count() -> int:
        return 1


def frozen_at(monkeypatch, *names: str) -> dict[str, list[int]]:
    """How many objects were out of collections as each of the runner's
    functions ``names`` began, once per call."""
    seen: dict[str, list[int]] = {name: [] for name in names}
    for name in names:
        function = getattr(runner, name)

        def recorded(*args, _name=name, _function=function, **kwargs):
            if _name == "load_with_cache":  # after it: what it spared
                result = _function(*args, **kwargs)
                seen[_name].append(gc.get_freeze_count())
                return result
            seen[_name].append(gc.get_freeze_count())
            return _function(*args, **kwargs)

        monkeypatch.setattr(runner, name, recorded)
    return seen


def build(site: Site, cache: bool = True) -> int:
    settings = site.settings()
    settings["CHAPTERS_CACHE"] = cache
    code = runner.build(settings, out=io.StringIO())
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    return code


def test_the_cache_read_is_spared_at_once_and_a_parsed_model_with_its_index(
    tmp_path, monkeypatch
):
    site = Site(tmp_path).write(SITE)
    seen = frozen_at(monkeypatch, "load_with_cache", "_build_into")
    assert build(site, cache=False) == 0
    assert build(site) == 0  # fills the cache
    assert build(site) == 0  # reads it
    loaded, output = seen["load_with_cache"], seen["_build_into"]
    assert loaded[0] == 0  # without the cache, nothing until the index
    assert loaded[2] > 0  # the unpickled cache, at once
    assert min(output) > 0  # the model and the index


def test_the_fork_keeps_the_pages_spared_to_the_end_of_the_build(tmp_path, monkeypatch):
    site = Site(tmp_path).write(SITE)
    monkeypatch.setattr(shares, "threading", _OneThread)
    monkeypatch.setattr(compiled, "threading", _OneThread)
    forks = []
    start = shares.start

    def counted(count, work):
        forks.append(count)
        return start(count, work)

    monkeypatch.setattr(shares, "start", counted)
    seen = frozen_at(monkeypatch, "_build_into", "publish")
    settings = site.settings()
    settings["CHAPTERS_JOBS"] = 2
    assert runner.build(settings, out=io.StringIO()) == 0
    assert forks == [2]
    # Pelican's pages were spared too at the fork, and not given back there.
    assert seen["publish"][0] > seen["_build_into"][0] > 0
    assert gc.get_freeze_count() == 0


def test_a_build_refused_for_its_content_gives_back(tmp_path, monkeypatch):
    site = Site(tmp_path).write(SITE)
    assert build(site) == 0
    site.write({"chapters/oslo/posts/broken.md": "---\ntitle: [\n---\nText.\n"})
    seen = frozen_at(monkeypatch, "load_with_cache")
    assert build(site) == 1
    assert seen["load_with_cache"][0] > 0  # the cache was spared


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, OSError])
def test_a_build_stopped_during_its_output_gives_back(tmp_path, monkeypatch, stop):
    site = Site(tmp_path).write(SITE)
    seen = []

    def stopped(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        raise stop()

    monkeypatch.setattr(runner, "_build_into", stopped)
    try:
        code = build(site, cache=False)
    except (KeyboardInterrupt, SystemExit) as raised:
        assert type(raised) is stop
    else:
        assert stop is OSError and code == 1  # reported, not raised
    assert seen[0] > 0
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


@pytest.mark.parametrize(
    "command",
    [
        "import tasks; tasks._settings()",  # what every building command runs first
        "import contextlib, runpy, sys; sys.argv = ['build_ours.py', '--help']\n"
        "with contextlib.suppress(SystemExit):\n"
        "    runpy.run_path('benchmarks/build_ours.py', run_name='__main__')\n",
    ],
    ids=["invoke", "bench"],
)
def test_the_commands_freeze_every_object_as_their_process_exits(command):
    # An exit handler registered before the freeze's runs after it; the
    # objects made after the command's imports are frozen only at exit.
    script = (
        "import atexit, gc; state = {}\n"
        "atexit.register(lambda: print('frozen at exit:',"
        " gc.get_freeze_count() >= state['before'] + 50_000))\n"
        + command
        + "\nkeep = [[] for _ in range(50_000)]; state['before'] = gc.get_freeze_count()"
    )
    result = python_in_checkout(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "frozen at exit: True", (
        result.stdout + result.stderr
    )


def test_freeze_at_exit_registers_once(monkeypatch):
    registered = []
    monkeypatch.setattr(gcfreeze.atexit, "register", registered.append)
    gcfreeze.freeze_at_exit.cache_clear()
    try:
        gcfreeze.freeze_at_exit()
        gcfreeze.freeze_at_exit()
    finally:
        gcfreeze.freeze_at_exit.cache_clear()
    assert registered == [gc.freeze]
