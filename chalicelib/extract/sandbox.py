"""Extraction of one filing in a child process that is bounded in memory and time, and killed.

A hostile PDF can make PDFium allocate gigabytes or loop inside a single call (an inflate bomb:
a few kilobytes of FlateDecode that decode to gigabytes); no check between pages can stop that,
and in-process it takes the worker down with it. So the worker never opens a PDF itself: it
hands the bytes to a child interpreter (``python -m chalicelib.extract.sandbox_child``) that

* runs under ``RLIMIT_AS`` (its address space: an allocation past it fails in the child, which
  raises ``MemoryError`` or is aborted by PDFium's allocator) and, per task, ``RLIMIT_CPU``
  (``SIGXCPU`` kills it);
* is killed (``SIGKILL``) by the parent when no answer came within the wall deadline, and when the
  parent itself is interrupted (the worker's own deadline), so a task never outlives its caller;
* answers with the pickled ``Extraction`` or the ``ExtractionError`` code.

Any overrun, and any death of the child while it holds a document, is ``TooComplex``
(``too_complex``): it is the document's doing, deterministic, and retrying cannot help. A child
that cannot even start is a ``RuntimeError`` (the worker's transient path: SQS retries).

The child is kept warm between filings (starting one imports PDFium, courts-db and eyecite:
seconds) and replaced after ``max_tasks`` documents or any overrun; the successor is spawned at
once and imports while the worker commits the filing before (a worker also warms its first
child when it starts, ``Sandbox.warm``). PDFium is not thread-safe,
so a child holds one document at a time; callers in several threads queue on a lock.

Bounds come from ``chalicelib.config.extraction_bounds`` (the worker function's memory, env).
"""
from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import Any

from chalicelib.config import ExtractionBounds, extraction_bounds
from chalicelib.extract.errors import TooComplex, error_for

__all__ = ["Sandbox", "extract_bounded", "shared", "reset", "EXTRACT"]

EXTRACT = "chalicelib.extract.pipeline:extract"
_FRAME = struct.Struct(">Q")
READY = b"ready"


class ChildDied(Exception):
    """The child's pipe closed: it exited or was killed."""


class _NotDelivered(Exception):
    """The child was gone before it took the document (it cannot have been the document)."""


def write_frame(fd: int, payload: bytes) -> None:
    """A length-prefixed frame; the payload is written from the caller's buffer, not copied."""
    for view in (memoryview(_FRAME.pack(len(payload))), memoryview(payload)):
        while view:
            try:
                n = os.write(fd, view)
            except OSError as exc:  # BrokenPipeError: the reader is gone
                raise _NotDelivered(str(exc)) from None
            view = view[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    """`n` bytes from `fd`, or `TimeoutError` at `deadline` (monotonic), or `ChildDied` at EOF."""
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise ChildDied("end of stream")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float | None = None) -> bytes:
    (size,) = _FRAME.unpack(_read_exact(fd, _FRAME.size, deadline))
    return _read_exact(fd, size, deadline)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


class _Child:
    """One child interpreter and its two pipes. It is spawned at once and greets when its
    imports are done; the first call waits for the greeting (so a replacement starts while the
    worker finishes the filing before)."""

    def __init__(self, bounds: ExtractionBounds, preload: bool = True):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chalicelib.extract.sandbox_child", str(bounds.memory_bytes),
             "preload" if preload else "bare"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True,
            start_new_session=True,  # a terminal's Ctrl-C reaches the worker, which stops it
        )
        self.tasks = 0
        self.greeted = False

    def await_greeting(self, bounds: ExtractionBounds) -> None:
        if self.greeted:
            return
        try:
            if read_frame(self.proc.stdout.fileno(),
                           time.monotonic() + bounds.startup_seconds) != READY:
                raise ChildDied("unexpected greeting")
        except (TimeoutError, ChildDied) as exc:
            self.kill()
            raise RuntimeError(f"the extraction process did not start ({type(exc).__name__}: "
                               f"{_describe_exit(self.proc.poll())})") from None
        self.greeted = True

    def call(self, target: str, data: bytes, kwargs: dict[str, Any], bounds: ExtractionBounds) -> Any:
        self.await_greeting(bounds)
        self.tasks += 1
        meta = pickle.dumps((target, kwargs, bounds.cpu_seconds), protocol=pickle.HIGHEST_PROTOCOL)
        write_frame(self.proc.stdin.fileno(), meta)
        write_frame(self.proc.stdin.fileno(), data)
        return pickle.loads(read_frame(self.proc.stdout.fileno(),
                                        time.monotonic() + bounds.wall_seconds))

    def kill(self) -> int | None:
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        return self.wait()

    def wait(self) -> int | None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return None


