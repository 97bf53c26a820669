"""Each template compiled once a build, whichever generator loads it first.

Pelican gives every generator a Jinja environment of its own, and each used
to compile every template it loads: ``base.html`` and ``_macros.html`` once
per generator. The environments are configured alike (the same loader paths,
options and filters, see ``add_filters``), so the code one compiles is the
code another would: with the content cache off, they share it in memory for
one build, as they share the folder of ``bytecode.py`` when it is on.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import threading
from types import CodeType

from jinja2 import BytecodeCache, Environment, TemplateError
from jinja2.bccache import Bucket

# Where a build keeps its compiled code (the generators share one context).
CODES_KEY = "CHAPTERS_COMPILED_TEMPLATES"


class BuildCodes(BytecodeCache):
    """Compiled templates of one build, by name and source checksum, in memory."""

    def __init__(self):
        self._codes: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._codes.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._codes[(bucket.key, bucket.checksum)] = bucket.code

    def clear(self) -> None:
        self._codes.clear()


def build_codes(generator) -> BuildCodes:
    """The build's compiled templates, made once per build."""
    codes = generator.context.get(CODES_KEY)
    if codes is None:
        codes = generator.context[CODES_KEY] = BuildCodes()
    return codes


def compile_all(env: Environment, names: list[str]) -> None:
    """Every template of ``names`` compiled into ``env``'s bytecode cache, about
    half of them by a process forked for it while this one compiles the rest.

    Before the output processes fork, the build compiles the theme once for
    all of them (0.23 s at 28 templates, while both cores wait); compiling is
    pure work on each template's source, so a second process halves it. What
    that process sends back is each template's code, as ``env.compile`` made
    it (``marshal``, as Jinja's own bytecode caches keep it): the pages are
    the same bytes. A template it could not compile, or a helper that could
    not start or died, is compiled here instead, so a broken template fails
    the build where a generator loads it, as before; one that no generator
    loads does not.
    """
    cache = env.bytecode_cache
    waiting: list[tuple[str, str, str | None, Bucket]] = []
    # Not beside other threads: a fork copies only this one, and a lock
    # another held would stay locked in the helper (as for the output).
    if cache is not None and hasattr(os, "fork") and threading.active_count() == 1:
        for name in names:
            try:
                source, filename, _ = env.loader.get_source(env, name)
            except TemplateError:
                continue
            bucket = cache.get_bucket(env, name, filename, source)
            if bucket.code is None:  # none kept (a cold build, or an edit)
                waiting.append((name, source, filename, bucket))
    # Every other template by size to the helper (the second largest, the
    # fourth...); this process takes the rest, and then what the helper sends.
    waiting.sort(key=lambda each: (-len(each[1]), each[0]))
    theirs = waiting[1::2]
    helper = _start_helper(env, theirs) if len(waiting) > 1 else None
    mine = {name for name, *_ in theirs} if helper else set()
    try:
        for name in names:
            if name not in mine:
                with contextlib.suppress(TemplateError):
                    env.get_template(name)
    except BaseException:  # not a template's error: stop the helper, then raise
        if helper is not None:
            _stop_helper(*helper)
        raise
    if helper is None:
        return
    codes = _finish_helper(*helper)
    for name, _source, _filename, bucket in theirs:
        code = codes.get(name)
        if isinstance(code, CodeType):
            bucket.code = code
            cache.set_bucket(bucket)
        with contextlib.suppress(TemplateError):
            env.get_template(name)  # from the cache; compiled here if not sent


def _start_helper(env: Environment, work: list) -> tuple[int, int] | None:
    """Fork a process compiling ``work``; (its pid, the pipe to read), or None."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: this one compiles everything
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return pid, read
    status = 0
    try:
        gc.disable()  # a short life: the collector would copy the parent's pages
        os.close(read)
        codes = {}
        for name, source, filename, _bucket in work:
            with contextlib.suppress(TemplateError):
                codes[name] = env.compile(source, name, filename)
        view = memoryview(marshal.dumps(codes))
        while view:
            view = view[os.write(write, view) :]
    except BaseException:  # nothing sent: the parent compiles it all
        status = 70
    finally:
        os._exit(status)


def _stop_helper(pid: int, read: int) -> None:
    """End the helper without waiting for its work (it may be blocked on a full
    pipe), and reap it: no process or descriptor is left behind."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    os.close(read)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _finish_helper(pid: int, read: int) -> dict:
    """What the helper sent, once it has ended; {} if it sent nothing whole."""
    chunks = []
    try:
        while chunk := os.read(read, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(read)
        _, status = os.waitpid(pid, 0)
    if status != 0:
        return {}
    try:
        codes = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return {}
    return codes if isinstance(codes, dict) else {}
