"""Rendering a text stops after its CPU time is up, even if Python drops the
first interruption (raised inside a finaliser, where exceptions are ignored)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys

import pytest

from plugins.model import render
from plugins.model.render import _OutOfTime, _time_limited

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="CPU-time limits need POSIX timers"
)


def user_time() -> float:
    """This process's user-mode CPU time, the time ITIMER_VIRTUAL counts."""
    return os.times().user


def burn(seconds: float) -> None:
    """Spend ``seconds`` of user-mode CPU time (asking the time seldom: asking
    is a system call, which the limit does not count)."""
    end = user_time() + seconds
    while user_time() < end:
        for _ in range(20_000):
            pass


class SlowToDrop:
    """An object whose finaliser runs until it is interrupted."""

    def __del__(self):
        burn(3)


def test_an_interruption_python_drops_in_a_finaliser_comes_again_unreported(
    monkeypatch,
):
    reported, dropped = [], []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    quiet = render._unless_out_of_time

    def seeing(report):
        hook = quiet(report)
        return lambda unraisable: dropped.append(unraisable) or hook(unraisable)

    monkeypatch.setattr(render, "_unless_out_of_time", seeing)
    started = user_time()

    def work() -> None:
        SlowToDrop()  # dropped at once: the time runs out in its finaliser
        burn(3)

    with pytest.raises(_OutOfTime):
        _time_limited(0.05, work)
    assert user_time() - started < 1.5
    assert any(isinstance(each.exc_value, _OutOfTime) for each in dropped)
    assert reported == []  # no "Exception ignored in ..." among the messages
    assert sys.unraisablehook == reported.append


class FailsToDrop:
    def __del__(self):
        raise LookupError("a finaliser's own error")


def test_other_errors_python_drops_while_the_work_runs_are_reported(monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def work() -> int:
        FailsToDrop()
        return 7

    assert _time_limited(5, work) == 7
    assert [type(each.exc_value) for each in reported] == [LookupError]


def test_an_interruption_caught_inside_the_work_is_followed_by_another():
    started = user_time()

    def work() -> None:
        with contextlib.suppress(_OutOfTime):  # as Python drops one in a finaliser
            burn(3)
        burn(3)

    with pytest.raises(_OutOfTime):
        _time_limited(0.05, work)
    assert user_time() - started < 1.5


@pytest.mark.parametrize("past_the_limit", [True, False])
def test_after_the_work_no_timer_runs_and_the_handler_is_back(past_the_limit):
    before = signal.getsignal(signal.SIGVTALRM)
    try:
        assert (
            _time_limited(0.05, lambda: burn(0.3 if past_the_limit else 0.01) or 7) == 7
        )
    except _OutOfTime:
        assert past_the_limit
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGVTALRM) is before
    burn(0.2)  # and nothing interrupts what comes after