class Sandbox:
    """A warm, replaceable child that runs `target(data, **kwargs)` within `bounds`.

    `preload`: import the extraction libraries when a child starts (off only for targets that
    do not extract)."""

    def __init__(self, bounds: ExtractionBounds | None = None, preload: bool = True):
        self.bounds = bounds or extraction_bounds()
        self.preload = preload
        self._child: _Child | None = None
        self._lock = threading.Lock()
        self.started = 0  # children started so far (the bench and tests read it)

    def call(self, target: str, data: bytes, **kwargs: Any) -> Any:
        """`target` ("module:function") applied to `data` in the child; its result, or the
        `ExtractionError` it raised, or `TooComplex` when the child overran or died."""
        with self._lock:
            child = self._child if self._alive() else self._spawn()
            try:
                try:
                    answer = child.call(target, data, kwargs, self.bounds)
                except _NotDelivered:  # it died between filings: once more with a new one
                    self._replace(kill=True)
                    child = self._child
                    answer = child.call(target, data, kwargs, self.bounds)
            except TimeoutError:
                self._replace(kill=True)
                raise TooComplex(f"extraction took longer than {self.bounds.wall_seconds:g} s "
                                 "and was stopped") from None
            except (ChildDied, _NotDelivered):
                status = _describe_exit(self._replace(kill=True))
                raise TooComplex(f"extraction exceeded its memory ({self.bounds.memory_mb} MB) "
                                 f"or CPU ({self.bounds.cpu_seconds} s) limit: the process was "
                                 f"{status}") from None
            except BaseException:  # the caller's own deadline (WorkerTimeout), Ctrl-C, ...
                self._retire(kill=True)
                raise
            kind = answer[0]
            if kind == "ok":
                if child.tasks >= self.bounds.max_tasks:
                    self._replace(kill=False)
                return answer[1]
            if kind == "error":
                _, code, detail = answer
                if code == TooComplex.code:  # its heap may be near the limit: start afresh
                    self._replace(kill=True)
                raise error_for(code, detail)
            raise RuntimeError(f"extraction failed: {answer[1]}: {answer[2]}")

    def warm(self) -> None:
        """Start a child now (a worker at start), so the first filing does not wait for its imports."""
        with self._lock:
            if not self._alive():
                self._spawn()

    def _alive(self) -> bool:
        return self._child is not None and self._child.proc.poll() is None

    def _spawn(self) -> _Child:
        self._child = _Child(self.bounds, self.preload)
        self.started += 1
        return self._child

    def _replace(self, kill: bool) -> int | None:
        """Retire the child and start its successor, which imports while the caller goes on."""
        status = self._retire(kill)
        self._spawn()
        return status

    def _retire(self, kill: bool) -> int | None:
        child, self._child = self._child, None
        if child is None:
            return None
        return child.kill() if kill else child.wait()

    def close(self) -> None:
        with self._lock:
            self._retire(kill=False)


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def shared() -> Sandbox:
    """The process's one sandbox (created on first use: the API never starts one)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Sandbox()
            atexit.register(_shared.close)
        return _shared


def reset() -> None:
    """Retire the shared sandbox; the next filing starts one with the bounds then in force."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
        _shared = None


def extract_bounded(data: bytes, **kwargs: Any) -> Any:
    """`chalicelib.extract.pipeline.extract(data, **kwargs)`, run in the bounded child."""
    return shared().call(EXTRACT, data, **kwargs)
