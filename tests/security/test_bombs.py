"""Issue #10 item 4: a hostile PDF costs its own filing (`failed`/`too_complex`), never the
worker. Real inflate bombs (tests/security/bombs.py) through the sandboxed child, the limits
one by one with stand-ins that behave the same every run, and the whole worker path."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from chalicelib.config import ExtractionBounds, extraction_bounds
from chalicelib.extract.errors import TooComplex
from chalicelib.extract.sandbox import EXTRACT, Sandbox
from tests.security import bombs

ROOT = Path(__file__).resolve().parents[2]
ORDER = (ROOT / "fixtures" / "pdfs" / "syn01.pdf").read_bytes()
TARGETS = "tests.security.sandbox_targets"
MB = 1 << 20


def bounds(**kw) -> ExtractionBounds:
    return ExtractionBounds(**{"memory_bytes": 768 * MB, "cpu_seconds": 60, "wall_seconds": 60, **kw})


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox(bounds(wall_seconds=30))
    yield box
    box.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("name", sorted(bombs.BOMBS))
def test_every_bomb_ends_too_complex_and_the_next_filing_still_reads(sandbox, name):
    bomb = bombs.BOMBS[name]()
    assert len(bomb) < 5 * MB  # small files: the damage is all in what they inflate to
    with pytest.raises(TooComplex):
        sandbox.call(EXTRACT, bomb)
    assert sandbox.call(EXTRACT, ORDER).case_id == "cand-19-cv-07123"


def test_a_call_that_never_returns_is_killed_at_the_wall_deadline():
    box = Sandbox(bounds(wall_seconds=0.5), preload=False)
    try:
        pid = box.call(f"{TARGETS}:pid", b"")
        with pytest.raises(TooComplex, match="longer than 0.5 s"):
            box.call(f"{TARGETS}:sleep_forever", b"")
        assert _gone(pid)
        assert box.call(f"{TARGETS}:pid", b"") != pid  # a fresh child took over
    finally:
        box.close()


def test_cpu_past_the_limit_ends_the_child():
    box = Sandbox(bounds(cpu_seconds=1), preload=False)
    try:
        with pytest.raises(TooComplex, match="SIGXCPU"):
            box.call(f"{TARGETS}:spin_forever", b"")
    finally:
        box.close()


def test_memory_past_the_limit_is_too_complex_not_a_dead_worker():
    box = Sandbox(bounds(memory_bytes=512 * MB), preload=False)
    try:
        with pytest.raises(TooComplex, match="memory"):
            box.call(f"{TARGETS}:allocate", b"", gib=2)
        assert box.call(f"{TARGETS}:echo_length", b"12345") == 5
    finally:
        box.close()


def test_the_workers_own_deadline_takes_the_child_with_it():
    from chalicelib.services.process import WorkerTimeout, deadline

    box = Sandbox(bounds(), preload=False)
    try:
        pid = box.call(f"{TARGETS}:pid", b"")
        with pytest.raises(WorkerTimeout), deadline(0.5):
            box.call(f"{TARGETS}:sleep_forever", b"")
        assert _gone(pid)
        assert box.call(f"{TARGETS}:echo_length", b"abc") == 3
    finally:
        box.close()


def test_a_child_that_died_between_filings_is_replaced_without_failing_the_next():
    box = Sandbox(bounds())
    try:
        pid = box.call(f"{TARGETS}:pid", b"")
        os.kill(pid, signal.SIGKILL)
        box._child.proc.wait()
        assert box.call(EXTRACT, ORDER).page_count == 4
        assert box.started == 2
    finally:
        box.close()


def test_a_bug_in_the_child_is_transient_not_the_documents_fault():
    box = Sandbox(bounds(), preload=False)
    try:
        with pytest.raises(RuntimeError, match="JSONDecodeError"):
            box.call("json:loads", b"not json")
    finally:
        box.close()


def test_a_child_is_reused_then_retired_after_max_tasks_and_its_successor_starts_at_once():
    box = Sandbox(bounds(max_tasks=3), preload=False)
    try:
        pids = [box.call(f"{TARGETS}:pid", b"") for _ in range(3)]
        assert len(set(pids)) == 1
        assert box.started == 2 and box._child is not None  # spawned before the next filing asks
        successor = box._child.proc.pid
        assert box.call(f"{TARGETS}:pid", b"") == successor != pids[0]
    finally:
        box.close()


def test_a_warmed_sandbox_hands_the_first_filing_to_the_child_it_started():
    box = Sandbox(bounds(), preload=False)
    try:
        box.warm()
        box.warm()  # idempotent while that child lives
        assert box.started == 1
        assert box.call(f"{TARGETS}:pid", b"") == box._child.proc.pid
        assert box.started == 1
    finally:
        box.close()


def test_an_overrun_starts_the_successor_at_once():
    box = Sandbox(bounds(wall_seconds=0.5), preload=False)
    try:
        with pytest.raises(TooComplex):
            box.call(f"{TARGETS}:sleep_forever", b"")
        assert box.started == 2 and box._child is not None and box._child.proc.poll() is None
        assert box.call(f"{TARGETS}:echo_length", b"ab") == 2
    finally:
        box.close()


@pytest.mark.parametrize("env,memory_mb,wall", [
    ({}, 3008 - 768, 45.0),
    ({"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "2048"}, 2048 - 768, 45.0),
    ({"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024"}, 512, 45.0),
    ({"ARCHIVE_EXTRACT_MEMORY_MB": "900", "ARCHIVE_EXTRACT_TIMEOUT_S": "12"}, 900, 12.0),
])
def test_bounds_follow_the_functions_declared_memory(env, memory_mb, wall):
    got = extraction_bounds(env)
    assert (got.memory_mb, got.wall_seconds) == (memory_mb, wall)
    assert got.cpu_seconds >= wall


# ------------------------------------------------------------------ the whole worker path
@pytest.fixture
def small_sandbox(monkeypatch):
    from chalicelib.extract import sandbox as module

    monkeypatch.setenv("ARCHIVE_EXTRACT_MEMORY_MB", "768")
    monkeypatch.setenv("ARCHIVE_EXTRACT_TIMEOUT_S", "30")
    module.reset()
    yield
    module.reset()


def test_an_uploaded_bomb_ends_failed_too_complex_and_the_worker_goes_on(archive, small_sandbox):
    resp = archive.upload(bombs.double_deflate_bomb())
    assert resp.status_code == 202
    archive.drain()
    got = archive.get(f"/filings/{resp.json['id']}").json
    assert got["status"] == "failed" and got["error"]["code"] == "too_complex", got
    assert archive.get(f"/filings/{resp.json['id']}/content").status_code == 302  # bytes kept
    assert archive.ingest(ORDER)["status"] == "ready"
