"""The worker's time limit: stop with WorkerTimeout a little before Lambda would kill the invocation."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class WorkerTimeout(Exception):
    """The invocation is about to run out of time: stop and say so rather than be killed."""


@contextmanager
def deadline(seconds: float | None):
    """Raise WorkerTimeout after `seconds` (main thread only, where Lambda runs handlers).

    A Lambda killed at its timeout never reaches the code that marks the filing failed, and the
    filing would say `processing` forever once SQS gives up; stopping a little earlier keeps the
    promise that a filing that keeps failing says `failed`.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(*_: object) -> None:
        raise WorkerTimeout(f"no result within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
