"""Rendering a text stops after its CPU time is up, even if Python drops the
first interruption (raised inside a finaliser, where exceptions are ignored)."""

from __future__ import annotations

import contextlib
import signal
import sys
import time

import pytest

from plugins.model.render import _OutOfTime, _time_limit

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="CPU-time limits need POSIX timers"
)


def burn(seconds: float) -> None:
    """Spend ``seconds`` of this process's CPU time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


class SlowToDrop:
    """An object whose finaliser runs past the time limit."""

    def __del__(self):
        burn(0.2)


def test_an_interruption_python_drops_in_a_finaliser_comes_again(monkeypatch):
    dropped = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)
    started = time.process_time()
    with pytest.raises(_OutOfTime), _time_limit(0.05):
        SlowToDrop()  # dropped at once: the time runs out in its finaliser
        burn(3)
    assert time.process_time() - started < 1.5
    assert any(isinstance(each.exc_value, _OutOfTime) for each in dropped)


def test_an_interruption_caught_inside_the_block_is_followed_by_another():
    started = time.process_time()
    with pytest.raises(_OutOfTime), _time_limit(0.05):
        with contextlib.suppress(_OutOfTime):  # as Python drops one in a finaliser
            burn(3)
        burn(3)
    assert time.process_time() - started < 1.5


@pytest.mark.parametrize("past_the_limit", [True, False])
def test_after_the_block_no_timer_runs_and_the_handler_is_back(past_the_limit):
    before = signal.getsignal(signal.SIGVTALRM)
    try:
        with _time_limit(0.05):
            burn(0.3 if past_the_limit else 0.01)
    except _OutOfTime:
        assert past_the_limit
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGVTALRM) is before
    burn(0.2)  # and nothing interrupts what comes after
