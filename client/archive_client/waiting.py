"""Waiting for filings to be processed, without holding an upload slot.

A small poller pool checks each filing at a growing interval (0.5 s up to 5 s) until it is
``ready`` or ``failed`` or its deadline passes. Not reaching a final status is not a failure:
the archive holds the bytes and reports the filing's status as it stands.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from .api import ArchiveClient
from .models import Filing

FIRST_POLL = 0.3
INTERVAL = 0.5
MAX_INTERVAL = 5.0


class Waiter:
    """Groups of waiters per filing id; :meth:`step` submits due polls and returns settled groups."""

    def __init__(self, client: ArchiveClient, *, workers: int = 4, timeout: float = 300.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._groups: dict[str, list[Any]] = {}
        self._schedule: dict[str, tuple[float, float, float]] = {}  # id → (next poll, interval, deadline)
        self._polls: dict[Future[Filing], str] = {}

    @property
    def busy(self) -> bool:
        return bool(self._groups)

    def add(self, filing_id: str, group: list[Any]) -> None:
        if filing_id not in self._groups:
            now = self.clock()
            self._schedule[filing_id] = (now + FIRST_POLL, INTERVAL, now + self.timeout)
        self._groups.setdefault(filing_id, []).extend(group)

    def waits_for(self, filing_id: str) -> bool:
        return filing_id in self._groups

    def groups(self) -> list[list[Any]]:
        return list(self._groups.values())

    def futures(self) -> set[Future[Filing]]:
        return set(self._polls)

    def next_timeout(self) -> float | None:
        """How long the caller may block before :meth:`step` has work (None: no polls pending)."""
        if self._polls:
            return 0.5
        if not self._schedule:
            return None
        return max(0.0, min(due for due, _, _ in self._schedule.values()) - self.clock())

    def idle(self) -> None:
        """Nothing else to do: sleep until the next poll is due."""
        self.sleep(self.next_timeout() or 0.0)

    def step(self) -> list[tuple[str, list[Any], Filing | None, str | None]]:
        """Collect finished polls; return (filing id, group, last filing seen, note) for each
        filing that is done waiting; submit the polls that are due."""
        settled = []
        for fut in [f for f in self._polls if f.done()]:
            fid = self._polls.pop(fut)
            _, interval, deadline = self._schedule[fid]
            filing, note = None, None
            try:
                filing = fut.result()
            except Exception as exc:  # noqa: BLE001 - a failed poll is retried until the deadline
                note = f"while waiting: {exc}"
            now = self.clock()
            if filing is not None and filing.terminal:
                note = None
            elif now < deadline:
                self._schedule[fid] = (now + interval, min(MAX_INTERVAL, interval * 1.5), deadline)
                continue
            elif filing is not None and note is None:
                note = f"still {filing.status} after waiting {self.timeout:.0f}s"
            del self._schedule[fid]
            settled.append((fid, self._groups.pop(fid), filing, note))
        now = self.clock()
        busy = set(self._polls.values())
        for fid, (due, _, _) in list(self._schedule.items()):
            if due <= now and fid not in busy:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="upload-poll")
                self._polls[self._pool.submit(self.client.get_filing, fid)] = fid
        return settled

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
