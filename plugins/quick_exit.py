"""A command's process ends without the garbage collector walking the build again.

When Python exits it clears every module and runs its cyclic garbage
collector over every object still alive, more than once: after a build of
1,428 posts, the whole model, Pelican's contents and the templates, about
0.2 s of a one-post rebuild that takes 1.5 s. The system takes the process's
memory back anyway. ``gc.freeze()`` as the last exit handler moves every
object into the collector's permanent generation, which no collection looks
at: objects are still freed by reference counting as the modules are
cleared, and every other exit handler (multiprocessing's, weakref
finalisers, logging's flush) has run before it.

Only the commands' processes (tasks.py, benchmarks/build_ours.py) call
``collect_nothing_at_exit``; a process that goes on after a build (the test
suite, `invoke serve`) collects as usual until it ends.
"""

from __future__ import annotations

import atexit
import functools
import gc


@functools.cache
def collect_nothing_at_exit() -> None:
    """Freeze every object when the process exits (once, however often called).

    Call it early: exit handlers run in reverse order, so the ones registered
    after it (multiprocessing's, on import) run before the freeze. One that
    runs after it works all the same; only its own garbage is left to the
    collector.
    """
    atexit.register(gc.freeze)
