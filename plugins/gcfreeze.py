"""Keeping Python's cyclic garbage collector off what a build holds to its end.

A build reads the model (or unpickles it from the cache) once and keeps it
until the site is published. Each full collection walks every object alive,
so after a rebuild's load it walks the whole model again, to free nothing:
at 1,428 posts, two full collections and the younger ones that promote the
model cost about 0.1 s of a one-post rebuild's 1.2 s in the main process.
And when the process exits, Python's shutdown runs the collector over
everything still alive more than once (about 0.2 s after that rebuild), to
free memory the system takes back anyway.

``gc.freeze()`` moves every object alive into a permanent generation that no
collection walks; ``gc.unfreeze()`` gives them back. Inside a ``sparing()``
block, ``spare()`` freezes what is alive, and the block's end gives it all
back, so that a process that goes on after a build (the test suite, `invoke
changes`, which builds twice) collects its garbage as before. Blocks nest,
also across threads: only the last to end gives back. Outside any block
``spare()`` does nothing. A spared object that turns into cyclic garbage
during the block waits for the block's end to be freed: spare only what
lives that long (``respare`` for what a build gave up). The commands'
processes freeze everything as they exit (``freeze_at_exit``). No Pelican here.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import threading
from collections.abc import Iterator


class _Blocks:
    open = 0  # sparing() blocks this process is in
    lock = threading.Lock()


@contextlib.contextmanager
def sparing() -> Iterator[None]:
    """A block in which ``spare()`` keeps objects from collections; its end
    (the last block's) gives every frozen object back to the collector."""
    with _Blocks.lock:
        _Blocks.open += 1
    try:
        yield
    finally:
        with _Blocks.lock:
            _Blocks.open -= 1
            if not _Blocks.open:
                gc.unfreeze()


def spare() -> None:
    """Inside ``sparing()``: no collection walks the objects alive now, until
    the block ends. Outside: nothing."""
    with _Blocks.lock:
        if _Blocks.open:
            gc.freeze()


def respare() -> None:
    """Inside ``sparing()``: free what was spared and has become garbage (a
    build that starts again gives up the site it began), then spare the rest
    again. One full collection. Outside: nothing."""
    with _Blocks.lock:
        if _Blocks.open:
            gc.unfreeze()
            gc.collect()
            gc.freeze()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collection meanwhile, for work that makes many objects
    and no garbage (unpickling); the collector runs again after, if it ran before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@functools.cache
def freeze_at_exit() -> None:
    """Freeze every object when the process exits (once, however often called).

    For the commands' processes (tasks.py, benchmarks/build_ours.py), not for
    one that goes on after a build. Exit handlers run in reverse order: the
    ones registered after this (multiprocessing's, weakref's finalisers) run
    before the freeze; one registered before it (logging's flush, when
    logging was imported first) runs after, and works all the same. Objects
    are still freed by reference counting as Python clears its modules.
    """
    atexit.register(gc.freeze)
