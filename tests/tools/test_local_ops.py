"""Pure parts of the local stack's operations: restart backoff, worker liveness, the request log,
stopping processes."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from chalicelib.domain import health
from chalicelib.config import extraction_bounds
from tools import request_log
from tools.localstack import WORKER_NICENESS, background_worker, local_extract_bounds, terminate
from tools.standin_supervisor import MAX_BACKOFF, STABLE_SECONDS, Backoff


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_doubles_while_a_process_keeps_dying_and_resets_once_it_lived():
    clock = FakeClock()
    backoff = Backoff(clock)
    delays = []
    for _ in range(7):
        delays.append(backoff.next_delay())
        backoff.started_now()
        clock.now += 1  # died a second after each start
    assert delays == [1, 2, 4, 8, 16, MAX_BACKOFF, MAX_BACKOFF]
    clock.now += STABLE_SECONDS
    assert backoff.next_delay() == 1


NOW = 10_000.0


@pytest.mark.parametrize("beats,expect,oldest,alive,verdict", [
    ([{"epoch": NOW - 3}], True, None, True, "ok"),
    ([{"epoch": NOW - 3}, {"epoch": NOW - 500}], True, 2.0, True, "ok"),
    ([{"epoch": NOW - 95}], True, 0.0, False, "down: last heartbeat 95 s ago"),
    ([], True, None, False, "down: no heartbeat"),
    ([], False, None, None, "ok"),                      # Lambda: no heartbeats, nothing waiting
    ([], False, 30.0, None, "ok"),                      # Lambda: a short wait is normal
    ([], False, 2000.0, False, "stalled: the oldest message has waited 2000 s"),
    ([{"epoch": NOW - 1}], False, 2000.0, True, "ok"),  # a worker beats: busy, not stalled
])
def test_worker_liveness(beats, expect, oldest, alive, verdict):
    section, said = health.worker_health(beats, NOW, expect_heartbeats=expect, oldest_age=oldest)
    assert (section.alive, said) == (alive, verdict)
    assert section.workers == sum(1 for b in beats if NOW - b["epoch"] <= health.HEARTBEAT_FRESH_SECONDS)


class Event:
    def __init__(self, headers: dict[str, str]) -> None:
        self.method, self.path, self.headers = "GET", "/filings/{filing_id}", headers
        self.context = {"path": "/filings/fl_1"}


class Response:
    status_code = 404


def test_the_request_log_names_the_key_id_never_the_key():
    out = io.StringIO()
    key = "ca_3ccssvkkf62w_tcWsTCEZ8VuqOQtkUAPWhHKAvT2hVzZkirG1u1Xn"
    log = request_log.middleware(lambda: out)
    assert log(Event({"authorization": f"Bearer {key}"}), lambda e: Response()).status_code == 404
    log(Event({}), lambda e: Response())
    first, second = out.getvalue().splitlines()
    assert first.startswith("GET /filings/fl_1 404 ") and first.endswith(" ms key=3ccssvkkf62w")
    assert second.endswith("key=-")
    assert "tcWsTCEZ" not in out.getvalue()


BOUNDS = [  # what the caller set, the local worker's wall and CPU seconds
    ({}, 300.0, 50),
    ({"ARCHIVE_EXTRACT_TIMEOUT_S": "10"}, 10.0, 50),
    ({"ARCHIVE_EXTRACT_CPU_S": "7"}, 300.0, 7),
    ({"ARCHIVE_EXTRACT_TIMEOUT_S": "15", "ARCHIVE_EXTRACT_CPU_S": "20"}, 15.0, 20),
]


@pytest.mark.parametrize("env, wall, cpu", BOUNDS)
def test_make_serve_gives_a_busy_machine_time_but_keeps_the_cpu_budget(env, wall, cpu):
    local = {**env, **local_extract_bounds(env)}
    bounds = extraction_bounds(local)
    assert (bounds.wall_seconds, bounds.cpu_seconds) == (wall, cpu)
    assert extraction_bounds({}).wall_seconds == 45  # AWS keeps Lambda's margin


def test_ingest_workers_yield_the_cpu_to_the_api_and_the_cli():
    child = subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"], preexec_fn=background_worker,
                           capture_output=True, text=True, check=True)
    assert int(child.stdout) == min(19, os.nice(0) + WORKER_NICENESS)


class StubbornProcess:
    """A process that ignores SIGTERM: `wait` spends the whole timeout on the clock, then times out."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock, self.signals, self.reaped = clock, [], False

    def terminate(self) -> None:
        self.signals.append("TERM")

    def kill(self) -> None:
        self.signals.append("KILL")

    def wait(self, timeout: float | None = None) -> int:
        if "KILL" in self.signals:
            self.reaped = True
            return -9
        assert timeout is not None
        self.clock.now += timeout
        raise subprocess.TimeoutExpired("worker", timeout)


@pytest.mark.parametrize("count", [1, 2, 4])
def test_stopping_busy_workers_takes_one_grace_period_not_one_each(count):
    """Ctrl-C with two busy workers took 22 s: each worker waited a 10 s timeout of its own."""
    clock = FakeClock()
    procs = [StubbornProcess(clock) for _ in range(count)]
    start = clock.now
    terminate(procs, timeout=10, clock=clock)
    assert clock.now - start == 10
    assert all(p.signals == ["TERM", "KILL"] and p.reaped for p in procs)
