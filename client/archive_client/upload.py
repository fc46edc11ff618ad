"""The bulk uploader: discover files, hash them, skip what the archive holds, upload the rest.

* Discovery: files, directories (recursive, ``*.pdf``) and manifests (``.csv``, ``.jsonl``/``.ndjson``)
  whose rows name a file and carry per-file hints (court, docket_number, document_number, …).
* Each file is hashed (SHA-256) first. A file whose SHA-256 is already in the journal, or that the
  archive already holds (``GET /filings?sha256=``), is not sent again.
* Small files (≤ 4 MB) go in the body of ``POST /filings``; larger ones through ``POST /uploads``
  and a presigned PUT. A 413 on the direct path falls back to the presigned one.
* Work runs on a thread pool; the API client retries 429/5xx/connection errors.
* Resumable: every accepted file is appended to a JSONL journal (sha256 → filing id/status, plus
  path/size/mtime so a rerun does not even re-hash unchanged files). An interrupted run can be
  rerun with the same arguments and sends only what is missing.
"""
from __future__ import annotations

import csv
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx

from .api import DIRECT_UPLOAD_LIMIT, ArchiveClient, ArchiveError, sha256_file
from .models import Filing

DEFAULT_JOURNAL = ".filings-upload.jsonl"
MANIFEST_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
HINT_FIELDS = ("court", "docket_number", "document_number", "attachment_number", "date_filed", "title",
               "document_type", "sealed")
PATH_FIELDS = ("path", "file", "filename", "filepath", "file_path")
_BOOL_TRUE = {"1", "true", "yes", "y", "t"}
_BOOL_FALSE = {"0", "false", "no", "n", "f"}


class ManifestError(ValueError):
    """A manifest row that cannot be understood; names the file and line."""


# ---------------------------------------------------------------------------------- discovery
@dataclass
class UploadItem:
    path: Path
    size: int
    hints: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the manifest (and line) the item came from, if any

    @property
    def filename(self) -> str:
        return self.path.name


def _normalise_hints(raw: dict[str, Any], where: str) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    for key, value in raw.items():
        if key is None:
            continue
        key = key.strip().lower()
        if key in PATH_FIELDS or key == "hints":
            continue
        if key not in HINT_FIELDS:
            raise ManifestError(f"{where}: unknown column {key!r} (hints: {', '.join(HINT_FIELDS)})")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            value = value.strip()
        if key == "sealed" and isinstance(value, str):
            if value.lower() in _BOOL_TRUE:
                value = True
            elif value.lower() in _BOOL_FALSE:
                value = False
            else:
                raise ManifestError(f"{where}: sealed must be true or false, not {value!r}")
        if key == "attachment_number" and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise ManifestError(f"{where}: attachment_number must be a whole number, not {value!r}") from None
        hints[key] = value
    return hints


