"""The bulk uploader: hash files, ask the archive about them in batches, PUT the missing bytes.

For many files the archive is asked in batches (``POST /uploads/batch``, up to 100 files a
request): each file comes back "already archived as …" or with a presigned, checksum-bound PUT,
so a bulk upload costs about one API call per hundred files and the bytes go straight to S3.
Archives without the batch route, and dry runs, use the per-file routes (:mod:`.single`).
This module schedules the work; what each step does to a file on a worker thread is :mod:`.jobs`.

* Concurrency is bounded: one pool of ``workers`` threads hashes, asks and PUTs.
* What only needed waiting (429, 5xx, connection errors) the API client retries, with backoff
  and ``Retry-After``; an expired presigned URL is replaced once. Nothing else is retried.
* The journal (:mod:`.journal`) answers for files an earlier run archived *in this archive*
  (its identity comes from ``GET /health``): no request at all for them. Entries of another or a
  reset archive are verified by SHA-256 like any other file, and what is missing is sent again.
* ``KeyboardInterrupt`` (Ctrl-C, or raised from a callback) stops the run: queued work is
  cancelled, uploads in flight finish and are journaled, the partial report has ``interrupted``.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import datetime, UTC
from typing import Any

from .api import BATCH_LIMIT, DIRECT_UPLOAD_LIMIT, ArchiveClient, ArchiveError
from .jobs import NOT_A_PDF, Job, JobSteps, as_twin, take_filing
from .journal import Journal
from .manifest import UploadItem
from .models import ARCHIVED, UPLOAD, BatchAnswer, Filing
from .report import DUPLICATE, EXISTS, FAILED, SKIPPED, UPLOADED, FileResult, UploadReport
from .single import EMPTY_FILE, SingleUploader, describe, fatal_for_run
from .waiting import Waiter

BATCH_UNSUPPORTED = frozenset({404, 405, 501})


def _unsupported(exc: ArchiveError) -> bool:
    """An archive without the batch route: 404/405, or API Gateway's 403 for an unknown route
    (``{"message": "Missing Authentication Token"}``, not the archive's problem+json)."""
    return exc.status in BATCH_UNSUPPORTED or (exc.status == 403 and "title" not in exc.problem)


class Uploader:
    """Uploads many files. UI-agnostic: progress goes to callbacks.

    ``on_result(result)`` is called on the calling thread as each file finishes; ``on_bytes(n)``
    from worker threads as bytes really go out.
    """

    def __init__(self, client: ArchiveClient, *, workers: int = 8, journal: Journal | None = None,
                 direct_limit: int = DIRECT_UPLOAD_LIMIT, wait: bool = False, wait_timeout: float = 300.0,
                 dry_run: bool = False, check_server: bool = True, batch_size: int = BATCH_LIMIT,
                 use_batch: bool = True) -> None:
        self.client = client
        self.workers = max(1, workers)
        self.journal = journal or Journal(None, client.base_url)
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.dry_run = dry_run
        self.check_server = check_server
        self.batch_size = max(1, min(batch_size, BATCH_LIMIT))
        self.use_batch = use_batch and check_server and not dry_run
        single = SingleUploader(client, direct_limit=direct_limit, dry_run=dry_run, check_server=check_server)
        self.steps = JobSteps(client, self.journal, single)  # the work handed to the worker threads
        self._stop = threading.Event()
        self.fatal: str | None = None  # why the run stopped early (a key without write scope, no archive)

    def stop(self) -> None:
        self._stop.set()

    # ------------------------------------------------------------------ the run (calling thread)
    def run(self, items: list[UploadItem], *, on_start: Callable[[UploadItem], None] | None = None,
            on_result: Callable[[FileResult], None] | None = None,
            on_bytes: Callable[[int], None] | None = None) -> UploadReport:
        """Upload ``items``; with ``wait``, also poll each new filing until it is processed.

        Waiting never holds an upload slot: uploads keep flowing while a small poller pool
        checks the filings already sent (each at a growing interval, 0.5 s up to 5 s).
        """
        return _Run(self, items, on_start, on_result, on_bytes).execute()

    def _bind_archive(self, report: UploadReport) -> None:
        """Trust the journal only for this archive: ask it who it is."""
        if not self.check_server:
            return
        try:
            health = self.client.health()
        except Exception as exc:  # noqa: BLE001
            if fatal_for_run(exc):
                self.fatal = describe(exc, self.client.base_url)
                self._stop.set()
            return
        report.archive_id = health.get("archive_id")
        self.journal.bind(report.archive_id)


class _Run:
    """One :meth:`Uploader.run` on the calling thread: its pools, the work in flight, the report.

    Work in flight has a kind: ``prepare`` (hash and check a file) and ``ask`` (a batch question)
    run beside the senders, ``put`` and ``one`` (send a file's bytes) on them.
    """

    def __init__(self, up: Uploader, items: list[UploadItem], on_start: Callable[[UploadItem], None] | None,
                 on_result: Callable[[FileResult], None] | None, on_bytes: Callable[[int], None] | None) -> None:
        self.up, self.items = up, items
        self.on_start, self.on_result, self.on_bytes = on_start, on_result, on_bytes
        self.report = UploadReport(started_at=datetime.now(UTC).isoformat(timespec="seconds"), dry_run=up.dry_run)
        self.started = time.monotonic()
        self.requests_before = up.client.api_requests  # api_calls counts this run's only
        # Senders (PUTs, per-file uploads) get the workers; hashing and asking run beside them so
        # the next batch is ready before the senders run dry.
        self.pool = ThreadPoolExecutor(max_workers=up.workers, thread_name_prefix="upload")
        self.side = ThreadPoolExecutor(max_workers=2, thread_name_prefix="upload-plan")
        self.waiter = Waiter(up.client, workers=min(4, up.workers), timeout=up.wait_timeout)
        self.running: dict[Future[Any], tuple[str, Any]] = {}
        self.claimed: dict[str, Job] = {}  # sha → the job sending these bytes in this run
        self.pending: list[Job] = []        # hashed, not yet asked about
        self.queue = iter(items)
        self.exhausted = False
        # Batches grow (workers, 2×, 4×, … up to batch_size): the first answer comes back fast and
        # the senders start, while the next, larger batch is asked for beside them.
        self.size = min(up.batch_size, up.workers)
        self.handlers: dict[str, Callable[[Any, Future[Any]], None]] = {
            "prepare": self._prepared, "ask": self._answered, "put": self._put_done, "one": self._one_done}

    @property
    def stopped(self) -> bool:
        return self.up._stop.is_set()

    def execute(self) -> UploadReport:
        try:
            self.up._bind_archive(self.report)
            self._refill()
            while self.running or self.waiter.busy or (self.pending and not self.stopped):
                self._turn()
        except BaseException as exc:
            self._interrupted()
            if not isinstance(exc, KeyboardInterrupt):
                raise
            return self.report
        self.side.shutdown(wait=True)
        self.pool.shutdown(wait=True)
        self.waiter.close()
        self._close()
        return self.report

    def _turn(self) -> None:
        """Handle the work that finished (or sleep until a poll is due), the filings done waiting, refill."""
        watched = set(self.running) | self.waiter.futures()
        if not watched:
            if self.pending and not self.stopped:
                self._flush()
                return
            self.waiter.idle()
        else:
            done, _ = wait(watched, timeout=self.waiter.next_timeout(), return_when=FIRST_COMPLETED)
            for fut in done:
                if fut in self.running:
                    kind, payload = self.running.pop(fut)
                    self.handlers[kind](payload, fut)
        for _, group, filing, note in self.waiter.step():
            self._polled(group, filing, note)
        self._refill()

    def _interrupted(self) -> None:
        """Ctrl-C (or a callback raising): cancel what is queued, let what is in flight finish
        (and be journaled), then report what got done."""
        self.report.interrupted = True
        self.up._stop.set()
        for fut in self.running:
            fut.cancel()
        self.side.shutdown(wait=True, cancel_futures=True)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.waiter.close()
        self.on_result = None  # the callback that raised is not called again
        for fut, (kind, payload) in list(self.running.items()):
            if kind in ("put", "one") and fut.done() and not fut.cancelled():
                self.handlers[kind](payload, fut)
        for group in self.waiter.groups():
            self.report.results.extend(j.result for j in group)  # accepted, not yet processed
        self._close()

    def _close(self) -> None:
        report = self.report
        self.up.journal.close()
        report.seconds = time.monotonic() - self.started
        report.aborted = self.up.fatal
        report.not_attempted = len(self.items) - len(report.results)
        report.api_calls = self.up.client.api_requests - self.requests_before

    # -- outcomes
    def _finish(self, job_or_result: Job | FileResult) -> None:
        res = job_or_result.result if isinstance(job_or_result, Job) else job_or_result
        if isinstance(job_or_result, Job):
            res.seconds = time.monotonic() - job_or_result.started
        self.report.results.append(res)
        if self.on_result:
            self.on_result(res)

    def _settle(self, job: Job, filing: Filing | None = None, error: BaseException | str | None = None,
                known_id: str | None = None) -> None:
        """The file's outcome is known: journal it, wait for it, or finish it (and its twins)."""
        res = job.result
        if error is not None:
            self._failed(res, error)
        elif filing is not None or known_id:
            self._archived(job, filing, known_id)
        for twin in job.twins:
            as_twin(twin, res)
        group = [job, *job.twins]
        job.settled = True
        if (self.up.wait and not self.stopped and res.outcome != FAILED and res.filing_id and filing is not None
                and not filing.terminal):
            job.waiting = True
            self.waiter.add(res.filing_id, group)
        else:
            for j in group:
                self._finish(j)

    def _failed(self, res: FileResult, error: BaseException | str) -> None:
        res.outcome = FAILED
        res.error = error if isinstance(error, str) else describe(error, self.up.client.base_url)
        if isinstance(error, BaseException) and fatal_for_run(error):
            self.up.fatal = self.up.fatal or res.error
            self.up._stop.set()

    def _archived(self, job: Job, filing: Filing | None, known_id: str | None) -> None:
        """The archive holds the file: its filing into the result, and into the journal."""
        res = job.result
        res.filing_id = filing.id if filing else known_id
        if filing is not None:
            take_filing(res, filing)
        self.up.journal.record(job.item, job.sha, res.filing_id or "", res.status or "", res.outcome, res.case_id)

    def _polled(self, group: list[Job], filing: Filing | None, note: str | None) -> None:
        if filing is not None and filing.terminal:
            self.up.journal.update_status(group[0].sha, filing.status, filing.case_id)
        for job in group:
            if filing is not None:
                take_filing(job.result, filing)
            job.result.note = note or job.result.note
            self._finish(job)

    # -- scheduling
    def _submit(self, kind: str, fn: Callable[..., Any], *args: Any, payload: Any = None) -> None:
        executor = self.side if kind in ("prepare", "ask") else self.pool
        self.running[executor.submit(fn, *args)] = (kind, payload)

    def _count(self, *kinds: str) -> int:
        return sum(1 for kind, _ in self.running.values() if kind in kinds)

    def _refill(self) -> None:
        """Hash more files, not too far ahead of the asking; then ask about or send what is ready."""
        busy = self._count("prepare")
        while busy < self.up.workers * 2 and len(self.pending) < self.up.batch_size * 2 and not self.stopped:
            item = next(self.queue, None)
            if item is None:
                self.exhausted = True
                break
            if self.on_start:
                self.on_start(item)
            self._submit("prepare", self.up.steps.prepare, item, payload=item)
            busy += 1
        self._flush()

    def _flush(self) -> None:
        if self.up.use_batch:
            self._ask_batches()
        else:
            self._send_each()

    def _send_each(self) -> None:
        """One file per request: keep the senders busy, no more."""
        sending = self._count("put", "one")
        while self.pending and sending < self.up.workers * 2 and not self.stopped:
            job = self.pending.pop(0)
            self._submit("one", self.up.steps.one, job, self.on_bytes, payload=job)
            sending += 1

    def _ask_batches(self) -> None:
        asking, sending, hashing = self._count("ask"), self._count("put", "one"), self._count("prepare") > 0
        while self.pending and not self.stopped:
            # full, and not so far ahead of the senders that presigned URLs would expire
            full = len(self.pending) >= self.size and sending < self.up.batch_size * 2
            idle = sending < self.up.workers and asking == 0  # the senders would starve: ask now
            last = self.exhausted and not hashing
            if not (full or idle or last) or asking >= 2:
                return
            batch, self.pending[:] = self.pending[:self.size], self.pending[self.size:]
            self._submit("ask", self.up.steps.ask, batch, payload=batch)
            asking += 1
            self.size = min(self.up.batch_size, self.size * 2)

    # -- work done (one handler per kind)
    def _prepared(self, item: UploadItem, fut: Future[Any]) -> None:
        """A file is hashed: skipped (this archive's journal has it), a twin, or on to be asked about."""
        try:
            job = fut.result()
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
            error = str(exc) if str(exc) in (EMPTY_FILE, NOT_A_PDF) else describe(exc, self.up.client.base_url)
            self._finish(FileResult(path=str(item.path), size=item.size, outcome=FAILED, hints=item.hints, error=error))
            return
        journal = self.up.journal
        done = journal.done(job.sha)
        if done and job.sha in journal.previous:
            job.result.outcome, job.result.filing_id = SKIPPED, done.get("filing_id")
            job.result.status, job.result.case_id = done.get("status"), done.get("case_id")
            self._finish(job)
            return
        if job.sha in journal.foreign:
            self.report.reverified += 1
            job.result.note = "the journal had it for another (or a reset) archive: verified by SHA-256"
        first = self.claimed.get(job.sha)
        if first is not None:  # the same bytes again: the first one's answer is this one's too
            self._follow(job, first)
            return
        self.claimed[job.sha] = job
        self.pending.append(job)

    def _follow(self, job: Job, first: Job) -> None:
        if not first.settled:
            first.twins.append(job)
            return
        as_twin(job, first.result)
        if first.waiting and first.result.filing_id and self.waiter.waits_for(first.result.filing_id):
            self.waiter.add(first.result.filing_id, [job])
        else:
            self._finish(job)

    def _answered(self, batch: list[Job], fut: Future[Any]) -> None:
        try:
            answers = fut.result()
        except Exception as exc:  # noqa: BLE001
            if isinstance(exc, ArchiveError) and _unsupported(exc):  # an older archive: per file from now on
                self.up.use_batch = False
                self.pending[:0] = batch
                return
            for job in batch:
                self._settle(job, error=exc)
            return
        for job, answer in zip(batch, answers):
            job.result.method = "batch"
            if answer.outcome == ARCHIVED:
                job.result.outcome = EXISTS
                self._settle(job, answer.filing, known_id=answer.id)
            elif answer.outcome == UPLOAD and answer.upload is not None:
                self._submit("put", self.up.steps.put, job, answer.upload, self.on_bytes, payload=(job, answer))
            else:
                self._settle(job, error=answer.error_message)

    def _put_done(self, sent: tuple[Job, BatchAnswer], fut: Future[Any]) -> None:
        job, answer = sent
        try:
            fut.result()
        except Exception as exc:  # noqa: BLE001
            self._settle(job, error=exc)
            return
        job.result.outcome = UPLOADED
        filing = answer.filing
        if filing is not None and filing.status == "awaiting_upload":
            filing = replace(filing, status="processing")
        self._settle(job, filing, known_id=answer.id)

    def _one_done(self, job: Job, fut: Future[Any]) -> None:
        try:
            filing = fut.result()
        except Exception as exc:  # noqa: BLE001
            self._settle(job, error=exc)
            return
        if filing is None:  # a dry run that would send it
            job.settled = True
            self._finish(job)
            for twin in job.twins:
                twin.result.outcome = DUPLICATE
                self._finish(twin)
            return
        self._settle(job, filing)
