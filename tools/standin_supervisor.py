"""Keeps the local archive's processes alive: a dead worker or stand-in is started again.

Lambda and AWS's managed services restart what dies; locally this does. Every `CHECK_SECONDS`
it looks at each worker process and at the stand-in (moto) process:

* a dead **worker** is started again after a backoff that doubles with each death in a row
  (1 s, 2 s, 4 s … at most `MAX_BACKOFF`), reset once a worker has lived `STABLE_SECONDS`. Its
  message comes back to the queue when its short lease expires (tools/worker.py), so the filing
  it was processing is processed by the next worker;
* a dead **stand-in** is started again the same way; it restores its state from the data dir
  (nothing acknowledged is lost), the resources are provisioned again (idempotent) and the
  uploads left unfinished are queued again (the queue lived in its memory).

Deaths and restarts are printed, so a person watching `make serve` knows.
"""
from __future__ import annotations

import threading
import time
from typing import Any
from collections.abc import Callable

CHECK_SECONDS = 0.5
MAX_BACKOFF = 30.0
STABLE_SECONDS = 60.0


class Backoff:
    """Seconds to wait before the next restart of one process slot."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.deaths = 0
        self.started = clock()

    def started_now(self) -> None:
        self.started = self.clock()

    def next_delay(self) -> float:
        if self.clock() - self.started >= STABLE_SECONDS:
            self.deaths = 0
        self.deaths += 1
        return min(MAX_BACKOFF, 2.0 ** (self.deaths - 1))


class Supervisor:
    def __init__(self, stack: Any, log: Callable[[str], None] | None = None):
        self.stack = stack
        self.log = log or (lambda m: print(m, flush=True))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)
        self.worker_backoff = [Backoff() for _ in stack._worker_processes]
        self.moto_backoff = Backoff()
        self.restarts = {"worker": 0, "moto": 0}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            try:
                self._check_moto()
                self._check_workers()
            except Exception as exc:  # the supervisor itself must not die; try again next round
                self.log(f"supervisor: {type(exc).__name__}: {exc}")

    def _wait(self, seconds: float) -> bool:
        """Sleep before a restart; False when the stack is stopping meanwhile."""
        return not self._stop.wait(seconds)

    def _check_moto(self) -> None:
        proc = self.stack._moto_process
        if proc is None or proc.poll() is None:
            return
        delay = self.moto_backoff.next_delay()
        self.log(f"the AWS stand-in exited ({proc.returncode}); restarting it in {delay:.0f} s")
        if not self._wait(delay):
            return
        self.stack.spawn_moto()
        self.stack.provision()
        self.moto_backoff.started_now()
        self.restarts["moto"] += 1
        self.log(f"the AWS stand-in is back (state restored; {self.stack.recovered} unfinished uploads queued)")

    def _check_workers(self) -> None:
        for i, proc in enumerate(list(self.stack._worker_processes)):
            if proc.poll() is None:
                continue
            delay = self.worker_backoff[i].next_delay()
            self.log(f"ingest worker {proc.pid} exited ({proc.returncode}); restarting it in {delay:.0f} s")
            if not self._wait(delay):
                return
            self.stack._worker_processes[i] = self.stack.spawn_worker()
            self.worker_backoff[i].started_now()
            self.restarts["worker"] += 1
            self.log(f"ingest worker restarted (pid {self.stack._worker_processes[i].pid})")