def _manifest_rows(manifest: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(path as written, hints, "manifest:line") for every row of a CSV or JSONL manifest."""
    suffix = manifest.suffix.lower()
    if suffix == ".csv":
        with manifest.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            if not any(c in PATH_FIELDS for c in columns):
                raise ManifestError(f"{manifest}: no path column (one of {', '.join(PATH_FIELDS)})")
            for lineno, row in enumerate(reader, start=2):
                where = f"{manifest}:{lineno}"
                row = {(k or "").strip().lower(): v for k, v in row.items()}
                target = next((row[c] for c in PATH_FIELDS if row.get(c)), None)
                if not target:
                    if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                        continue  # blank line
                    raise ManifestError(f"{where}: the row has no path")
                yield target.strip(), _normalise_hints(row, where), where
        return
    with manifest.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{manifest}:{lineno}"
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{where}: not JSON ({exc.msg})") from None
            if isinstance(row, str):
                row = {"path": row}
            if not isinstance(row, dict):
                raise ManifestError(f"{where}: each line must be a JSON object")
            row = {str(k).lower(): v for k, v in row.items()}
            target = next((row[c] for c in PATH_FIELDS if row.get(c)), None)
            if not target:
                raise ManifestError(f"{where}: the row has no path")
            flat = {k: v for k, v in row.items() if k != "hints"}
            nested = row.get("hints") or {}
            if not isinstance(nested, dict):
                raise ManifestError(f"{where}: hints must be an object")
            yield str(target), _normalise_hints({**flat, **nested}, where), where


def is_manifest(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in MANIFEST_SUFFIXES


def discover(paths: Iterable[str | Path], *, pattern: str = "*.pdf") -> list[UploadItem]:
    """Files, directories (recursive, matching ``pattern``) and manifests → items, each path once.

    Missing paths raise ``FileNotFoundError``; a bad manifest raises :class:`ManifestError`.
    """
    items: list[UploadItem] = []
    seen: set[Path] = set()

    def add(path: Path, hints: dict[str, Any], source: str | None) -> None:
        resolved = path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        items.append(UploadItem(path=path, size=path.stat().st_size, hints=hints, source=source))

    def walk(directory: Path, hints: dict[str, Any], source: str | None) -> None:
        matches = [p for p in directory.rglob("*") if p.is_file() and _matches(p, pattern)]
        for p in sorted(matches):
            add(p, hints, source)

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(f"no such file or directory: {path}")
        if path.is_dir():
            walk(path, {}, None)
        elif is_manifest(path):
            for target, hints, where in _manifest_rows(path):
                target_path = Path(target).expanduser()
                if not target_path.is_absolute():
                    target_path = path.parent / target_path
                if not target_path.exists():
                    raise ManifestError(f"{where}: no such file: {target}")
                if target_path.is_dir():
                    walk(target_path, hints, where)
                else:
                    add(target_path, hints, where)
        else:
            add(path, {}, None)
    return items


def _matches(path: Path, pattern: str) -> bool:
    if path.name.startswith("."):
        return False
    return path.match(pattern) or path.name.lower().endswith(pattern.lstrip("*").lower())


# ---------------------------------------------------------------------------------- journal
class Journal:
    """Append-only JSONL: one line per file the archive accepted. Safe to share between threads.

    Entries from another archive URL are ignored, so one journal can serve several servers.
    """

    def __init__(self, path: Path | None, base_url: str) -> None:
        self.path = path
        self.base_url = base_url
        self.by_sha: dict[str, dict[str, Any]] = {}
        self.by_stat: dict[tuple[str, int, int], str] = {}
        self.previous: set[str] = set()  # SHA-256s journaled by earlier runs
        self._lock = threading.Lock()
        self._fh: Any = None
        if path is not None and path.exists():
            self._load(path)
            self.previous = set(self.by_sha)

    def _load(self, path: Path) -> None:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line torn by a crash mid-write
                if entry.get("url") != self.base_url or not entry.get("sha256"):
                    continue
                self.by_sha[entry["sha256"]] = entry
                if entry.get("path") and entry.get("size") is not None and entry.get("mtime_ns") is not None:
                    self.by_stat[(entry["path"], int(entry["size"]), int(entry["mtime_ns"]))] = entry["sha256"]

    def sha_for(self, path: Path) -> str | None:
        """The SHA-256 recorded for this exact file (same path, size and mtime), if any."""
        try:
            st = path.stat()
        except OSError:
            return None
        return self.by_stat.get((str(path.resolve()), st.st_size, st.st_mtime_ns))

    def done(self, sha256: str) -> dict[str, Any] | None:
        return self.by_sha.get(sha256)

    def record(self, item: UploadItem, sha256: str, filing_id: str, status: str, outcome: str) -> None:
        try:
            st = item.path.stat()
            size, mtime_ns = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime_ns = item.size, None
        entry = {"url": self.base_url, "sha256": sha256, "filing_id": filing_id, "status": status,
                 "outcome": outcome, "path": str(item.path.resolve()), "size": size, "mtime_ns": mtime_ns,
                 "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        with self._lock:
            self.by_sha[sha256] = entry
            if mtime_ns is not None:
                self.by_stat[(entry["path"], size, mtime_ns)] = sha256
            self._write(entry)

    def _write(self, entry: dict[str, Any]) -> None:  # holding the lock
        if self.path is None:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(json.dumps(entry) + "\n")
        self._fh.flush()

    def update_status(self, sha256: str, status: str) -> None:
        """Append the filing's newer status (the last line for a SHA-256 wins on load)."""
        entry = self.by_sha.get(sha256)
        if entry is None or entry.get("status") == status:
            return
        with self._lock:
            entry = {**entry, "status": status, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            self.by_sha[sha256] = entry
            self._write(entry)

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None


# ---------------------------------------------------------------------------------- results
#: Outcomes of one file. "failed" is the only one that makes the run fail, together with a
#: processing status of "failed" when waiting.
UPLOADED = "uploaded"        # sent, the archive accepted new bytes
EXISTS = "exists"            # the archive already held these bytes: nothing sent
DUPLICATE = "duplicate"      # sent (or asked to), and the archive said it had them
SKIPPED = "skipped"          # the journal says a previous run archived them: nothing asked
DRY_RUN = "would-upload"     # --dry-run: would have been sent
FAILED = "failed"            # could not be archived (error in `error`)


@dataclass
class FileResult:
    path: str
    size: int
    outcome: str
    sha256: str | None = None
    filing_id: str | None = None
    status: str | None = None  # the filing's processing status, when known
    method: str | None = None  # direct | presigned
    error: str | None = None
    note: str | None = None  # e.g. why waiting ended without a final status
    seconds: float = 0.0
    hints: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome != FAILED and self.status != "failed"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UploadReport:
    results: list[FileResult] = field(default_factory=list)
    started_at: str = ""
    seconds: float = 0.0
    interrupted: bool = False
    dry_run: bool = False
    aborted: str | None = None  # a fatal error stopped the run (401/403)
    not_attempted: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted and not self.aborted

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out

    def status_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            if r.status:
                out[r.status] = out.get(r.status, 0) + 1
        return out

    @property
    def bytes_sent(self) -> int:
        return sum(r.size for r in self.results if r.outcome == UPLOADED)

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at, "seconds": round(self.seconds, 3), "interrupted": self.interrupted,
            "dry_run": self.dry_run, "aborted": self.aborted, "not_attempted": self.not_attempted,
            "ok": self.ok, "counts": self.counts(), "statuses": self.status_counts(),
            "files": len(self.results), "failed": len(self.failed), "bytes_sent": self.bytes_sent,
            "results": [r.to_json() for r in self.results],
        }


# ---------------------------------------------------------------------------------- uploader
class Uploader:
    """Runs the upload of many files on a thread pool. UI-agnostic: progress goes to callbacks.

    ``on_result(result)`` is called on the calling thread as each file finishes. A
    ``KeyboardInterrupt`` (Ctrl-C, or raised from a callback) stops the run: queued files are
    cancelled, files in flight finish and are journaled, and the partial report comes back with
    ``interrupted=True``. Any other exception from a callback propagates the same way.
    """

    def __init__(self, client: ArchiveClient, *, workers: int = 8, journal: Journal | None = None,
                 direct_limit: int = DIRECT_UPLOAD_LIMIT, wait: bool = False, wait_timeout: float = 300.0,
                 dry_run: bool = False, check_server: bool = True) -> None:
        self.client = client
        self.workers = max(1, workers)
        self.journal = journal or Journal(None, client.base_url)
        self.direct_limit = direct_limit
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.dry_run = dry_run
        self.check_server = check_server
        self._stop = threading.Event()
        self.fatal: str | None = None  # why the run stopped early (e.g. a key without write scope)
        self._batch_lock = threading.Lock()
        self._batch: dict[str, threading.Event] = {}  # sha → done, for identical files in one run

    def stop(self) -> None:
        self._stop.set()

    # -- one file
    def upload_one(self, item: UploadItem) -> FileResult:
        started = time.monotonic()
        result = FileResult(path=str(item.path), size=item.size, outcome=FAILED, hints=item.hints)
        try:
            self._upload(item, result)
        except ArchiveError as exc:
            result.outcome, result.error = FAILED, str(exc)
            if exc.status in (401, 403):  # the key is wrong for every file: stop, don't repeat it 5,000 times
                self.fatal = self.fatal or str(exc)
                self._stop.set()
        except httpx.ConnectError as exc:  # retries exhausted and still no archive: stop, every file would fail
            result.outcome, result.error = FAILED, f"cannot connect to {self.client.base_url}: {exc}"
            self.fatal = self.fatal or result.error
            self._stop.set()
        except (OSError, ValueError, httpx.HTTPError) as exc:  # unreadable file, timeouts, bad JSON…
            result.outcome, result.error = FAILED, f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
            result.outcome, result.error = FAILED, f"{type(exc).__name__}: {exc}"
        result.seconds = time.monotonic() - started
        return result

    def _upload(self, item: UploadItem, result: FileResult) -> None:
        sha = self.journal.sha_for(item.path) or sha256_file(item.path)
        result.sha256 = sha
        item.size = result.size = item.path.stat().st_size
        done = self.journal.done(sha)
        if done:
            # Journaled by an earlier run → skipped; by this run → the same bytes under another name.
            outcome = SKIPPED if sha in self.journal.previous else DUPLICATE
            result.outcome, result.filing_id, result.status = outcome, done.get("filing_id"), done.get("status")
            return
        # Identical bytes twice in one run: the second waits for the first and reports a duplicate.
        with self._batch_lock:
            first = self._batch.get(sha)
            if first is None:
                self._batch[sha] = threading.Event()
        if first is not None:
            first.wait()
            prior = self.journal.done(sha)
            if prior:
                result.outcome, result.filing_id, result.status = DUPLICATE, prior.get("filing_id"), prior.get("status")
                return
        try:
            self._upload_new(item, sha, result)
        finally:
            if first is None:
                self._batch[sha].set()

    def _upload_new(self, item: UploadItem, sha: str, result: FileResult) -> None:
        if item.size == 0:
            raise ValueError("the file is empty")
        if self.check_server:
            existing = self.client.find_by_sha256(sha)
            if existing is not None:
                self._accepted(item, result, existing, EXISTS)
                return
        result.method = "direct" if item.size <= self.direct_limit else "presigned"
        if self.dry_run:
            result.outcome = DRY_RUN
            return
        filing: Filing | None = None
        if result.method == "direct":
            try:
                filing = self.client.upload_direct(item.path.read_bytes(), filename=item.filename,
                                                   hints=item.hints, idempotency_key=sha)
            except ArchiveError as exc:
                if exc.status != 413:
                    raise
                result.method = "presigned"
        if filing is None:
            filing = self._upload_presigned(item, sha)
        self._accepted(item, result, filing, DUPLICATE if filing.duplicate else UPLOADED)

    def _upload_presigned(self, item: UploadItem, sha: str) -> Filing:
        for attempt in range(2):
            ticket = self.client.request_upload(size=item.size, sha256=sha, filename=item.filename,
                                                hints=item.hints, idempotency_key=sha)
            if ticket.duplicate or ticket.upload is None:
                return _with_duplicate(ticket.filing) if ticket.duplicate else ticket.filing
            try:
                self.client.put_presigned(ticket, item.path)
            except ArchiveError as exc:
                # S3 refuses an expired signature with 403 (400 for some errors): ask for a fresh URL once.
                if attempt == 0 and exc.status in (400, 403):
                    continue
                raise
            status = ticket.filing.status
            return _with_status(ticket.filing, "processing" if status == "awaiting_upload" else status)
        raise AssertionError("unreachable")

    def _accepted(self, item: UploadItem, result: FileResult, filing: Filing, outcome: str) -> None:
        result.outcome, result.filing_id, result.status = outcome, filing.id, filing.status
        if filing.status == "failed":
            result.error = filing.error_message or "processing failed"
        self.journal.record(item, result.sha256 or filing.sha256, filing.id, filing.status, outcome)

    def _needs_wait(self, result: FileResult) -> bool:
        return (self.wait and not self.dry_run and result.filing_id is not None
                and result.outcome != FAILED and result.status not in ("ready", "failed"))

    def _settle(self, result: FileResult, filing: Filing | None, error: str | None) -> None:
        if filing is not None:
            result.status = filing.status
            if filing.status == "failed":
                result.error = filing.error_message or "processing failed"
            elif not filing.terminal:
                result.note = f"still {filing.status} after waiting {self.wait_timeout:.0f}s"
        if error:
            result.note = error

    # -- many files
    def run(self, items: list[UploadItem], *, on_start: Callable[[UploadItem], None] | None = None,
            on_result: Callable[[FileResult], None] | None = None) -> UploadReport:
        """Upload ``items``; with ``wait``, also poll each new filing until it is processed.

        Waiting never holds an upload slot: uploads keep flowing while a small poller pool
        checks the filings already sent (each at a growing interval, 0.5 s up to 5 s).
        """
        report = UploadReport(started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              dry_run=self.dry_run)
        started = time.monotonic()

        def task(item: UploadItem) -> FileResult | None:
            if self._stop.is_set():
                return None
            if on_start:
                on_start(item)
            return self.upload_one(item)

        def finish(res: FileResult) -> None:
            report.results.append(res)
            if on_result:
                on_result(res)

        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="upload")
        pollers = ThreadPoolExecutor(max_workers=min(4, self.workers), thread_name_prefix="upload-poll")
        uploads: set[Future[FileResult | None]] = set()
        polls: dict[Future[Filing], str] = {}
        waiting: dict[str, list[FileResult]] = {}  # filing id → the results waiting on it
        schedule: dict[str, tuple[float, float, float]] = {}  # filing id → (next poll, interval, deadline)
        queue = iter(items)

        def refill() -> None:
            # At most 2×workers submitted, so a stop leaves little to cancel.
            while len(uploads) < self.workers * 2 and not self._stop.is_set():
                item = next(queue, None)
                if item is None:
                    return
                uploads.add(pool.submit(task, item))

        def start_wait(res: FileResult) -> None:
            fid = res.filing_id
            assert fid is not None
            if fid not in waiting:
                now = time.monotonic()
                schedule[fid] = (now + 0.3, 0.5, now + self.wait_timeout)
            waiting.setdefault(fid, []).append(res)

        def submit_due_polls() -> None:
            now = time.monotonic()
            busy = set(polls.values())
            for fid, (due, _, _) in list(schedule.items()):
                if due <= now and fid not in busy:
                    polls[pollers.submit(self.client.get_filing, fid)] = fid

        def settle_poll(fut: Future[Filing]) -> None:
            fid = polls.pop(fut)
            due, interval, deadline = schedule[fid]
            filing, error = None, None
            try:
                filing = fut.result()
            except Exception as exc:  # noqa: BLE001 - a failed poll is retried until the deadline
                error = f"while waiting: {exc}"
            now = time.monotonic()
            if filing is not None and filing.terminal:
                error = None
            elif now < deadline:
                schedule[fid] = (now + interval, min(5.0, interval * 1.5), deadline)
                return
            # else: the deadline passed. Not a failure: the archive holds the bytes and reports the
            # filing's status as it stands ("processing", or "awaiting_upload" behind a backlog).
            del schedule[fid]
            group = waiting.pop(fid)
            if filing is not None and filing.terminal:  # journal the final status too
                self.journal.update_status(filing.sha256 or (group[0].sha256 or ""), filing.status)
            for res in group:
                self._settle(res, filing, error)
                finish(res)

        try:
            refill()
            while uploads or waiting:
                submit_due_polls()
                timeout = None
                if schedule and not polls:
                    timeout = max(0.0, min(d for d, _, _ in schedule.values()) - time.monotonic())
                elif schedule:
                    timeout = 0.5
                watched: set[Future[Any]] = set(uploads) | set(polls)
                if not watched:
                    time.sleep(timeout or 0.0)
                    continue
                done, _ = wait(watched, timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    if fut in polls:
                        settle_poll(fut)  # type: ignore[arg-type]
                        continue
                    uploads.discard(fut)  # type: ignore[arg-type]
                    res = fut.result()
                    if res is None:
                        continue
                    if self._needs_wait(res):
                        start_wait(res)
                    else:
                        finish(res)
                refill()
        except BaseException as exc:
            # Ctrl-C (or a callback raising): cancel what is queued, let what is in flight finish
            # (and be journaled), then report what got done.
            report.interrupted = True
            self._stop.set()
            for fut in uploads:
                fut.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            pollers.shutdown(wait=False, cancel_futures=True)
            for fut in uploads:
                if fut.done() and not fut.cancelled() and fut.exception() is None and fut.result() is not None:
                    report.results.append(fut.result())  # type: ignore[arg-type]
            for group in waiting.values():
                report.results.extend(group)  # accepted, not yet processed
            self.journal.close()
            report.seconds = time.monotonic() - started
            report.not_attempted = len(items) - len(report.results)
            if not isinstance(exc, KeyboardInterrupt):
                raise
            return report
        pool.shutdown(wait=True)
        pollers.shutdown(wait=True)
        self.journal.close()
        report.seconds = time.monotonic() - started
        report.aborted = self.fatal
        report.not_attempted = len(items) - len(report.results)
        return report


def _with_status(filing: Filing, status: str) -> Filing:
    from dataclasses import replace

    return replace(filing, status=status)


def _with_duplicate(filing: Filing) -> Filing:
    from dataclasses import replace

    return replace(filing, duplicate=True)


def journal_path(state: str | os.PathLike[str] | None) -> Path:
    return Path(state) if state else Path.cwd() / DEFAULT_JOURNAL
