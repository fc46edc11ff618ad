"""The bulk uploader: hash files, ask the archive about them in batches, PUT the missing bytes.

For many files the archive is asked in batches (``POST /uploads/batch``, up to 100 files a
request): each file comes back "already archived as …" or with a presigned, checksum-bound PUT,
so a bulk upload costs about one API call per hundred files and the bytes go straight to S3.
Archives without the batch route, and dry runs, use the per-file routes (:mod:`.single`).

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
from dataclasses import dataclass, field, replace
from datetime import datetime, UTC
from typing import Any

from .api import BATCH_LIMIT, DIRECT_UPLOAD_LIMIT, ArchiveClient, ArchiveError, sha256_file
from .journal import Journal
from .manifest import UploadItem
from .models import ARCHIVED, UPLOAD, BatchAnswer, Filing, PresignedUpload
from .report import DUPLICATE, EXISTS, FAILED, SKIPPED, UPLOADED, FileResult, UploadReport
from .single import EMPTY_FILE, SingleUploader, describe, fatal_for_run, put_file
from .waiting import Waiter

BATCH_UNSUPPORTED = frozenset({404, 405, 501})
PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # real filings carry stray bytes before the header; the archive looks this far
NOT_A_PDF = f"not a PDF: no %PDF- header in its first {PDF_HEADER_WINDOW} bytes"


@dataclass
class _Job:
    """A hashed file on its way through the pipeline."""

    item: UploadItem
    result: FileResult
    sha: str
    started: float
    twins: list[_Job] = field(default_factory=list)  # the same bytes under other paths in this run
    settled: bool = False   # its outcome is known
    waiting: bool = False   # …and it waits for processing


def _as_twin(twin: _Job, first: FileResult) -> None:
    """``twin`` has the same bytes as ``first``: the same filing, reported as a duplicate."""
    res = twin.result
    res.filing_id, res.status, res.case_id, res.case_name = first.filing_id, first.status, first.case_id, first.case_name
    res.outcome = DUPLICATE if first.outcome != FAILED else FAILED
    res.error = None if first.outcome != FAILED else f"same bytes as {first.path}: {first.error}"


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
        self.single = SingleUploader(client, direct_limit=direct_limit, dry_run=dry_run, check_server=check_server)
        self._stop = threading.Event()
        self.fatal: str | None = None  # why the run stopped early (a key without write scope, no archive)
        self._requests_before = 0

    def stop(self) -> None:
        self._stop.set()

    # ------------------------------------------------------------------ steps (worker threads)
    def _prepare(self, item: UploadItem) -> _Job:
        result = FileResult(path=str(item.path), size=item.size, outcome=FAILED, hints=item.hints)
        job = _Job(item, result, "", time.monotonic())
        item.size = result.size = item.path.stat().st_size
        if item.size == 0:
            raise ValueError(EMPTY_FILE)
        with item.path.open("rb") as fh:  # the archive's own rule; the worker would fail it later
            if PDF_MAGIC not in fh.read(PDF_HEADER_WINDOW + len(PDF_MAGIC)):
                raise ValueError(NOT_A_PDF)
        job.sha = result.sha256 = self.journal.sha_for(item.path) or sha256_file(item.path)
        return job

    def _ask(self, jobs: list[_Job]) -> list[BatchAnswer]:
        answers = self.client.batch_uploads([
            {"sha256": j.sha, "size": j.item.size, "filename": j.item.filename, "hints": j.item.hints}
            for j in jobs])
        if len(answers) != len(jobs):
            raise ArchiveError(502, "the batch answer does not match the request",
                               f"{len(jobs)} files asked, {len(answers)} answered")
        return answers

    def _put(self, job: _Job, upload: PresignedUpload, on_bytes: Callable[[int], None] | None) -> None:
        def counted(n: int) -> None:
            job.result.bytes_sent += n
            if on_bytes:
                on_bytes(n)

        def fresh() -> PresignedUpload | None:
            again = self._ask([job])[0]
            return again.upload if again.outcome == UPLOAD else None

        put_file(self.client, upload, job.item.path, counted, fresh)

    def _one(self, job: _Job, on_bytes: Callable[[int], None] | None) -> Filing | None:
        return self.single.upload(job.item, job.sha, job.result, on_bytes)

    # ------------------------------------------------------------------ the run (calling thread)
    def run(self, items: list[UploadItem], *, on_start: Callable[[UploadItem], None] | None = None,  # noqa: C901  (one pass over many cases; split pending, #14)
            on_result: Callable[[FileResult], None] | None = None,
            on_bytes: Callable[[int], None] | None = None) -> UploadReport:
        """Upload ``items``; with ``wait``, also poll each new filing until it is processed.

        Waiting never holds an upload slot: uploads keep flowing while a small poller pool
        checks the filings already sent (each at a growing interval, 0.5 s up to 5 s).
        """
        report = UploadReport(started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                              dry_run=self.dry_run)
        started = time.monotonic()
        # Senders (PUTs, per-file uploads) get the workers; hashing and asking run beside them so
        # the next batch is ready before the senders run dry.
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="upload")
        side = ThreadPoolExecutor(max_workers=2, thread_name_prefix="upload-plan")
        waiter = Waiter(self.client, workers=min(4, self.workers), timeout=self.wait_timeout)
        running: dict[Future[Any], tuple[str, Any]] = {}
        claimed: dict[str, _Job] = {}  # sha → the job sending these bytes in this run
        pending: list[_Job] = []        # hashed, not yet asked about
        queue = iter(items)
        exhausted = [False]
        # Batches grow (workers, 2×, 4×, … up to batch_size): the first answer comes back fast and
        # the senders start, while the next, larger batch is asked for beside them.
        size = [min(self.batch_size, self.workers)]

        def finish(job_or_result: _Job | FileResult) -> None:
            res = job_or_result.result if isinstance(job_or_result, _Job) else job_or_result
            if isinstance(job_or_result, _Job):
                res.seconds = time.monotonic() - job_or_result.started
            report.results.append(res)
            if on_result:
                on_result(res)

        def settle(job: _Job, filing: Filing | None = None, error: BaseException | str | None = None,
                   known_id: str | None = None) -> None:
            """The file's outcome is known: journal it, wait for it, or finish it (and its twins)."""
            res = job.result
            if error is not None:
                res.outcome = FAILED
                res.error = error if isinstance(error, str) else describe(error, self.client.base_url)
                if isinstance(error, BaseException) and fatal_for_run(error):
                    self.fatal = self.fatal or res.error
                    self._stop.set()
            elif filing is not None or known_id:
                res.filing_id = filing.id if filing else known_id
                if filing is not None:
                    res.status, res.case_id, res.case_name = filing.status, filing.case_id, filing.case_name
                    if filing.status == "failed":
                        res.error = filing.error_message or "processing failed"
                self.journal.record(job.item, job.sha, res.filing_id or "", res.status or "", res.outcome,
                                    res.case_id)
            for twin in job.twins:
                _as_twin(twin, res)
            group = [job, *job.twins]
            job.settled = True
            if (self.wait and not self._stop.is_set() and res.outcome != FAILED and res.filing_id and filing is not None
                    and not filing.terminal):
                job.waiting = True
                waiter.add(res.filing_id, group)
            else:
                for j in group:
                    finish(j)

        def submit(kind: str, fn: Callable[..., Any], *args: Any, payload: Any = None) -> None:
            executor = side if kind in ("prepare", "ask") else pool
            running[executor.submit(fn, *args)] = (kind, payload)

        def refill() -> None:
            busy = sum(1 for kind, _ in running.values() if kind == "prepare")
            while busy < self.workers * 2 and len(pending) < self.batch_size * 2 and not self._stop.is_set():
                item = next(queue, None)
                if item is None:
                    exhausted[0] = True
                    break
                if on_start:
                    on_start(item)
                submit("prepare", self._prepare, item, payload=item)
                busy += 1
            flush()

        def flush() -> None:
            asking = sum(1 for kind, _ in running.values() if kind == "ask")
            sending = sum(1 for kind, _ in running.values() if kind in ("put", "one"))
            hashing = any(kind == "prepare" for kind, _ in running.values())
            if not self.use_batch:  # one file per request: keep the senders busy, no more
                while pending and sending < self.workers * 2 and not self._stop.is_set():
                    job = pending.pop(0)
                    submit("one", self._one, job, on_bytes, payload=job)
                    sending += 1
                return
            while pending and not self._stop.is_set():
                # full, and not so far ahead of the senders that presigned URLs would expire
                full = len(pending) >= size[0] and sending < self.batch_size * 2
                idle = sending < self.workers and asking == 0  # the senders would starve: ask now
                last = exhausted[0] and not hashing
                if not (full or idle or last) or asking >= 2:
                    return
                batch, pending[:] = pending[:size[0]], pending[size[0]:]
                submit("ask", self._ask, batch, payload=batch)
                asking += 1
                size[0] = min(self.batch_size, size[0] * 2)

        def prepared(item: UploadItem, fut: Future[Any]) -> None:
            try:
                job = fut.result()
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
                res = FileResult(path=str(item.path), size=item.size, outcome=FAILED, hints=item.hints,
                                 error=str(exc) if str(exc) in (EMPTY_FILE, NOT_A_PDF) else describe(exc, self.client.base_url))
                finish(res)
                return
            done = self.journal.done(job.sha)
            if done and job.sha in self.journal.previous:
                job.result.outcome, job.result.filing_id = SKIPPED, done.get("filing_id")
                job.result.status, job.result.case_id = done.get("status"), done.get("case_id")
                finish(job)
                return
            if job.sha in self.journal.foreign:
                report.reverified += 1
                job.result.note = "the journal had it for another (or a reset) archive: verified by SHA-256"
            first = claimed.get(job.sha)
            if first is not None:  # the same bytes again: the first one's answer is this one's too
                if not first.settled:
                    first.twins.append(job)
                    return
                _as_twin(job, first.result)
                if first.waiting and first.result.filing_id and waiter.waits_for(first.result.filing_id):
                    waiter.add(first.result.filing_id, [job])
                else:
                    finish(job)
                return
            claimed[job.sha] = job
            pending.append(job)

        def answered(batch: list[_Job], fut: Future[Any]) -> None:
            try:
                answers = fut.result()
            except ArchiveError as exc:
                if _unsupported(exc):  # an older archive: per file from now on
                    self.use_batch = False
                    pending[:0] = batch
                    return
                for job in batch:
                    settle(job, error=exc)
                return
            except Exception as exc:  # noqa: BLE001
                for job in batch:
                    settle(job, error=exc)
                return
            for job, answer in zip(batch, answers):
                job.result.method = "batch"
                if answer.outcome == ARCHIVED:
                    job.result.outcome = EXISTS
                    settle(job, answer.filing, known_id=answer.id)
                elif answer.outcome == UPLOAD and answer.upload is not None:
                    submit("put", self._put, job, answer.upload, on_bytes, payload=(job, answer))
                else:
                    settle(job, error=answer.error_message)

        def put_done(job: _Job, answer: BatchAnswer, fut: Future[Any]) -> None:
            try:
                fut.result()
            except Exception as exc:  # noqa: BLE001
                settle(job, error=exc)
                return
            job.result.outcome = UPLOADED
            filing = answer.filing
            if filing is not None and filing.status == "awaiting_upload":
                filing = replace(filing, status="processing")
            settle(job, filing, known_id=answer.id)

        def one_done(job: _Job, fut: Future[Any]) -> None:
            try:
                filing = fut.result()
            except Exception as exc:  # noqa: BLE001
                settle(job, error=exc)
                return
            if filing is None:  # a dry run that would send it
                job.settled = True
                finish(job)
                for twin in job.twins:
                    twin.result.outcome = DUPLICATE
                    finish(twin)
                return
            settle(job, filing)

        def polled(filing_id: str, group: list[_Job], filing: Filing | None, note: str | None) -> None:
            if filing is not None and filing.terminal:
                self.journal.update_status(group[0].sha, filing.status, filing.case_id)
            for job in group:
                res = job.result
                if filing is not None:
                    res.status, res.case_id, res.case_name = filing.status, filing.case_id, filing.case_name
                    if filing.status == "failed":
                        res.error = filing.error_message or "processing failed"
                res.note = note or res.note
                finish(job)

        handlers = {"prepare": prepared, "ask": answered, "one": one_done}
        try:
            self._bind_archive(report)
            refill()
            while running or waiter.busy or (pending and not self._stop.is_set()):
                watched = set(running) | waiter.futures()
                if not watched:
                    if pending and not self._stop.is_set():
                        flush()
                        continue
                    waiter.idle()
                else:
                    done, _ = wait(watched, timeout=waiter.next_timeout(), return_when=FIRST_COMPLETED)
                    for fut in done:
                        if fut not in running:
                            continue
                        kind, payload = running.pop(fut)
                        if kind == "put":
                            put_done(payload[0], payload[1], fut)
                        else:
                            handlers[kind](payload, fut)
                for filing_id, group, filing, note in waiter.step():
                    polled(filing_id, group, filing, note)
                refill()
        except BaseException as exc:
            # Ctrl-C (or a callback raising): cancel what is queued, let what is in flight finish
            # (and be journaled), then report what got done.
            report.interrupted = True
            self._stop.set()
            for fut in running:
                fut.cancel()
            side.shutdown(wait=True, cancel_futures=True)
            pool.shutdown(wait=True, cancel_futures=True)
            waiter.close()
            on_result = None  # the callback that raised is not called again
            for fut, (kind, payload) in list(running.items()):
                if kind in ("put", "one") and fut.done() and not fut.cancelled():
                    put_done(payload[0], payload[1], fut) if kind == "put" else one_done(payload, fut)
            for group in waiter.groups():
                report.results.extend(j.result for j in group)  # accepted, not yet processed
            self._close(report, started, items)
            if not isinstance(exc, KeyboardInterrupt):
                raise
            return report
        side.shutdown(wait=True)
        pool.shutdown(wait=True)
        waiter.close()
        self._close(report, started, items)
        return report

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

    def _close(self, report: UploadReport, started: float, items: list[UploadItem]) -> None:
        self.journal.close()
        report.seconds = time.monotonic() - started
        report.aborted = self.fatal
        report.not_attempted = len(items) - len(report.results)
        report.api_calls = self.client.api_requests - self._requests_before
